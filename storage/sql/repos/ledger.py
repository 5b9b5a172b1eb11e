"""The ledger: balanced transactions, balances moved in the same transaction.

A post inserts the transaction and its entries and moves each account's balance
in SQL (never read-modify-write), accounts in id order so two posts at once lock
the balance rows they share in the same order. A debit of an account that may not
go negative is `UPDATE ... WHERE balance + :amount >= 0`: on PostgreSQL a second
debit waits for the first to commit and re-checks the new balance; on SQLite
writers are serialised already. Balance reads are one primary-key look-up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from domain.errors import Refused
from domain.ledger_models import (
    MAY_GO_NEGATIVE,
    MINUTES,
    Account,
    AccountKind,
    Entry,
    LedgerTx,
    Posting,
    Rules,
    TaskLine,
    TxKind,
    check_balanced,
)
from domain.models import OrderStatus
from storage.sql.repos import honour_points, ledger_rollups
from storage.sql.repos.base import ZonedRepo
from storage.sql.tables import (
    ledger_accounts,
    ledger_balances,
    ledger_entries,
    ledger_rules,
    ledger_transactions,
    orders,
)

RULES_KEY = "recognition"


class SqlLedgerRepo(ZonedRepo):
    async def post(self, posting: Posting, at: datetime) -> int:
        check_balanced(posting.entries)
        tx_id = (
            await self._s.execute(
                ledger_transactions.insert()
                .values(
                    at=at,
                    kind=str(posting.kind),
                    ref=posting.ref,
                    actor_id=posting.actor_id,
                    reason=posting.reason,
                    reverses_id=posting.reverses,
                )
                .returning(ledger_transactions.c.id)
            )
        ).scalar_one()
        ids = {a: await self._account_id(a) for a in sorted({e.account for e in posting.entries})}
        await self._s.execute(
            ledger_entries.insert(),
            [
                {
                    "transaction_id": tx_id,
                    "account_id": ids[e.account],
                    "amount": e.amount,
                    "at": at,
                }
                for e in posting.entries
            ],
        )
        moves: dict[Account, int] = defaultdict(int)
        for entry in posting.entries:
            moves[entry.account] += entry.amount
        for account in sorted(moves, key=lambda a: ids[a]):
            await self._move(account, ids[account], moves[account])
        # Hours and points by site and day for `/stats`, in the same transaction.
        await ledger_rollups.add_posting(self._s, self._dialect, self._tz, posting, at)
        # Points by account and month for the honour list, likewise.
        await honour_points.add_posting(self._s, self._dialect, self._tz, posting, at, ids)
        return int(tx_id)

    async def _move(self, account: Account, account_id: int, amount: int) -> None:
        if amount < 0 and account.kind not in MAY_GO_NEGATIVE:
            moved = await self._s.execute(
                update(ledger_balances)
                .where(
                    ledger_balances.c.account_id == account_id,
                    ledger_balances.c.balance + amount >= 0,
                )
                .values(balance=ledger_balances.c.balance + amount)
            )
            if moved.rowcount != 1:
                raise Refused(
                    "not-enough-points" if account.unit == "points" else "not-enough-hours"
                )
            return
        stmt = self._insert(ledger_balances).values(account_id=account_id, balance=amount)
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=[ledger_balances.c.account_id],
                set_={"balance": ledger_balances.c.balance + stmt.excluded.balance},
            )
        )

    async def _account_id(self, account: Account) -> int:
        found = await self._find(account)
        if found is not None:
            return found
        await self._s.execute(
            self._insert(ledger_accounts)
            .values(kind=str(account.kind), owner_id=account.owner)
            .on_conflict_do_nothing()
        )
        made = await self._find(account)
        assert made is not None
        return made

    async def _find(self, account: Account) -> int | None:
        stmt = select(ledger_accounts.c.id).where(
            ledger_accounts.c.kind == str(account.kind),
            ledger_accounts.c.owner_id == account.owner,
        )
        return (await self._s.execute(stmt)).scalar_one_or_none()

    async def balance(self, account: Account, *, lock: bool = False) -> int:
        stmt = (
            select(ledger_balances.c.balance)
            .join(ledger_accounts, ledger_accounts.c.id == ledger_balances.c.account_id)
            .where(
                ledger_accounts.c.kind == str(account.kind),
                ledger_accounts.c.owner_id == account.owner,
            )
        )
        if lock and self._dialect == "postgresql":
            stmt = stmt.with_for_update(of=ledger_balances)
        return int((await self._s.execute(stmt)).scalar_one_or_none() or 0)

    async def balances(self, accounts: Sequence[Account]) -> dict[Account, int]:
        if not accounts:
            return {}
        wanted = or_(
            *(
                and_(ledger_accounts.c.kind == str(a.kind), ledger_accounts.c.owner_id == a.owner)
                for a in accounts
            )
        )
        stmt = (
            select(ledger_accounts.c.kind, ledger_accounts.c.owner_id, ledger_balances.c.balance)
            .join(ledger_balances, ledger_balances.c.account_id == ledger_accounts.c.id)
            .where(wanted)
        )
        found = {
            Account(AccountKind(r.kind), int(r.owner_id)): int(r.balance)
            for r in await self._s.execute(stmt)
        }
        return {a: found.get(a, 0) for a in accounts}

    async def received_since(self, account: Account, since: datetime) -> int:
        account_id = await self._find(account)
        if account_id is None:
            return 0
        stmt = select(func.coalesce(func.sum(ledger_entries.c.amount), 0)).where(
            ledger_entries.c.account_id == account_id, ledger_entries.c.at >= since
        )
        return int((await self._s.execute(stmt)).scalar_one())

    async def get(self, tx_id: int) -> LedgerTx | None:
        row = (
            await self._s.execute(
                select(ledger_transactions).where(ledger_transactions.c.id == tx_id)
            )
        ).first()
        if row is None:
            return None
        return (await self._with_entries([row]))[0]

    async def _with_entries(self, rows: Sequence[Any]) -> list[LedgerTx]:
        ids = [r.id for r in rows]
        stmt = (
            select(
                ledger_entries.c.transaction_id,
                ledger_entries.c.amount,
                ledger_accounts.c.kind,
                ledger_accounts.c.owner_id,
            )
            .join(ledger_accounts, ledger_accounts.c.id == ledger_entries.c.account_id)
            .where(ledger_entries.c.transaction_id.in_(ids))
            .order_by(ledger_entries.c.id)
        )
        entries: dict[int, list[Entry]] = defaultdict(list)
        for e in await self._s.execute(stmt):
            account = Account(AccountKind(e.kind), int(e.owner_id))
            entries[e.transaction_id].append(Entry(account, int(e.amount)))
        return [
            LedgerTx(
                id=r.id,
                at=r.at,
                kind=TxKind(r.kind),
                entries=tuple(entries[r.id]),
                ref=r.ref,
                actor_id=r.actor_id,
                reason=r.reason,
                reverses=r.reverses_id,
            )
            for r in rows
        ]

    async def reversed_by(self, tx_id: int) -> int | None:
        stmt = select(ledger_transactions.c.id).where(ledger_transactions.c.reverses_id == tx_id)
        return (await self._s.execute(stmt)).scalar_one_or_none()

    async def history(self, account: Account, limit: int = 20) -> list[LedgerTx]:
        account_id = await self._find(account)
        if account_id is None:
            return []
        mine = (
            select(ledger_entries.c.transaction_id)
            .where(ledger_entries.c.account_id == account_id)
            .order_by(ledger_entries.c.transaction_id.desc())
            .limit(limit)
        )
        stmt = (
            select(ledger_transactions)
            .where(ledger_transactions.c.id.in_(mine.scalar_subquery()))
            .order_by(ledger_transactions.c.id.desc())
        )
        return await self._with_entries(list(await self._s.execute(stmt)))

    async def rules(self) -> Rules:
        stmt = select(ledger_rules.c.value).where(ledger_rules.c.key == RULES_KEY)
        value = (await self._s.execute(stmt)).scalar_one_or_none()
        return Rules() if value is None else Rules.from_data(dict(value))

    async def set_rules(self, rules: Rules) -> None:
        stmt = self._insert(ledger_rules).values(key=RULES_KEY, value=rules.to_data())
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=[ledger_rules.c.key], set_={"value": stmt.excluded.value}
            )
        )

    async def recent_tasks(self, volunteer_id: int, limit: int) -> list[TaskLine]:
        finished = [str(OrderStatus.DONE), str(OrderStatus.RATED)]
        stmt = (
            select(
                orders.c.id,
                orders.c.service_id,
                orders.c.updated_at,
                orders.c.rating,
            )
            .where(orders.c.volunteer_id == volunteer_id, orders.c.status.in_(finished))
            .order_by(orders.c.id.desc())
            .limit(limit)
        )
        found = list(await self._s.execute(stmt))
        # The hours the ledger credited for each (a visit that did not happen: none).
        credited = await ledger_rollups.minutes_by_ref(self._s, [f"order:{r.id}" for r in found])
        return [
            TaskLine(
                r.id,
                r.service_id,
                r.updated_at,
                credited[f"order:{r.id}"] / MINUTES if f"order:{r.id}" in credited else None,
                r.rating,
            )
            for r in found
        ]

    async def totals(self) -> dict[str, int]:
        stmt = (
            select(ledger_accounts.c.kind, func.sum(ledger_entries.c.amount), func.count())
            .join(ledger_accounts, ledger_accounts.c.id == ledger_entries.c.account_id)
            .group_by(ledger_accounts.c.kind)
        )
        sums: dict[str, int] = defaultdict(int)
        for kind, total, count in await self._s.execute(stmt):
            sums[str(Account(AccountKind(kind)).unit)] += int(total)
            sums["entries"] += int(count)
        return dict(sums)
