"""The order desk and the dispatcher over time, and the sweep that fires their
deadlines, on the real repositories of each backend.

The world (tests/storage/conftest.py) has volunteers 901 and 902 at point 11 and
903 at its station 10, so with one offer a wave they are offered in that order.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from domain.clock import ManualClock
from domain.deadlines import DeadlineKinds
from domain.models import Deadline, OfferStatus, OrderDraft, OrderStatus, Role
from domain.offers import DISPATCH, ESCALATE, WAVE, Dispatched, Dispatcher, Policy
from domain.orders import OrderDesk
from domain.ports.database import Tx
from domain.roles import Authority
from domain.sweep import FAILED, UNKNOWN_KIND, Fired, Sweep
from storage.sql import SqlDatabase
from storage.sql.tables import deadlines
from tests.days import TODAY
from tests.storage.conftest import World

ADMIN = 1
STATION_COORDINATOR = 700  # at station 10; point 11 has no coordinator


class Desk:
    """A desk, its dispatcher's deadline kinds and a sweep, on one hand-moved clock."""

    def __init__(self, db: SqlDatabase, wave_size: int) -> None:
        self.clock = ManualClock()
        dispatcher = Dispatcher(self.clock, Policy(wave_size=wave_size), frozenset({ADMIN}))
        self.desk = OrderDesk(db, self.clock, Authority(frozenset({ADMIN})), dispatcher)
        self.kinds = DeadlineKinds()
        dispatcher.register(self.kinds)
        self.sweep = Sweep(db, self.clock, self.kinds)

    async def place(self, world: World) -> Dispatched:
        draft = OrderDraft(world.resident, world.service_id, 11, when=TODAY)
        return (await self.desk.place(draft)).dispatched

    async def sweep_all(self) -> list[Fired]:
        fired = []
        while (done := await self.sweep.fire_next("test")) is not None:
            fired.append(done)
        return fired


def _offered(dispatched: object) -> list[int]:
    assert isinstance(dispatched, Dispatched)
    return [n.volunteer.user_id for n in dispatched.offers]


async def _claimed_by(db: SqlDatabase, deadline_id: int) -> str | None:
    async with db.engine.connect() as conn:
        stmt = select(deadlines.c.claimed_by, deadlines.c.fired_at).where(
            deadlines.c.id == deadline_id
        )
        row = (await conn.execute(stmt)).one()
    assert row.fired_at is not None
    return row.claimed_by


async def _coordinator_at_station(db: SqlDatabase) -> None:
    async with db.transaction() as tx:
        await tx.users.upsert(STATION_COORDINATOR, "Coordinator", None)
        await tx.roles.grant(STATION_COORDINATOR, Role.COORDINATOR, 10)


async def test_a_decline_sends_the_next_wave_only_once_the_whole_wave_declined(
    db: SqlDatabase, world: World
) -> None:
    two = Desk(db, wave_size=2)
    placed = await two.place(world)
    assert _offered(placed) == [901, 902]
    assert await two.desk.decline(placed.order.id, 901) is None  # 902 may still take it
    assert _offered(await two.desk.decline(placed.order.id, 902)) == [903]
    async with db.transaction() as tx:
        rings = {o.volunteer_id: o.ring for o in await tx.offers.for_order(placed.order.id)}
    assert rings == {901: 0, 902: 0, 903: 1}


async def test_release_offers_the_order_again_without_the_decliners_or_the_releaser(
    db: SqlDatabase, world: World
) -> None:
    one = Desk(db, wave_size=1)
    placed = await one.place(world)
    order_id = placed.order.id
    assert _offered(await one.desk.decline(order_id, 901)) == [902]
    await one.desk.accept(order_id, 902)
    released = await one.desk.release(order_id, 902, "临时有事")
    assert _offered(released.dispatched) == [903]
    assert released.dispatched.order.status is OrderStatus.OFFERED


async def test_escalation_skips_a_level_with_no_coordinators(db: SqlDatabase, world: World) -> None:
    await _coordinator_at_station(db)
    all_three = Desk(db, wave_size=3)
    placed = await all_three.place(world)
    order_id = placed.order.id
    await all_three.desk.decline(order_id, 901)
    await all_three.desk.decline(order_id, 902)
    exhausted = await all_three.desk.decline(order_id, 903)
    assert exhausted is not None and exhausted.exhausted and exhausted.offers == []
    # Point 11 has nobody: straight to the station (2).
    assert (exhausted.escalated_to, exhausted.coordinators) == (2, [STATION_COORDINATOR])
    assert exhausted.order.status is OrderStatus.NEW
    all_three.clock.advance(hours=1, minutes=1)
    fired = await all_three.sweep_all()
    escalations = [f.outcome for f in fired if f.deadline.kind == ESCALATE]
    assert len(escalations) == 1 and isinstance(escalations[0], Dispatched)
    assert (escalations[0].escalated_to, escalations[0].coordinators) == (3, [ADMIN])


async def test_the_sweep_fires_the_wave_then_the_dispatch_deadline_through_their_kinds(
    db: SqlDatabase, world: World
) -> None:
    await _coordinator_at_station(db)
    one = Desk(db, wave_size=1)
    placed = await one.place(world)
    one.clock.advance(minutes=31)
    (wave,) = await one.sweep_all()
    assert wave.deadline.kind == WAVE and _offered(wave.outcome) == [902]
    one.clock.advance(hours=2)
    fired = {f.deadline.kind: f.outcome for f in await one.sweep_all()}
    assert set(fired) == {WAVE, DISPATCH}
    escalated = fired[DISPATCH]
    assert isinstance(escalated, Dispatched) and escalated.escalated_to == 2
    assert escalated.order.id == placed.order.id
    assert await one.sweep_all() == []  # each fired exactly once


async def test_a_deadline_of_an_unknown_kind_is_set_aside_once_and_the_rest_still_fire(
    db: SqlDatabase, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    one = Desk(db, wave_size=1)
    placed = await one.place(world)
    async with db.transaction() as tx:  # e.g. scheduled by a newer worker's module
        await tx.deadlines.schedule("report.sla", 77, one.clock.now())
    one.clock.advance(minutes=31)
    with caplog.at_level(logging.ERROR, logger="domain.sweep"):
        first, second = await one.sweep_all()
    assert (first.deadline.kind, first.outcome) == ("report.sla", None)
    assert await _claimed_by(db, first.deadline.id) == UNKNOWN_KIND
    assert [r.getMessage() for r in caplog.records] == [
        f"deadline {first.deadline.id} of unknown kind 'report.sla' set aside"
    ]
    assert second.deadline.kind == WAVE and _offered(second.outcome) == [902]
    assert second.deadline.ref_id == placed.order.id
    one.clock.advance(days=1)
    assert "report.sla" not in {f.deadline.kind for f in await one.sweep_all()}


async def test_a_failing_handler_rolls_its_work_back_and_does_not_block_the_next(
    db: SqlDatabase, world: World
) -> None:
    one = Desk(db, wave_size=1)

    async def boom(tx: Tx, deadline: Deadline) -> Dispatched | None:
        await tx.deadlines.schedule("test.written", deadline.ref_id, deadline.due_at)
        raise RuntimeError("the handler broke")

    one.kinds.register("test.boom", Dispatched, boom)
    placed = await one.place(world)
    async with db.transaction() as tx:
        await tx.deadlines.schedule("test.boom", 5, one.clock.now())
    one.clock.advance(minutes=31)
    failed, wave = await one.sweep_all()
    assert (failed.deadline.kind, failed.outcome) == ("test.boom", None)
    assert await _claimed_by(db, failed.deadline.id) == FAILED
    assert wave.deadline.ref_id == placed.order.id and wave.outcome is not None
    async with db.transaction() as tx:
        assert await tx.deadlines.pending("test.written", 5) == []  # rolled back


async def test_taking_the_order_stops_its_deadlines(db: SqlDatabase, world: World) -> None:
    one = Desk(db, wave_size=1)
    placed = await one.place(world)
    await one.desk.accept(placed.order.id, 901)
    one.clock.advance(hours=3)  # past the wave's and the dispatch deadline
    assert await one.sweep_all() == []
    async with db.transaction() as tx:
        offers = await tx.offers.for_order(placed.order.id)
    assert [(o.volunteer_id, o.status) for o in offers] == [(901, OfferStatus.WON)]
