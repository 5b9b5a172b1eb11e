"""The order desk's offer and assignment rules, on the real repositories of each backend.

Who a coordinator may assign (active, in a team of the order's category,
reachable), what becomes of the assignee's own offer, and the wave refilled at
once when offers never reached their volunteer.
"""

from __future__ import annotations

import pytest

from domain.clock import ManualClock
from domain.errors import Refused
from domain.models import LocalName, OfferStatus, OrderDraft, OrderStatus
from domain.offers import Dispatcher, Policy
from domain.orders import OrderDesk
from domain.roles import Authority
from storage.sql import SqlDatabase
from tests.days import TODAY
from tests.storage.conftest import World

ADMIN = 1
SPORTS_VOLUNTEER = 904


def _desk(db: SqlDatabase, wave_size: int = 5) -> OrderDesk:
    clock = ManualClock()
    dispatcher = Dispatcher(clock, Policy(wave_size=wave_size))
    return OrderDesk(db, clock, Authority(frozenset({ADMIN})), dispatcher)


async def _place(desk: OrderDesk, world: World) -> int:
    draft = OrderDraft(world.resident, world.service_id, 11, when=TODAY, details="3号楼2单元")
    placed = await desk.place(draft)
    return placed.order.id


async def _statuses(db: SqlDatabase, order_id: int) -> dict[int, OfferStatus]:
    async with db.transaction() as tx:
        return {o.volunteer_id: o.status for o in await tx.offers.for_order(order_id)}


async def test_assign_makes_the_assignees_own_offer_theirs_not_taken(
    db: SqlDatabase, world: World
) -> None:
    desk = _desk(db)
    order_id = await _place(desk, world)
    assert set(await _statuses(db, order_id)) == {901, 902, 903}
    taken = await desk.assign(order_id, 902, ADMIN)
    assert taken.own_offer is not None and taken.own_offer.volunteer_id == 902
    assert taken.own_offer.status is OfferStatus.WON
    assert {o.volunteer_id for o in taken.closed_offers} == {901, 903}
    assert await _statuses(db, order_id) == {
        901: OfferStatus.TAKEN,
        902: OfferStatus.WON,
        903: OfferStatus.TAKEN,
    }


async def test_reassign_makes_the_new_assignees_closed_offer_theirs_not_taken(
    db: SqlDatabase, world: World
) -> None:
    desk = _desk(db)
    order_id = await _place(desk, world)
    accepted = await desk.accept(order_id, 901)
    assert accepted.own_offer is None  # the pressed message is edited by its handler
    reassigned = await desk.reassign(order_id, 902, ADMIN)
    own = reassigned.taken.own_offer
    assert own is not None and (own.volunteer_id, own.status) == (902, OfferStatus.WON)
    assert reassigned.taken.closed_offers == []
    assert (await _statuses(db, order_id))[902] is OfferStatus.WON


async def test_an_assigned_volunteer_pressing_their_stale_accept_is_told_it_is_theirs(
    db: SqlDatabase, world: World
) -> None:
    desk = _desk(db)
    order_id = await _place(desk, world)
    await desk.assign(order_id, 902, ADMIN)
    with pytest.raises(Refused) as refused:
        await desk.accept(order_id, 902)
    assert refused.value.reason == "offer-yours"


@pytest.mark.parametrize("how", ["assign", "reassign"])
async def test_assign_is_refused_for_an_inactive_volunteer(
    db: SqlDatabase, world: World, how: str
) -> None:
    desk = _desk(db)
    order_id = await _place(desk, world)
    async with db.transaction() as tx:
        await tx.volunteers.upsert(903, world.station_team_id, active=False)
    with pytest.raises(Refused) as refused:
        await getattr(desk, how)(order_id, 903, ADMIN)
    assert refused.value.reason == "volunteer-inactive"
    assert (await _order_status(db, order_id)) is OrderStatus.OFFERED


@pytest.mark.parametrize("how", ["assign", "reassign"])
async def test_assign_is_refused_for_a_volunteer_whose_team_serves_another_category(
    db: SqlDatabase, world: World, how: str
) -> None:
    desk = _desk(db)
    order_id = await _place(desk, world)
    async with db.transaction() as tx:
        team = await tx.teams.upsert("FIT-11", LocalName("健身队", "Fitness"), 11, "sports")
        await tx.users.upsert(SPORTS_VOLUNTEER, "Coach", None)
        await tx.volunteers.upsert(SPORTS_VOLUNTEER, team.id)
    with pytest.raises(Refused) as refused:
        await getattr(desk, how)(order_id, SPORTS_VOLUNTEER, ADMIN)
    assert refused.value.reason == "volunteer-wrong-category"
    assert (await _order_status(db, order_id)) is OrderStatus.OFFERED


@pytest.mark.parametrize("how", ["assign", "reassign"])
async def test_assign_is_refused_for_an_unreachable_volunteer(
    db: SqlDatabase, world: World, how: str
) -> None:
    desk = _desk(db)
    order_id = await _place(desk, world)
    async with db.transaction() as tx:
        await tx.users.set_unreachable(902, True)  # blocked the bot, or never started it
    with pytest.raises(Refused) as refused:
        await getattr(desk, how)(order_id, 902, ADMIN)
    assert refused.value.reason == "volunteer-unreachable"
    assert (await _order_status(db, order_id)) is OrderStatus.OFFERED


async def test_an_offer_that_reached_nobody_is_withdrawn_and_the_wave_refilled_at_once(
    db: SqlDatabase, world: World
) -> None:
    desk = _desk(db, wave_size=2)
    placed = await desk.place(OrderDraft(world.resident, world.service_id, 11, when=TODAY))
    first = {n.volunteer.user_id: n.offer_id for n in placed.dispatched.offers}
    assert set(first) == {901, 902}
    refilled = await desk.unreached(placed.order.id, [first[901]])
    assert refilled is not None
    assert [n.volunteer.user_id for n in refilled.offers] == [903]
    assert await _statuses(db, placed.order.id) == {
        901: OfferStatus.WITHDRAWN,
        902: OfferStatus.OPEN,
        903: OfferStatus.OPEN,
    }
    async with db.transaction() as tx:
        rings = {o.ring for o in await tx.offers.for_order(placed.order.id)}
    assert rings == {0}  # the same wave, under its timer


async def test_when_no_offer_reached_anyone_and_nobody_is_left_the_order_escalates(
    db: SqlDatabase, world: World
) -> None:
    desk = _desk(db)
    placed = await desk.place(OrderDraft(world.resident, world.service_id, 11, when=TODAY))
    offer_ids = [n.offer_id for n in placed.dispatched.offers]
    assert len(offer_ids) == 3
    refilled = await desk.unreached(placed.order.id, offer_ids)
    assert refilled is not None and refilled.exhausted and refilled.offers == []
    assert refilled.order.status is OrderStatus.NEW  # reopened, waiting for a coordinator
    assert await desk.unreached(placed.order.id, offer_ids) is None  # already withdrawn


async def _order_status(db: SqlDatabase, order_id: int) -> OrderStatus:
    async with db.transaction() as tx:
        order = await tx.orders.get(order_id)
    assert order is not None
    return order.status
