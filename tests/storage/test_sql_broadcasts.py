"""`SqlBroadcastRepo` on SQLite and PostgreSQL: recipients claimed once across
concurrent claimers, statuses compare-and-set, progress edits taken by one worker."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from domain.broadcast_models import BroadcastStatus, RecipientStatus
from domain.models import OrderDraft
from domain.when import When
from storage import SqlDatabase
from tests.storage.conftest import World

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
S = BroadcastStatus


async def _made(db: SqlDatabase, people: list[int], status: S = S.SENDING) -> int:
    async with db.transaction() as tx:
        made = await tx.broadcasts.create(
            7, "announce", "你好", (((("报名", "m:help"),),)), status, T0, people
        )
    return made.id


async def test_create_stores_one_row_per_person_and_the_buttons(db: SqlDatabase) -> None:
    broadcast_id = await _made(db, [3, 1, 2, 3])
    async with db.read() as tx:
        got = await tx.broadcasts.get(broadcast_id)
        tally = await tx.broadcasts.tally(broadcast_id)
    assert got is not None and got.total == 3 and got.buttons == ((("报名", "m:help"),),)
    assert (tally.total, tally.left, tally.sent) == (3, 3, 0)


async def test_concurrent_claims_never_share_a_recipient(db: SqlDatabase) -> None:
    people = list(range(1000, 1200))
    broadcast_id = await _made(db, people)

    async def claimer(worker: str) -> list[int]:
        got: list[int] = []
        while True:
            async with db.transaction() as tx:
                batch = await tx.broadcasts.claim(broadcast_id, worker, T0, 7)
            if not batch:
                return got
            got += batch

    batches = await asyncio.gather(*(claimer(f"w{i}") for i in range(4)))
    claimed = [p for batch in batches for p in batch]
    assert sorted(claimed) == people  # every one, once


async def test_mark_expire_cancel_and_tally(db: SqlDatabase) -> None:
    broadcast_id = await _made(db, [1, 2, 3, 4, 5, 6])
    async with db.transaction() as tx:
        assert await tx.broadcasts.claim(broadcast_id, "a", T0, 3) == [1, 2, 3]
        results = {1: str(RecipientStatus.SENT), 2: str(RecipientStatus.UNREACHABLE)}
        await tx.broadcasts.mark(broadcast_id, results, T0)
        assert await tx.broadcasts.claim(broadcast_id, "b", T0 + timedelta(minutes=20), 1) == [4]
        # Claims older than the lease: 3 (worker a died), not 4.
        assert await tx.broadcasts.expire_claims(broadcast_id, T0 + timedelta(minutes=10)) == 1
        assert await tx.broadcasts.cancel_pending(broadcast_id) == 2  # 5 and 6
        tally = await tx.broadcasts.tally(broadcast_id)
    assert (tally.sent, tally.unreachable, tally.failed, tally.left) == (1, 1, 1, 1)


async def test_status_moves_are_compare_and_set(db: SqlDatabase) -> None:
    broadcast_id = await _made(db, [1], S.DRAFT)
    async with db.transaction() as tx:
        assert await tx.broadcasts.move(broadcast_id, S.SENDING, [S.DRAFT], T0, 42)
        assert not await tx.broadcasts.move(broadcast_id, S.SENDING, [S.DRAFT], T0)
        assert await tx.broadcasts.sending() == [broadcast_id]
        got = await tx.broadcasts.get(broadcast_id)
    assert got is not None and got.status is S.SENDING and got.progress_message == 42


async def test_progress_is_taken_once_per_interval(db: SqlDatabase) -> None:
    broadcast_id = await _made(db, [1])
    every = timedelta(seconds=3)
    async with db.transaction() as tx:
        assert await tx.broadcasts.progress_due(broadcast_id, T0, T0 - every)
        later = T0 + timedelta(seconds=1)
        assert not await tx.broadcasts.progress_due(broadcast_id, later, later - every)
        later = T0 + timedelta(seconds=4)
        assert await tx.broadcasts.progress_due(broadcast_id, later, later - every)


async def test_audiences(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        assert sorted(await tx.broadcasts.volunteers_at([11])) == [901, 902]
        assert sorted(await tx.broadcasts.volunteers_at([10, 11])) == [901, 902, 903]
        assert sorted(await tx.broadcasts.volunteers_at(None)) == [901, 902, 903]
        assert await tx.broadcasts.volunteers_of(world.station_team_id) == [903]
        draft = OrderDraft(world.resident, world.service_id, 11, When(T0.date()), "")
        await tx.orders.create(draft, "civility", T0)
        assert await tx.broadcasts.residents_at([11], T0 - timedelta(days=1)) == [500]
        assert await tx.broadcasts.residents_at([21], T0 - timedelta(days=1)) == []
        assert await tx.broadcasts.residents_at(None, T0 + timedelta(days=1)) == []
