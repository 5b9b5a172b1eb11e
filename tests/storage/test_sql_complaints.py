"""Contract tests for complaints on every SQL backend: one complaint per visit, an
order redone once even when the resident taps twice at the same instant, the
sites' phones, the orders nobody took and the coordinators' notices."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from domain.clock import ManualClock
from domain.complaints import Complaints
from domain.errors import Refused
from domain.models import OfferStatus, OrderDraft, OrderStatus
from domain.offers import Dispatcher, Policy
from domain.ports.complaints import OrderNotice
from domain.reference import Reference
from domain.when import When
from storage.sql import SqlDatabase
from storage.sql.tx import SqlTx

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DAY = When(NOW.date())


async def _rated(tx: SqlTx, world: World, volunteer: int, stars: int = 1) -> int:
    draft = OrderDraft(world.resident, world.service_id, 11, DAY)
    order = await tx.orders.create(draft, "civility", NOW)
    await tx.offers.create(order.id, volunteer, 0, NOW)
    rated = await tx.orders.transition(
        order.id, {OrderStatus.NEW}, OrderStatus.RATED, None, NOW, volunteer_id=volunteer
    )
    assert rated is not None
    await tx.orders.set_fields(order.id, rating=stars)
    return order.id


async def test_one_complaint_per_visit(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        order_id = await _rated(tx, world, 901)
        first = await tx.complaints.file(order_id, world.resident, 901, "rating", NOW)
        again = await tx.complaints.file(order_id, world.resident, 901, "comment", NOW)
        other = await tx.complaints.file(order_id, world.resident, 902, "comment", NOW)
        filed = await tx.complaints.for_order(order_id)
    assert first is not None and again is None and other is not None
    assert [(c.volunteer_id, c.cause, c.reopened_at) for c in filed] == [
        (901, "rating", None),
        (902, "comment", None),
    ]


async def test_an_order_is_reopened_by_one_complaint_only(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        order_id = await _rated(tx, world, 901)
        first = await tx.complaints.file(order_id, world.resident, 901, "rating", NOW)
        second = await tx.complaints.file(order_id, world.resident, 902, "rating", NOW)
        assert first is not None and second is not None
        assert await tx.complaints.mark_reopened(first.id, order_id, NOW) is True
        assert await tx.complaints.mark_reopened(first.id, order_id, NOW) is False
        assert await tx.complaints.mark_reopened(second.id, order_id, NOW) is False


async def test_two_taps_at_once_redo_the_order_once_without_the_volunteer(
    db: SqlDatabase, world: World
) -> None:
    clock = ManualClock(NOW)
    reference = Reference(db, clock)
    complaints = Complaints(
        db, clock, Dispatcher(clock, Policy(), reference=reference), reference=reference
    )
    async with db.transaction() as tx:
        order_id = await _rated(tx, world, 901)
    assert await complaints.file(order_id, world.resident, "rating") is not None
    start = asyncio.Event()

    async def tap() -> bool:
        await start.wait()
        try:
            await complaints.reopen(order_id, world.resident)
        except Refused as refused:
            assert refused.reason in ("complaint-reopened-once", "complaint-not-rated")
            return False
        return True

    taps = [asyncio.create_task(tap()) for _ in range(5)]
    start.set()
    assert sorted(await asyncio.gather(*taps)) == [False, False, False, False, True]
    async with db.transaction() as tx:
        order = await tx.orders.get(order_id)
        offers = {o.volunteer_id: o.status for o in await tx.offers.for_order(order_id)}
    assert order is not None and order.status is OrderStatus.OFFERED
    assert order.volunteer_id is None
    assert offers[901] is OfferStatus.DECLINED  # never asked again
    assert {v for v, s in offers.items() if s is OfferStatus.OPEN} == {902, 903}


async def test_site_phones_unclaimed_orders_and_notices(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        await tx.complaints.set_site_phone(11, "0571-1")
        await tx.complaints.set_site_phone(11, "0571-2")
        await tx.complaints.set_site_phone(12, "0571-3")
        await tx.complaints.set_site_phone(12, None)
        draft = OrderDraft(world.resident, world.service_id, 11, DAY)
        waiting = await tx.orders.create(draft, "civility", NOW)
        fresh = await tx.orders.create(draft, "civility", NOW)
        await tx.orders.set_fields(waiting.id, escalation=3)
        await tx.complaints.add_notices(
            [OrderNotice(waiting.id, 700, 700, 5), OrderNotice(waiting.id, 701, 701, 6)]
        )
        await tx.complaints.add_notices([OrderNotice(waiting.id, 700, 700, 9)])
    async with db.transaction() as tx:
        assert await tx.complaints.site_phone(11) == "0571-2"
        assert await tx.complaints.site_phone(12) is None
        assert [o.id for o in await tx.complaints.unclaimed(3)] == [waiting.id]
        assert fresh.id not in [o.id for o in await tx.complaints.unclaimed(3)]
        assert await tx.complaints.notices(waiting.id) == [
            OrderNotice(waiting.id, 700, 700, 9),
            OrderNotice(waiting.id, 701, 701, 6),
        ]
        assert await tx.complaints.notices(fresh.id) == []
