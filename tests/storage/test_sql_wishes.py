"""The wish wall's and voice notes' contract on SQLite and PostgreSQL: a wish moves
only from the status it is in (two coordinators, or two volunteers claiming at once:
one wins), the wall lists by site and team, and an order's voice notes keep their
order."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from domain.clock import ManualClock
from domain.errors import Refused
from domain.offers import Dispatcher, Policy
from domain.orders import OrderDesk
from domain.reference import Reference
from domain.roles import Authority
from domain.voice import VoiceNotes
from domain.wish_models import WishStatus
from domain.wishes import WishDesk
from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ADMIN = 77


def _desk(db: SqlDatabase) -> WishDesk:
    clock = ManualClock(NOW)
    authority = Authority(frozenset({ADMIN}))
    orders = OrderDesk(db, clock, authority, Dispatcher(clock, Policy()))
    return WishDesk(db, clock, authority, orders, Reference(db, clock))


async def test_a_wish_moves_only_from_where_it_is(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        wish = await tx.wishes.add(world.resident, 11, "换灯泡", None, NOW)
        moved = await tx.wishes.move(
            wish.id, WishStatus.OPEN, WishStatus.REJECTED, NOW, reason="不行", decided_by=ADMIN
        )
        again = await tx.wishes.move(wish.id, WishStatus.OPEN, WishStatus.POSTED, NOW)
    assert moved is not None and moved.status is WishStatus.REJECTED and moved.reason == "不行"
    assert again is None


async def test_two_claims_at_once_one_wins(db: SqlDatabase, world: World) -> None:
    desk = _desk(db)
    filed = await desk.file(world.resident, 11, "帮忙搬东西", None)
    posted = await desk.post(filed.wish.id, ADMIN, "civility", world.team_id, world.service_id)
    assert sorted(posted.volunteers) == [901, 902]  # the team's, not the station's

    async def claim(volunteer: int) -> str:
        try:
            await desk.claim(filed.wish.id, volunteer, NOW.date())
        except Refused as refused:
            return refused.reason
        return "won"

    results = await asyncio.gather(claim(901), claim(902))
    assert sorted(results) == ["wish-claimed", "won"]
    wish = await desk.get(filed.wish.id)
    assert wish is not None and wish.status is WishStatus.CLAIMED
    assert wish.claimed_by in (901, 902)
    # The winner holds it as an accepted order; the loser left no order behind.
    async with db.read() as tx:
        theirs = await tx.orders.by_resident(world.resident)
    assert [(o.id, o.status.value, o.volunteer_id) for o in theirs] == [
        (wish.order_id, "accepted", wish.claimed_by)
    ]
    assert theirs[0].details == "帮忙搬东西" and theirs[0].service_id == world.service_id
    try:
        await desk.claim(filed.wish.id, 903, NOW.date())  # another team's volunteer
    except Refused as refused:
        assert refused.reason == "wish-not-your-team"
    else:
        raise AssertionError("another team's volunteer claimed the wish")


async def test_an_ordered_wish_is_an_order_and_the_wall_lists_by_site_and_team(
    db: SqlDatabase, world: World
) -> None:
    desk = _desk(db)
    one = await desk.file(world.resident, 11, "理发", None)
    two = await desk.file(world.resident, 21, "", "voice-file-1")
    ordered = await desk.to_order(
        one.wish.id, ADMIN, "civility", world.team_id, world.service_id, NOW.date()
    )
    assert ordered.placed.order.details == "理发"
    assert ordered.wish.order_id == ordered.placed.order.id
    try:
        await desk.reject(one.wish.id, ADMIN, "晚了")
    except Refused as refused:
        assert refused.reason == "wish-decided"
    else:
        raise AssertionError("a decided wish was decided again")
    wall = await desk.wall(ADMIN)
    assert [w.id for w in wall] == [two.wish.id]
    assert wall[0].voice_file_id == "voice-file-1"


async def test_voice_notes_keep_their_order(db: SqlDatabase, world: World) -> None:
    desk = _desk(db)
    filed = await desk.file(world.resident, 11, "理发", None)
    ordered = await desk.to_order(
        filed.wish.id, ADMIN, "civility", world.team_id, world.service_id, NOW.date()
    )
    notes = VoiceNotes(db)
    order_id = ordered.placed.order.id
    await notes.attach(order_id, [("details", "f1"), ("address", "f2")])
    await notes.attach(order_id, [("menu", "f3")])
    kept = await notes.of_order(order_id)
    assert [(n.seq, n.step, n.file_id) for n in kept] == [
        (1, "details", "f1"),
        (2, "address", "f2"),
        (3, "menu", "f3"),
    ]


async def test_forgetting_a_resident_blanks_their_wishes_and_voice_notes(
    db: SqlDatabase, world: World
) -> None:
    desk = _desk(db)
    said = await desk.file(world.resident, 11, "理发", "voice-file-2")
    ordered = await desk.to_order(
        said.wish.id, ADMIN, "civility", world.team_id, world.service_id, NOW.date()
    )
    still_open = await desk.file(world.resident, 11, "修水管", None)
    await VoiceNotes(db).attach(ordered.placed.order.id, [("details", "f9")])
    async with db.transaction() as tx:
        await tx.voice.forget(world.resident)
        await tx.wishes.forget(world.resident)
    assert await VoiceNotes(db).of_order(ordered.placed.order.id) == []
    for wish_id in (said.wish.id, still_open.wish.id):
        wish = await desk.get(wish_id)
        assert wish is not None and wish.text == "" and wish.voice_file_id is None
    closed = await desk.get(still_open.wish.id)
    assert closed is not None and closed.status is WishStatus.REJECTED


async def test_the_coordinators_copies_and_a_residents_wishes_are_kept(
    db: SqlDatabase, world: World
) -> None:
    desk = _desk(db)
    one = await desk.file(world.resident, 11, "理发", "voice-file-3")
    await desk.record_notices(one.wish.id, [(ADMIN, 11, "decide"), (78, 12, "decide")])
    await desk.record_notices(one.wish.id, [(78, 13, "claim")])  # another copy, kept too
    found = await desk.notices(one.wish.id)
    assert found is not None and found.team is None
    assert found.sent == [(ADMIN, 11, "decide"), (78, 12, "decide"), (78, 13, "claim")]
    async with db.read() as tx:
        mine = await tx.wishes.of_resident(world.resident)
    assert [(w.id, w.voice_file_id) for w in mine] == [(one.wish.id, "voice-file-3")]
