"""Contract tests for the export repository on every SQL backend: the count and the
keyset pages keep to the sites and the period, in id order, with each order's events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from domain.ledger import credit_hours
from domain.ledger_models import TxKind
from domain.models import OrderDraft, OrderStatus
from domain.when import When
from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DAY = When(NOW.date())
STATION_10 = (10, 11, 12)


async def _orders(db: SqlDatabase, world: World) -> list[int]:
    """Five orders at point 11 an hour apart, one at 21, one at 11 a month earlier."""
    ids = []
    async with db.transaction() as tx:
        for hour in range(5):
            at = NOW + timedelta(hours=hour)
            order = await tx.orders.create(
                OrderDraft(500, world.service_id, 11, DAY), "civility", at
            )
            ids.append(order.id)
        await tx.orders.create(OrderDraft(500, world.service_id, 21, DAY), "civility", NOW)
        await tx.orders.create(
            OrderDraft(500, world.service_id, 11, DAY), "civility", NOW - timedelta(days=30)
        )
        done = NOW + timedelta(hours=6)
        await tx.orders.transition(ids[0], [OrderStatus.NEW], OrderStatus.ACCEPTED, 901, done)
        await tx.orders.transition(
            ids[0], [OrderStatus.ACCEPTED], OrderStatus.DONE, 901, done, hours=1.5
        )
        await tx.orders.transition(
            ids[0], [OrderStatus.DONE], OrderStatus.RATED, 500, done, rating=4
        )
        # The hours the export shows are the ledger's, as `OrderDesk.finish` posts them.
        await credit_hours(tx, 901, 1.5, f"order:{ids[0]}", at=done)
    return ids


async def test_count_and_pages_keep_to_the_sites_and_period(db: SqlDatabase, world: World) -> None:
    ids = await _orders(db, world)
    start, end = NOW - timedelta(days=1), NOW + timedelta(days=1)
    async with db.transaction() as tx:
        assert await tx.exports.count(STATION_10, start, end) == 5
        assert await tx.exports.count((21,), start, end) == 1
        first = await tx.exports.page(STATION_10, start, end, 0, 2)
        second = await tx.exports.page(STATION_10, start, end, first[-1].order_id, 2)
        third = await tx.exports.page(STATION_10, start, end, second[-1].order_id, 2)
        after = await tx.exports.page(STATION_10, start, end, third[-1].order_id, 2)
    assert [r.order_id for r in first + second + third] == ids
    assert [len(first), len(second), len(third), len(after)] == [2, 2, 1, 0]


async def test_a_row_carries_its_rating_hours_and_events(db: SqlDatabase, world: World) -> None:
    ids = await _orders(db, world)
    async with db.transaction() as tx:
        [row, plain] = await tx.exports.page(
            STATION_10, NOW - timedelta(days=1), NOW + timedelta(days=1), 0, 2
        )
    assert row.order_id == ids[0] and row.site_id == 11 and row.category_code == "civility"
    assert (row.status, row.rating, row.hours) == (OrderStatus.RATED, 4, 1.5)
    assert [e.to_status for e in row.events] == [
        OrderStatus.NEW,
        OrderStatus.ACCEPTED,
        OrderStatus.DONE,
        OrderStatus.RATED,
    ]
    assert row.events[0].at == NOW and row.created_at == NOW
    assert row.when_day == NOW.date()
    assert [e.to_status for e in plain.events] == [OrderStatus.NEW]
    assert (plain.rating, plain.hours) == (None, None)


async def test_a_rows_hours_net_a_visit_taken_back(db: SqlDatabase, world: World) -> None:
    ids = await _orders(db, world)
    async with db.transaction() as tx:  # as `domain.visits` takes back a visit's hours
        await credit_hours(tx, 901, -1.5, f"order:{ids[0]}", kind=TxKind.ADJUST, at=NOW)
        [row] = await tx.exports.page(
            STATION_10, NOW - timedelta(days=1), NOW + timedelta(days=1), 0, 1
        )
    assert row.hours == 0


async def test_the_volunteers_of_the_sites_with_their_hours_by_source(
    db: SqlDatabase, world: World
) -> None:
    ids = await _orders(db, world)
    async with db.transaction() as tx:
        await credit_hours(tx, 901, 0.5, "adjust", kind=TxKind.ADJUST, actor_id=700, at=NOW)
        await credit_hours(tx, 902, 2.0, "adjust", kind=TxKind.ADJUST, at=NOW - timedelta(days=40))
        lines = await tx.exports.volunteers(
            STATION_10, NOW - timedelta(days=1), NOW + timedelta(days=1)
        )
    assert ids
    by_id = {line.volunteer_id: line for line in lines}
    assert sorted(by_id) == [901, 902, 903]  # 903: station 10's team
    assert by_id[901].minutes == {"order": 90, "adjust": 30} and by_id[901].points == 20
    assert (by_id[901].minutes_all, by_id[901].balance) == (120, 20)
    assert by_id[902].minutes == {} and by_id[902].minutes_all == 120  # before the period
    assert by_id[902].site_id == 11 and by_id[903].site_id == 10
