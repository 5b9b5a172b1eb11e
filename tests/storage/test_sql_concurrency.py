"""Regression guard for the design's central promise: ten Accepts, one winner."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from domain.models import LocalName, Order, OrderDraft, OrderStatus
from storage.sql import SqlDatabase
from tests.days import TODAY

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
RACERS = range(910, 920)


async def test_ten_concurrent_accepts_one_winner(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        for user_id in RACERS:
            await tx.users.upsert(user_id, f"V{user_id}", None)
            await tx.volunteers.upsert(user_id, world.team_id)
        draft = OrderDraft(world.resident, world.service_id, 11, TODAY)
        order = await tx.orders.create(draft, "civility", NOW)
        await tx.orders.transition(order.id, [OrderStatus.NEW], OrderStatus.OFFERED, None, NOW)

    # Ten real transactions, each on its own connection, all started before any ends.
    start = asyncio.Event()

    async def accept(volunteer_id: int) -> Order | None:
        await start.wait()
        async with db.transaction() as tx:
            # Read first, as a handler would, so the write upgrades an open transaction.
            assert await tx.orders.get(order.id) is not None
            return await tx.orders.transition(
                order.id,
                [OrderStatus.OFFERED],
                OrderStatus.ACCEPTED,
                volunteer_id,
                NOW,
                volunteer_id=volunteer_id,
            )

    tasks = [asyncio.create_task(accept(v)) for v in RACERS]
    start.set()
    results = await asyncio.gather(*tasks)

    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    async with db.transaction() as tx:
        stored = await tx.orders.get(order.id)
        events = await tx.orders.events(order.id)
    assert stored is not None and stored.volunteer_id == winners[0].volunteer_id
    assert [e.to_status for e in events].count(OrderStatus.ACCEPTED) == 1


async def test_rollback_on_exception_and_commit_on_exit(db: SqlDatabase, world: World) -> None:
    class Boom(Exception):
        pass

    try:
        async with db.transaction() as tx:
            await tx.users.upsert(77, "Gone", None)
            raise Boom
    except Boom:
        pass
    async with db.transaction() as tx:
        assert await tx.users.get(77) is None
        await tx.catalogue.upsert_category("x", LocalName("x", "x"), 9)
    async with db.transaction() as tx:
        assert (await tx.catalogue.load()).category("x") is not None
