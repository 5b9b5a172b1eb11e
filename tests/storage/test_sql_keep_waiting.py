"""Contract tests for Keep waiting on every SQL backend: the escalation's
compare-and-set lets one of many taps at the same instant start a fresh round."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from domain import notes
from domain.clock import ManualClock
from domain.complaints import Complaints
from domain.errors import Refused
from domain.models import OrderDraft, OrderStatus
from domain.offers import DISPATCH, TOP_LEVEL, Dispatcher, Policy
from domain.reference import Reference
from domain.when import When
from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


async def test_restart_escalation_is_a_compare_and_set(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        draft = OrderDraft(world.resident, world.service_id, 11, When(NOW.date()))
        order = await tx.orders.create(draft, "civility", NOW)
        await tx.orders.set_fields(order.id, escalation=TOP_LEVEL)
        assert await tx.orders.restart_escalation(order.id, 1) is False  # not at that level
        assert await tx.orders.restart_escalation(order.id, TOP_LEVEL) is True
        assert await tx.orders.restart_escalation(order.id, TOP_LEVEL) is False
        again = await tx.orders.get(order.id)
    assert again is not None and again.escalation == 0


async def test_five_taps_at_once_start_one_round(db: SqlDatabase, world: World) -> None:
    clock = ManualClock(NOW)
    reference = Reference(db, clock)
    complaints = Complaints(
        db, clock, Dispatcher(clock, Policy(), reference=reference), reference=reference
    )
    async with db.transaction() as tx:
        draft = OrderDraft(world.resident, world.service_id, 11, When(NOW.date()))
        order = await tx.orders.create(draft, "civility", NOW)
        await tx.orders.set_fields(order.id, escalation=TOP_LEVEL)
        await tx.orders.add_event(order.id, None, OrderStatus.NEW, notes.delayed(), NOW)
    start = asyncio.Event()

    async def tap() -> bool:
        await start.wait()
        try:
            await complaints.keep_waiting(order.id, world.resident)
        except Refused as refused:
            assert refused.reason == "unclaimed-kept-already"
            return False
        return True

    taps = [asyncio.create_task(tap()) for _ in range(5)]
    start.set()
    assert sorted(await asyncio.gather(*taps)) == [False, False, False, False, True]
    async with db.transaction() as tx:
        kept = await tx.orders.get(order.id)
        events = [notes.decode(e.note) for e in await tx.orders.events(order.id)]
        armed = await tx.deadlines.pending(DISPATCH, order.id)
    assert kept is not None and kept.escalation in (0, 1)  # 1: nobody to offer, the point
    assert [n.code for n in events if n and n.code == notes.KEPT_WAITING] == [notes.KEPT_WAITING]
    assert len(armed) == 1
