"""Deadlines and volunteer tallies, on SQLite and PostgreSQL.

The promise under test: a due deadline is claimed by exactly one transaction at a
time, and once fired it never comes back.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


async def test_only_due_unfired_deadlines_are_claimed_oldest_first(db: SqlDatabase) -> None:
    async with db.transaction() as tx:
        await tx.deadlines.schedule("wave", 1, NOW + timedelta(minutes=5))
        await tx.deadlines.schedule("rate", 2, NOW - timedelta(minutes=1))
        await tx.deadlines.schedule("wave", 3, NOW - timedelta(minutes=2))
    async with db.transaction() as tx:
        due = await tx.deadlines.claim_due(NOW, limit=10)
        assert [(d.kind, d.ref_id) for d in due] == [("wave", 3), ("rate", 2)]
        assert due[0].due_at.tzinfo is not None
        await tx.deadlines.mark_fired(due[0].id, NOW, "w1")
    async with db.transaction() as tx:
        assert [d.ref_id for d in await tx.deadlines.claim_due(NOW, limit=10)] == [2]
        assert await tx.deadlines.next_due() == NOW - timedelta(minutes=1)


async def test_cancel_settles_only_that_kind_for_that_thing(db: SqlDatabase) -> None:
    async with db.transaction() as tx:
        await tx.deadlines.schedule("wave", 7, NOW)
        await tx.deadlines.schedule("dispatch", 7, NOW)
        await tx.deadlines.schedule("wave", 8, NOW)
        await tx.deadlines.cancel("wave", 7, NOW)
        assert await tx.deadlines.pending("wave", 7) == []
        assert len(await tx.deadlines.pending("dispatch", 7)) == 1
        assert len(await tx.deadlines.pending("wave", 8)) == 1


async def test_concurrent_claimers_never_share_a_deadline(db: SqlDatabase) -> None:
    async with db.transaction() as tx:
        for ref in range(6):
            await tx.deadlines.schedule("wave", ref, NOW - timedelta(seconds=ref))
    start = asyncio.Event()
    fired: list[int] = []

    async def sweep() -> None:
        await start.wait()
        while True:
            async with db.transaction() as tx:
                due = await tx.deadlines.claim_due(NOW, limit=1)
                if not due:
                    return
                fired.append(due[0].ref_id)
                await tx.deadlines.mark_fired(due[0].id, NOW)

    workers = [asyncio.create_task(sweep()) for _ in range(4)]
    start.set()
    await asyncio.gather(*workers)
    assert sorted(fired) == list(range(6))  # each once, none twice


async def test_tallies_add_up_and_availability_filters_candidates(
    db: SqlDatabase, world: World
) -> None:
    first, second, _ = world.volunteers
    async with db.transaction() as tx:
        await tx.volunteers.tally(first, open_tasks=1, task_at=NOW)
        await tx.volunteers.tally(first, open_tasks=1, rating=5)
        await tx.volunteers.tally(first, open_tasks=-1, rating=3)
        await tx.volunteers.set_quiet(first, 22 * 60, 7 * 60)
        await tx.volunteers.set_available(second, False)
    async with db.transaction() as tx:
        volunteer = await tx.volunteers.get(first)
        assert volunteer is not None
        assert (volunteer.open_tasks, volunteer.rating_total, volunteer.rating_count) == (1, 8, 2)
        assert volunteer.last_task_at == NOW
        assert (volunteer.quiet_start, volunteer.quiet_end) == (22 * 60, 7 * 60)
        found = await tx.volunteers.candidates("civility", [11, 10])
        assert second not in [v.user_id for v in found]
        assert first in [v.user_id for v in found]
