"""Deadlines: rows with a `due_at`, claimed once by whichever worker's sweeper gets there.

On PostgreSQL a claim is `SELECT ... FOR UPDATE SKIP LOCKED` inside the caller's
transaction: the row stays locked while the deadline's work runs and is marked
fired in the same transaction, so it fires exactly once even with many workers,
and a worker that dies mid-way releases it by rolling back. SQLite serialises
writers (`BEGIN IMMEDIATE`), which gives the same guarantee for one process.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, update

from domain.models import Deadline
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import deadlines


class SqlDeadlineRepo(SqlRepo):
    async def schedule(self, kind: str, ref_id: int, due_at: datetime) -> None:
        await self._s.execute(deadlines.insert().values(kind=kind, ref_id=ref_id, due_at=due_at))

    async def schedule_many(self, due: Iterable[tuple[str, int, datetime]]) -> None:
        rows = [{"kind": kind, "ref_id": ref_id, "due_at": at} for kind, ref_id, at in due]
        if rows:  # one executemany of a statement built once: the driver sends it at once
            await self._s.execute(_SCHEDULE, rows)

    async def claim_due(self, now: datetime, limit: int = 1) -> list[Deadline]:
        stmt = (
            select(deadlines.c.id, deadlines.c.kind, deadlines.c.ref_id, deadlines.c.due_at)
            .where(deadlines.c.fired_at.is_(None), deadlines.c.due_at <= now)
            .order_by(deadlines.c.due_at, deadlines.c.id)
            .limit(limit)
        )
        if self._dialect == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = await self._s.execute(stmt)
        return [Deadline(r.id, r.kind, r.ref_id, r.due_at) for r in rows]

    async def mark_fired(self, deadline_id: int, now: datetime, worker: str = "") -> None:
        await self._s.execute(
            update(deadlines)
            .where(deadlines.c.id == deadline_id)
            .values(fired_at=now, claimed_at=now, claimed_by=worker[:64] or None)
        )

    async def cancel(self, kind: str, ref_id: int, now: datetime) -> None:
        """Settle the pending deadlines of one kind for one thing (e.g. an order taken)."""
        await self._s.execute(
            update(deadlines)
            .where(
                deadlines.c.kind == kind,
                deadlines.c.ref_id == ref_id,
                deadlines.c.fired_at.is_(None),
            )
            .values(fired_at=now, claimed_by="cancelled")
        )

    async def next_due(self) -> datetime | None:
        stmt = select(func.min(deadlines.c.due_at)).where(deadlines.c.fired_at.is_(None))
        return (await self._s.execute(stmt)).scalar()

    async def pending(self, kind: str, ref_id: int) -> list[Deadline]:
        rows = await self._s.execute(
            select(deadlines.c.id, deadlines.c.kind, deadlines.c.ref_id, deadlines.c.due_at)
            .where(
                deadlines.c.kind == kind,
                deadlines.c.ref_id == ref_id,
                deadlines.c.fired_at.is_(None),
            )
            .order_by(deadlines.c.due_at)
        )
        return [Deadline(r.id, r.kind, r.ref_id, r.due_at) for r in rows]


_SCHEDULE = deadlines.insert()
