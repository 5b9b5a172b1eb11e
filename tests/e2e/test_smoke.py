"""Smoke over each transport: the flow tests (tests/flows) cover every rule once in
process; these replay a few of them over HTTP against the sandbox, on both
transports, so the wiring below `Inbound` (parsing texts, commands, presses,
stickers and photos; sending, editing, answering) is proven with the real thing."""

from __future__ import annotations

from tests.e2e.conftest import Stack
from tests.flows import test_conversation as conversation
from tests.flows import test_loop as loop
from tests.flows import test_visits as visits
from tests.flows import test_whole_visit as whole_visit


async def test_the_whole_loop_ends_rated(stack: Stack) -> None:
    await loop.play_and_check(stack)


async def test_the_whole_visit_accept_eta_on_my_way_done_it_happened_rate(stack: Stack) -> None:
    await visits.play_the_visit(stack)


async def test_the_whole_visit_for_a_neighbour_relayed_checked_in_noted(stack: Stack) -> None:
    """Order for a neighbour -> accept -> ETA -> on my way -> the relayed chat both
    ways (no number or username crosses) -> check-in at the pin -> done -> it
    happened -> rated -> the next volunteer reads the note about her."""
    await whole_visit.play_whole_visit(stack)


async def test_a_sticker_or_photo_where_text_is_expected_gets_a_hint(stack: Stack) -> None:
    await conversation.test_a_sticker_or_photo_where_text_is_expected_gets_a_hint(stack)


async def test_cancel_mid_flow_stops_and_old_buttons_are_dead(stack: Stack) -> None:
    await conversation.test_cancel_mid_flow_stops_and_old_buttons_are_dead(stack)
