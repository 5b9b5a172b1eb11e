"""Contract tests for the order and offer repositories, on every SQL backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from domain.models import OfferStatus, OrderDraft, OrderEvent, OrderStatus
from storage.sql import SqlDatabase, SqlTx
from tests.days import TODAY, TOMORROW

if TYPE_CHECKING:
    from tests.storage.conftest import World

S = OrderStatus
NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


async def _order(tx: SqlTx, world: World, site_id: int = 11, minutes: int = 0) -> int:
    draft = OrderDraft(world.resident, world.service_id, site_id, TODAY, "二楼", 30.1, 120.2)
    order = await tx.orders.create(draft, "civility", NOW + timedelta(minutes=minutes))
    return order.id


async def test_create_and_get(db: SqlDatabase, world: World) -> None:
    draft = OrderDraft(world.resident, world.service_id, 11, TOMORROW, "门口", 30.1, 120.2, "139")
    async with db.transaction() as tx:
        created = await tx.orders.create(draft, "civility", NOW)
    async with db.transaction() as tx:
        fetched = await tx.orders.get(created.id)
        events = await tx.orders.events(created.id)
        assert await tx.orders.get(created.id + 1000) is None
    assert fetched == created
    assert (created.status, created.when, created.details, created.phone) == (
        S.NEW,
        TOMORROW,
        "门口",
        "139",
    )
    assert (created.resident_id, created.service_id, created.site_id) == (500, world.service_id, 11)
    assert created.created_at == created.updated_at == NOW
    assert fetched.created_at.tzinfo is not None and fetched.created_at.utcoffset() == timedelta(0)
    assert events == [OrderEvent(created.id, world.resident, None, S.NEW, NOW)]


async def test_transition_is_compare_and_set(db: SqlDatabase, world: World) -> None:
    later = NOW + timedelta(minutes=5)
    async with db.transaction() as tx:
        order_id = await _order(tx, world)
        assert await tx.orders.transition(order_id, [S.NEW], S.OFFERED, None, later) is not None
        lost = await tx.orders.transition(order_id, [S.NEW], S.CANCELLED, world.resident, later)
        assert lost is None
        won = await tx.orders.transition(
            order_id, [S.OFFERED], S.ACCEPTED, 901, later, "ok", volunteer_id=901
        )
        assert await tx.orders.transition(order_id, [], S.DONE, 901, later) is None
        assert await tx.orders.transition(order_id + 99, [S.ACCEPTED], S.DONE, 901, later) is None
        lost_many = await tx.orders.transition(order_id, [S.NEW, S.OFFERED], S.DONE, 7, later)
        assert lost_many is None
        events = await tx.orders.events(order_id)
    # Only the transitions that won left an event; the lost ones wrote nothing.
    assert [(e.from_status, e.to_status, e.note) for e in events] == [
        (None, S.NEW, ""),
        (S.NEW, S.OFFERED, ""),
        (S.OFFERED, S.ACCEPTED, "ok"),
    ]
    assert won is not None
    assert (won.status, won.volunteer_id, won.updated_at, won.created_at) == (
        S.ACCEPTED,
        901,
        later,
        NOW,
    )


async def test_transition_writes_fields_and_events(db: SqlDatabase, world: World) -> None:
    t = [NOW + timedelta(minutes=i) for i in range(5)]
    async with db.transaction() as tx:
        order_id = await _order(tx, world)
        await tx.orders.transition(order_id, [S.NEW], S.OFFERED, None, t[1])
        await tx.orders.add_event(order_id, None, S.OFFERED, "ring 2", t[2])
        await tx.orders.transition(order_id, [S.OFFERED], S.ACCEPTED, 902, t[3], volunteer_id=902)
        # Several allowed statuses: the event records the one actually replaced.
        done = await tx.orders.transition(
            order_id, [S.NEW, S.OFFERED, S.ACCEPTED], S.DONE, 902, t[4], hours=1.5
        )
        rated = await tx.orders.transition(
            order_id, [S.DONE], S.RATED, 500, t[4], rating=5, comment="好"
        )
        events = await tx.orders.events(order_id)
    assert done is not None and done.hours == 1.5
    assert rated is not None and (rated.rating, rated.comment, rated.hours) == (5, "好", 1.5)
    assert [(e.from_status, e.to_status, e.actor_id, e.note) for e in events] == [
        (None, S.NEW, 500, ""),
        (S.NEW, S.OFFERED, None, ""),
        (S.OFFERED, S.OFFERED, None, "ring 2"),
        (S.OFFERED, S.ACCEPTED, 902, ""),
        (S.ACCEPTED, S.DONE, 902, ""),
        (S.DONE, S.RATED, 500, ""),
    ]
    assert [e.at for e in events] == [t[0], t[1], t[2], t[3], t[4], t[4]]


async def test_unknown_fields_are_refused(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        order_id = await _order(tx, world)
        with pytest.raises(ValueError, match="status"):
            await tx.orders.set_fields(order_id, status="done")
        with pytest.raises(ValueError, match="resident_id"):
            await tx.orders.transition(order_id, [S.NEW], S.OFFERED, None, NOW, resident_id=1)


async def test_set_fields(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        order_id = await _order(tx, world)
        await tx.orders.set_fields(order_id, comment="thanks", rating=4)
        await tx.orders.set_fields(order_id)
        order = await tx.orders.get(order_id)
    assert order is not None and (order.comment, order.rating, order.status) == ("thanks", 4, S.NEW)


async def test_by_resident_newest_first(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        ids = [await _order(tx, world, minutes=m) for m in (0, 10, 5)]
        assert [o.id for o in await tx.orders.by_resident(500)] == [ids[1], ids[2], ids[0]]
        assert [o.id for o in await tx.orders.by_resident(500, limit=1)] == [ids[1]]
        assert await tx.orders.by_resident(901) == []


async def test_by_volunteer_oldest_first(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        ids = [await _order(tx, world, minutes=m) for m in (10, 0, 5)]
        for order_id in ids:
            await tx.orders.transition(order_id, [S.NEW], S.ACCEPTED, 901, NOW, volunteer_id=901)
        await tx.orders.transition(ids[2], [S.ACCEPTED], S.DONE, 901, NOW)
        active = await tx.orders.by_volunteer(901, [S.ACCEPTED])
        every = await tx.orders.by_volunteer(901, [S.ACCEPTED, S.DONE])
        assert await tx.orders.by_volunteer(902, [S.ACCEPTED]) == []
    assert [o.id for o in active] == [ids[1], ids[0]]
    assert [o.id for o in every] == [ids[1], ids[2], ids[0]]


async def test_pending_by_site_oldest_first(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        a = await _order(tx, world, site_id=11, minutes=3)
        b = await _order(tx, world, site_id=12, minutes=1)
        c = await _order(tx, world, site_id=21, minutes=2)
        d = await _order(tx, world, site_id=11, minutes=0)
        await tx.orders.transition(b, [S.NEW], S.OFFERED, None, NOW)
        await tx.orders.transition(d, [S.NEW], S.CANCELLED, 500, NOW)
        assert [o.id for o in await tx.orders.pending([10, 11, 12])] == [b, a]
        assert [o.id for o in await tx.orders.pending([11, 12, 21], limit=2)] == [b, c]
        assert await tx.orders.pending([]) == []


async def test_offers(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        order_id = await _order(tx, world)
        first = await tx.offers.create(order_id, 901, 1, NOW)
        again = await tx.offers.create(order_id, 901, 2, NOW)
        second = await tx.offers.create(order_id, 902, 1, NOW)
        third = await tx.offers.create(order_id, 903, 2, NOW)
        assert again == first and first.status == OfferStatus.OPEN and first.ring == 1
        assert await tx.offers.get(order_id, 901) == first
        assert await tx.offers.get(order_id, 500) is None

        await tx.offers.set_message(first.id, 12345678901)
        assert await tx.offers.set_status(second.id, OfferStatus.DECLINED, OfferStatus.OPEN)
        assert not await tx.offers.set_status(second.id, OfferStatus.WON, OfferStatus.OPEN)
        assert await tx.offers.set_status(third.id, OfferStatus.WON)
        closed = await tx.offers.close_open(order_id, OfferStatus.TAKEN)
        assert await tx.offers.close_open(order_id, OfferStatus.TAKEN) == []
        offers = await tx.offers.for_order(order_id)
    assert [(o.id, o.status) for o in closed] == [(first.id, OfferStatus.TAKEN)]
    assert closed[0].message_id == 12345678901
    assert [(o.volunteer_id, o.status) for o in offers] == [
        (901, OfferStatus.TAKEN),
        (902, OfferStatus.DECLINED),
        (903, OfferStatus.WON),
    ]
