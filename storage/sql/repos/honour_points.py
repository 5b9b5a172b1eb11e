"""Points by account and county month, for the honour list (光荣榜).

The list ranks households and volunteers by the points a month brought them: awards
and deductions for a household, service earned and coordinators' adjustments for a
volunteer. Summed from the entries, a county month is some 300,000 rows and about a
second; `ledger_month_points` keeps one row per account, month and transaction kind
instead, added to by `SqlLedgerRepo.post` (`add_posting`) in the transaction of the
post, so it never disagrees with the entries. Migration 0028 filled it from the
entries already there. A reversal is a transaction of its own kind, counted nowhere
here, as the list never counted it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from domain.ledger_models import Account, AccountKind, Posting, TxKind
from storage.sql.repos.base import insert_for
from storage.sql.tables import ledger_month_points

# The kinds of transaction the honour list counts, by the account they land on.
COUNTED = {
    AccountKind.HOUSEHOLD: (TxKind.AWARD, TxKind.DEDUCT),
    AccountKind.PERSON: (TxKind.EARN, TxKind.ADJUST),
}


def month_of(moment: datetime, tz: ZoneInfo) -> date:
    """The first day of the county month `moment` falls in."""
    return moment.astimezone(tz).date().replace(day=1)


async def add_posting(
    session: AsyncConnection,
    dialect: str,
    tz: ZoneInfo,
    posting: Posting,
    at: datetime,
    ids: dict[Account, int],
) -> None:
    moved: dict[int, int] = defaultdict(int)
    for entry in posting.entries:
        if posting.kind in COUNTED.get(entry.account.kind, ()):
            moved[ids[entry.account]] += entry.amount
    if not moved:
        return
    month = month_of(at, tz)
    for account_id in sorted(moved):  # rows taken in account-id order, as the balances
        stmt = insert_for(dialect, ledger_month_points).values(
            account_id=account_id, month=month, kind=str(posting.kind), points=moved[account_id]
        )
        await session.execute(
            stmt.on_conflict_do_update(
                index_elements=[
                    ledger_month_points.c.account_id,
                    ledger_month_points.c.month,
                    ledger_month_points.c.kind,
                ],
                set_={"points": ledger_month_points.c.points + stmt.excluded.points},
            )
        )
