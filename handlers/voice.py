"""Voice orders: the order's voice notes kept when it is placed, played with the
coordinators' `/order n` and to the volunteer who accepts, and a voice message on
the menu screen starting an order (`conversations.flows.voice`)."""

from __future__ import annotations

import logging

from conversations.flows import ORDER
from conversations.flows import voice as voice_flow
from conversations.model import Data
from handlers.kit import finishers
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import Kind, MessengerError, Unreachable
from handlers.kit.router import Router

log = logging.getLogger(__name__)
RANK = 90  # after the check-in's and the relayed chat's: a voice in a thread is relayed


async def attach(services: Services, order_id: int, data: Data) -> None:
    """Keep what the resident said while ordering as the order's voice notes."""
    await services.voice.attach(order_id, voice_flow.voices(data))


async def send_voice(services: Services, user_id: int, file_id: str, caption: str) -> bool:
    """Play a voice note to someone, at their address; False if it did not reach them
    (logged by person id only)."""
    found = services.reach((await services.people.addresses([user_id])).get(user_id, ()))
    if found is None:
        return False
    messenger, chat_id = found
    try:
        await messenger.send_file_id(chat_id, "voice", file_id, caption)
    except (Unreachable, MessengerError) as error:
        log.info("could not play a voice note to user %s: %s", user_id, type(error).__name__)
        return False
    return True


async def play(services: Services, user_id: int, order_id: int, locale: str | None = None) -> int:
    """Play the order's voice notes to `user_id` (the caller checked they may hear
    them); how many there were."""
    notes = await services.voice.of_order(order_id)
    if not notes:
        return 0
    locale = locale or await services.locale_of(user_id)
    for note in notes:
        caption = services.tr.text(
            locale, "voice-note-caption", id=order_id, n=note.seq, total=len(notes)
        )
        await send_voice(services, user_id, note.file_id, caption)
    return len(notes)


async def card_lines(services: Services, locale: str, order_id: int) -> list[str]:
    """The order card's line about its voice notes, if it has any."""
    notes = await services.voice.of_order(order_id)
    if not notes:
        return []
    return [services.tr.text(locale, "voice-card", count=len(notes), id=order_id)]


async def outside(ctx: Ctx) -> bool:
    """A voice message on the menu screen starts an order asked by buttons."""
    inbound = ctx.inbound
    if inbound.kind is not Kind.VOICE or inbound.voice is None:
        return False
    await ctx.reply("voice-order-started")
    data = voice_flow.start_data(inbound.voice.file_id, ctx.services.today())
    await finishers.start(ctx, ORDER, data)
    return True


def register(router: Router) -> None:
    router.outside_flows(outside, RANK)
