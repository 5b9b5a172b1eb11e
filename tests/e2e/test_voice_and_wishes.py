"""Voice orders and the wish wall over each transport: a voice message on the menu
screen (Telegram's `voice` update, played back with sendVoice) starts an order asked
by buttons; a wish is filed, approved, posted and claimed (the claim's edit of the
pressed message, the other coordinators' copies edited, the loser's stale press).
The rules themselves are flow tests (tests/flows/test_voice.py, test_wishes.py)."""

from __future__ import annotations

from tests.e2e.conftest import Stack
from tests.flows import test_voice as voice
from tests.flows import test_wishes as wishes


async def test_a_voice_on_the_menu_starts_an_order_by_buttons(stack: Stack) -> None:
    await voice.test_a_voice_on_the_menu_starts_an_order_by_buttons(stack)


async def test_a_wish_is_filed_approved_posted_and_claimed(stack: Stack) -> None:
    await wishes.test_a_posted_wish_goes_to_the_first_volunteer_who_claims_it(stack)
