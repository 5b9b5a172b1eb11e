"""Contract tests for the visit repository (`visits`, `visit_notes`), on every SQL backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from domain.models import OrderDraft
from domain.visit_models import Arrival, DayPart, Visit, VisitNote
from storage.sql import SqlDatabase, SqlTx
from tests.days import TODAY

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


async def _order(tx: SqlTx, world: World) -> int:
    draft = OrderDraft(world.resident, world.service_id, 11, TODAY)
    return (await tx.orders.create(draft, "civility", NOW)).id


async def test_a_visit_starts_once_and_over_for_another_volunteer(
    db: SqlDatabase, world: World
) -> None:
    arrival = Arrival(NOW + timedelta(hours=3), DayPart.AFTERNOON)
    async with db.transaction() as tx:
        order_id = await _order(tx, world)
        assert await tx.visits.get(order_id) is None
        first = await tx.visits.start(order_id, 901, "春风", NOW)
        assert first == Visit(order_id, 901, "春风")
        await tx.visits.set_arrival(order_id, arrival)
        await tx.visits.set_on_way(order_id, NOW + timedelta(hours=2))
        # The same volunteer again (a second press, a retried update): kept as it is.
        again = await tx.visits.start(order_id, 901, "月亮", NOW)
    assert again == Visit(order_id, 901, "春风", arrival, NOW + timedelta(hours=2))
    async with db.transaction() as tx:
        # Reassigned: the new volunteer's visit starts over, with a new word.
        other = await tx.visits.start(order_id, 902, "月亮", NOW)
        assert other == Visit(order_id, 902, "月亮")
        typed = Arrival(NOW + timedelta(hours=5))
        await tx.visits.set_arrival(order_id, typed)
        assert await tx.visits.get(order_id) == Visit(order_id, 902, "月亮", typed)


async def test_did_it_happen_is_answered_once(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        order_id = await _order(tx, world)
        await tx.visits.start(order_id, 901, "春风", NOW)
        assert await tx.visits.set_happened(order_id, False, NOW)
        assert not await tx.visits.set_happened(order_id, True, NOW)
        found = await tx.visits.get(order_id)
    assert found is not None and found.happened is False


async def test_notes_are_by_person_newest_first_without_the_order_asked_from(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        first, second, third = [await _order(tx, world) for _ in range(3)]
        for minutes, order_id, text in ((0, first, "电梯坏了"), (5, second, "家里有狗")):
            note = VisitNote(order_id, world.resident, 901, text, NOW + timedelta(minutes=minutes))
            await tx.visits.add_note(note)
        await tx.visits.add_note(VisitNote(third, 777, 901, "someone else", NOW))
        texts = [n.text for n in await tx.visits.notes_for(world.resident)]
        without = [n.text for n in await tx.visits.notes_for(world.resident, exclude_order=second)]
        one = await tx.visits.notes_for(world.resident, limit=1)
    assert texts == ["家里有狗", "电梯坏了"]
    assert without == ["电梯坏了"]
    assert [n.text for n in one] == ["家里有狗"] and one[0].created_at == NOW + timedelta(minutes=5)


async def test_erasing_a_person_erases_the_notes_about_them(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        order_id = await _order(tx, world)
        await tx.visits.add_note(VisitNote(order_id, world.resident, 901, "家里有狗", NOW))
        await tx.privacy.erase(world.resident)
        assert await tx.visits.notes_for(world.resident) == []


async def test_notes_are_found_by_any_key_of_whom_the_visit_was_for(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        first, second, third = [await _order(tx, world) for _ in range(3)]
        neighbour = VisitNote(first, world.resident, 901, "耳背，请大声敲门", NOW, "t:13900001111")
        await tx.visits.add_note(neighbour)
        await tx.visits.add_note(VisitNote(second, world.resident, 901, "own", NOW))  # p:<id>
        by_phone = await tx.visits.notes_about(["t:13900001111"], exclude_order=third)
        by_either = await tx.visits.notes_about([f"p:{world.resident}", "t:13900001111"])
        assert await tx.visits.notes_about([]) == []
    assert [(n.text, n.served) for n in by_phone] == [("耳背，请大声敲门", "t:13900001111")]
    assert sorted(n.text for n in by_either) == ["own", "耳背，请大声敲门"]
