"""The relayed chat: the resident and the accepted volunteer write to each other
through the bot (see `domain.relay` for which thread a message goes to).

The order's messages carry "💬 Message the volunteer / resident" (`RelayPress`,
drawn by `notify` and `volunteers`); pressing it opens the thread. A text, photo,
voice note or location sent outside any conversation then goes to that thread, and
so does a reply to a relayed message; someone with one open thread needs no button.
Neither side ever sees the other's chat: the bot sends its own message, headed by
the order and the sender's role (the volunteer's first name, masked), never a
username or a phone number. Coordinators read a thread with `/thread <n>`, linked
from `/order <n>`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from conversations.engine import NAV
from domain.ports.relay import RelayItem, RelayMessage
from domain.relay import Relayed, Role, Thread, mask
from handlers.kit import render
from handlers.kit.chunks import send_lines
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import InlineKeyboard, Kind, MessengerError, SentMedia, Unreachable
from handlers.kit.presses import press
from handlers.kit.router import Router
from locales.dates import moment_words

log = logging.getLogger(__name__)
RANK = 20  # after the check-in's (a volunteer's location at the door is a check-in)


@press("rl")
@dataclass(frozen=True, slots=True)
class RelayPress:
    """ "Message the volunteer" (or the resident) on an order's message."""

    order_id: int


def button(services: Services, locale: str, order_id: int, to: Role) -> tuple[str, RelayPress]:
    """The button that opens the order's thread, for someone writing to `to`."""
    return services.tr.text(locale, f"relay-button-{to}"), RelayPress(order_id)


def markup(services: Services, locale: str, order_id: int, to: Role) -> InlineKeyboard:
    return render.inline([button(services, locale, order_id, to)])


async def pressed(ctx: Ctx, press: RelayPress) -> None:
    thread = await ctx.services.relay.open_thread(press.order_id, ctx.user_id)
    await ctx.toast()
    await ctx.reply(f"relay-opened-{thread.recipient_role}", id=thread.order.id)


def _item(ctx: Ctx) -> RelayItem | None:
    """What the message carries, if it is something the relay passes on."""
    inbound = ctx.inbound
    match inbound.kind:
        case Kind.TEXT if inbound.text.strip() and not _stale_key(ctx):
            return RelayItem("text", inbound.text)
        case Kind.PHOTO if inbound.photo is not None:
            return RelayItem("photo", inbound.text, inbound.photo.file_id)
        case Kind.VOICE if inbound.voice is not None:
            return RelayItem("voice", inbound.text, inbound.voice.file_id)
        case Kind.LOCATION if inbound.location is not None:
            lat, lon = inbound.location
            return RelayItem("location", lat=lat, lon=lon)
    return None


def _stale_key(ctx: Ctx) -> bool:
    """A reply keyboard's Skip / Back / Cancel left from a conversation that is over:
    never words for the other side."""
    return ctx.services.engine.match_label(ctx.locale, list(NAV), ctx.inbound.text) is not None


async def outside(ctx: Ctx) -> bool:
    """A message outside any conversation: passed on when it belongs to a thread."""
    item = _item(ctx)
    if item is None:
        return False
    thread = await ctx.services.relay.pick(ctx.user_id, ctx.inbound.reply_to)
    if thread is None:
        return False
    relayed = await ctx.services.relay.pass_on(thread, item)
    delivered = await _deliver(ctx.services, relayed)
    if delivered is None:
        await ctx.reply(f"relay-undelivered-{thread.recipient_role}", id=thread.order.id)
        return True
    await ctx.services.relay.delivered(relayed.message.id, delivered)
    await ctx.reply(f"relay-sent-{thread.recipient_role}", id=thread.order.id)
    return True


async def _header(services: Services, thread: Thread, locale: str) -> str:
    """Who wrote, as the recipient sees it: the order and the writer's role; the
    volunteer's first name (masked: a name could be a number), never the resident's."""
    if thread.role == "volunteer":
        profile = await services.people.profile(thread.sender_id)
        name = mask(profile.first_name) if profile and profile.first_name else ""
        return services.tr.text(locale, "relay-from-volunteer", id=thread.order.id, name=name)
    return services.tr.text(locale, "relay-from-resident", id=thread.order.id)


async def _deliver(services: Services, relayed: Relayed) -> int | None:
    """Send the message to the other side; its message id there, None if it did not
    reach them (logged by person id only)."""
    thread, item = relayed.thread, relayed.message.item
    recipient = thread.recipient_id
    locale = await services.locale_of(recipient)
    header = await _header(services, thread, locale)
    reply = markup(services, locale, thread.order.id, thread.role)
    if item.kind in ("text", "location"):
        words = (
            f"{header}\n{item.text}"
            if item.kind == "text"
            else services.tr.text(locale, "relay-location", header=header, **_where(item))
        )
        return (await services.deliver(recipient, words, reply)).message_id
    found = services.reach((await services.people.addresses([recipient])).get(recipient, ()))
    if found is None or item.file_id is None:
        return None
    messenger, chat_id = found
    caption = f"{header}\n{item.text}" if item.text else header
    media: SentMedia = "photo" if item.kind == "photo" else "voice"
    try:
        return await messenger.send_file_id(chat_id, media, item.file_id, caption)
    except Unreachable:
        await services.people.set_unreachable(recipient, True)
    except MessengerError as error:
        log.warning("could not relay to user %s: %s", recipient, type(error).__name__)
    return None


def _where(item: RelayItem) -> dict[str, object]:
    lat, lon = item.lat or 0.0, item.lon or 0.0
    return {
        "lat": f"{lat:.5f}",
        "lon": f"{lon:.5f}",
        "map": f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=18/{lat:.5f}/{lon:.5f}",
    }


async def card_lines(services: Services, locale: str, order_id: int) -> list[str]:
    """`/order <n>`'s line about the thread, when it has any messages."""
    count = await services.relay.count(order_id)
    return [services.tr.text(locale, "relay-card", count=count, id=order_id)] if count else []


async def thread(ctx: Ctx) -> None:
    """`/thread <n>`: the order's relayed chat, for a coordinator over its site."""
    parts = ctx.inbound.args.split()
    if len(parts) != 1 or not parts[0].isdigit():
        await ctx.reply("relay-thread-usage")
        return
    order, messages = await ctx.services.relay.thread_of(int(parts[0]), ctx.user_id)
    if not messages:
        await ctx.reply("relay-thread-empty", id=order.id)
        return
    lines = [ctx.t("relay-thread-title", id=order.id, count=len(messages))]
    lines += [_line(ctx, order.resident_id, message) for message in messages]
    await send_lines(ctx, lines)


def _line(ctx: Ctx, resident_id: int, message: RelayMessage) -> str:
    item = message.item
    at = moment_words(
        ctx.services.tr,
        ctx.locale,
        "date-pattern-history",
        message.at.astimezone(ctx.services.timezone),
    )
    role = "resident" if message.sender_id == resident_id else "volunteer"
    what = {
        "text": item.text,
        "photo": ctx.t("relay-thread-photo", caption=item.text),
        "voice": ctx.t("relay-thread-voice", caption=item.text),
        "location": ctx.t("relay-thread-location", **_where(item)),
    }[item.kind]
    return ctx.t(f"relay-thread-line-{role}", at=at, who=message.sender_id, what=what)


def register(router: Router) -> None:
    router.button(RelayPress, pressed)
    router.command("thread", thread)
    router.outside_flows(outside, RANK)
