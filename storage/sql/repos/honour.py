"""The monthly honour list: sums of ledger entries in a period, per household and volunteer."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select

from domain.ledger_models import AccountKind, TxKind
from domain.ports.honour import HonourLine
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import (
    households,
    ledger_accounts,
    ledger_entries,
    ledger_transactions,
    teams,
    users,
    volunteers,
)

HOUSEHOLD_KINDS = (str(TxKind.AWARD), str(TxKind.DEDUCT))
VOLUNTEER_KINDS = (str(TxKind.EARN), str(TxKind.ADJUST))


class SqlHonourRepo(SqlRepo):
    async def households(
        self, site_ids: Iterable[int] | None, start: datetime, end: datetime, limit: int
    ) -> list[HonourLine]:
        owner = households.c.id
        stmt = self._sums(AccountKind.HOUSEHOLD, HOUSEHOLD_KINDS, start, end).join(
            households, households.c.id == ledger_accounts.c.owner_id
        )
        stmt = stmt.join(users, users.c.id == households.c.head_id)
        site = households.c.site_id
        return await self._lines(stmt, owner, site, site_ids, limit)

    async def volunteers(
        self, site_ids: Iterable[int] | None, start: datetime, end: datetime, limit: int
    ) -> list[HonourLine]:
        stmt = self._sums(AccountKind.PERSON, VOLUNTEER_KINDS, start, end)
        stmt = stmt.join(volunteers, volunteers.c.user_id == ledger_accounts.c.owner_id)
        stmt = stmt.join(teams, teams.c.id == volunteers.c.team_id)
        stmt = stmt.join(users, users.c.id == volunteers.c.user_id)
        return await self._lines(stmt, volunteers.c.user_id, teams.c.site_id, site_ids, limit)

    def _sums(
        self, kind: AccountKind, tx_kinds: tuple[str, ...], start: datetime, end: datetime
    ) -> Any:
        return (
            select(ledger_entries.c.amount, ledger_accounts.c.owner_id)
            .select_from(ledger_entries)
            .join(ledger_accounts, ledger_accounts.c.id == ledger_entries.c.account_id)
            .join(
                ledger_transactions,
                and_(
                    ledger_transactions.c.id == ledger_entries.c.transaction_id,
                    ledger_transactions.c.kind.in_(tx_kinds),
                    # An entry's `at` is its transaction's: the same month on both
                    # sides lets the (kind, at) index read only the month's.
                    ledger_transactions.c.at >= start,
                    ledger_transactions.c.at < end,
                ),
            )
            .where(
                ledger_accounts.c.kind == str(kind),
                ledger_entries.c.at >= start,
                ledger_entries.c.at < end,
            )
        )

    async def _lines(
        self, stmt: Any, owner: Any, site: Any, site_ids: Iterable[int] | None, limit: int
    ) -> list[HonourLine]:
        total = func.sum(ledger_entries.c.amount).label("points")
        stmt = stmt.with_only_columns(
            owner.label("owner"), users.c.first_name, site.label("site"), total
        )
        if site_ids is not None:
            stmt = stmt.where(site.in_(list(site_ids)))
        stmt = (
            stmt.group_by(owner, users.c.first_name, site)
            .having(func.sum(ledger_entries.c.amount) > 0)
            .order_by(total.desc(), owner)
            .limit(limit)
        )
        return [
            HonourLine(int(r.owner), r.first_name or "", int(r.site), int(r.points))
            for r in await self._s.execute(stmt)
        ]
