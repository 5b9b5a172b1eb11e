"""`/broadcast` (群发): a coordinator's message to their volunteers, a team, or the
residents who ordered lately; and the sender that delivers every broadcast.

The flow (`conversations/flows/broadcasts.py`) asks the audience and the words; its
finisher drafts the broadcast (the recipients resolved and stored) and shows the
preview with Send / Cancel. Send turns the preview into the progress message,
which the senders edit as they go ("1,200 / 5,000 已发送，3 人无法送达"), with a
Cancel button until it is over. `pump` is one sender's step: claim a batch of
recipients (in any worker), send, record. `announce` is the way in for other
features: this text and these buttons to these people, durable, sent once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from conversations.flows.broadcasts import BROADCAST
from conversations.model import Finished
from domain.broadcast_models import Audience, Broadcast, Buttons, RecipientStatus, Tally
from domain.broadcasts import TEAM_BUTTONS
from domain.errors import Refused
from handlers.kit import finishers, render
from handlers.kit.chunks import telegram_length
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import (
    BadRequest,
    Button,
    InlineKeyboard,
    Messenger,
    MessengerError,
    Unreachable,
)
from handlers.kit.presses import press
from handlers.kit.router import Router

log = logging.getLogger(__name__)

BATCH = 60  # recipients one sender claims at once (about 2 s of Telegram's 30/s)
# Sends of one batch in flight; the rate limiter paces them. Few, since every
# reservation queued ahead of a reply to someone else delays that reply.
IN_FLIGHT = 10
PROGRESS_EVERY = timedelta(seconds=3)  # the author's chat allows ~1 edit a second
CAPTION_MAX = 1024  # the Bot API's caption limit: a longer text follows its photo


@press("bc")
@dataclass(frozen=True, slots=True)
class BroadcastPress:
    broadcast_id: int
    act: Literal["s", "x"]  # send, cancel


async def broadcast(ctx: Ctx) -> None:
    teams = await ctx.services.broadcasts.teams_for(ctx.user_id)  # refuses non-coordinators
    shown = [[t.id, t.name.zh, t.name.en] for t in teams[:TEAM_BUTTONS]]
    await finishers.start(ctx, BROADCAST, {"teams": shown})


async def drafted(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    audience = await _audience(ctx, data)
    draft = await ctx.services.broadcasts.draft(ctx.user_id, audience, str(data["text"]))
    finishers.committed(ctx)
    words = ctx.t(
        "broadcast-preview",
        audience=ctx.t(f"broadcast-to-{audience.kind}", days=audience.days or 0),
        total=draft.total,
        text=draft.text,
    )
    buttons = render.inline(
        [
            (ctx.t("broadcast-send"), BroadcastPress(draft.id, "s")),
            (ctx.t("broadcast-cancel"), BroadcastPress(draft.id, "x")),
        ]
    )
    await ctx.messenger.send(ctx.chat_id, words, buttons)


async def _audience(ctx: Ctx, data: dict[str, object]) -> Audience:
    kind = str(data["audience"])
    if kind == "team":
        team_id = data.get("team_id")
        if team_id is None:  # typed: a code among the teams at their sites
            code = str(data.get("team_code") or "").casefold()
            teams = await ctx.services.broadcasts.teams_for(ctx.user_id)
            found = [t.id for t in teams if t.code.casefold() == code]
            if not found:
                raise Refused("broadcast-team-not-yours")
            team_id = found[0]
        return Audience("team", team_id=int(str(team_id)))
    if kind == "residents":
        return Audience("residents", days=int(str(data["days"])))
    return Audience("subtree")


async def pressed(ctx: Ctx, press: BroadcastPress) -> None:
    desk = ctx.services.broadcasts
    if press.act == "s":
        started = await desk.start(press.broadcast_id, ctx.user_id, ctx.inbound.message_id)
        await ctx.toast("broadcast-started")
        words = progress_words(ctx.services, ctx.locale, started, Tally(total=started.total))
        await ctx.replace_pressed(
            words, cancel_button(ctx.services, ctx.locale, started), fallback="send"
        )
        return
    stopped = await desk.cancel(press.broadcast_id, ctx.user_id)
    await ctx.toast("broadcast-stopped")
    words = progress_words(ctx.services, ctx.locale, stopped.broadcast, stopped.tally)
    await ctx.replace_pressed(words, None, fallback="send")


def progress_words(services: Services, locale: str, broadcast: Broadcast, tally: Tally) -> str:
    """ "1,200 / 5,000 已发送，3 人无法送达", and how it stands (sending, done, cancelled)."""
    return services.tr.text(
        locale,
        f"broadcast-progress-{broadcast.status}",
        id=broadcast.id,
        handled=tally.handled,
        total=broadcast.total,
        sent=tally.sent,
        unreachable=tally.unreachable,
        failed=tally.failed,
    )


def cancel_button(services: Services, locale: str, broadcast: Broadcast) -> InlineKeyboard:
    return render.inline(
        [(services.tr.text(locale, "broadcast-cancel"), BroadcastPress(broadcast.id, "x"))]
    )


def _markup(buttons: Buttons) -> InlineKeyboard | None:
    if not buttons:
        return None
    return InlineKeyboard(tuple(tuple(Button(t, d) for t, d in row) for row in buttons))


async def announce(
    services: Services,
    author_id: int,
    person_ids: Sequence[int],
    text: str,
    markup: InlineKeyboard | None = None,
    photo: str | None = None,
) -> int:
    """Send `text` (and an inline `markup`) to these people, durably and once each,
    paced like every broadcast; returns the broadcast's id. No progress message.
    With `photo` (a Telegram file id), each gets the photo with `text` as its caption."""
    rows: Buttons = ()
    if markup is not None:
        rows = tuple(tuple((b.text, b.data) for b in row) for row in markup.rows)
    made = await services.broadcasts.announce(author_id, person_ids, text, rows, photo)
    return made.id


async def deliver(
    messenger: Messenger, chat_id: int, broadcast: Broadcast, markup: InlineKeyboard | None
) -> None:
    """One recipient's message: the text, or the photo with the text as its caption
    (one send, so one place in the send limit). A text too long for a caption comes
    after a bare photo; a photo Telegram refuses (a file id gone stale) gives way to
    the text alone, so nobody misses the words for a picture."""
    if broadcast.photo is None:
        await messenger.send(chat_id, broadcast.text, markup)
        return
    fits = telegram_length(broadcast.text) <= CAPTION_MAX
    try:
        if fits:
            await messenger.send_file_id(chat_id, "photo", broadcast.photo, broadcast.text, markup)
            return
        await messenger.send_file_id(chat_id, "photo", broadcast.photo)
    except BadRequest as error:
        log.info("broadcast %s: photo refused: %s", broadcast.id, type(error).__name__)
    await messenger.send(chat_id, broadcast.text, markup)


async def pump(services: Services, worker: str, batch: int = BATCH) -> int:
    """One sender's step: claim up to `batch` recipients of a broadcast, send to each,
    record how it went and show progress. How many were handled (0: nothing to do)."""
    desk = services.broadcasts
    claimed = await desk.claim(worker, batch)
    if claimed is None:
        return 0
    broadcast = claimed.broadcast
    found = await services.people.addresses(claimed.person_ids)
    markup = _markup(broadcast.buttons)
    slots = asyncio.Semaphore(IN_FLIGHT)

    async def one(person_id: int) -> RecipientStatus:
        reached = services.reach(found.get(person_id, ()))
        if reached is None:
            return RecipientStatus.UNREACHABLE
        messenger, chat_id = reached
        async with slots:
            try:
                await deliver(messenger, chat_id, broadcast, markup)
                return RecipientStatus.SENT
            except Unreachable:
                return RecipientStatus.UNREACHABLE
            except MessengerError as error:  # logged by id and type: never the text
                log.warning(
                    "broadcast %s to user %s: %s", broadcast.id, person_id, type(error).__name__
                )
                return RecipientStatus.FAILED

    outcomes = await asyncio.gather(*(one(p) for p in claimed.person_ids))
    results = dict(zip(claimed.person_ids, outcomes, strict=True))
    for person_id, outcome in results.items():
        if outcome is RecipientStatus.UNREACHABLE:
            await services.people.set_unreachable(person_id, True)
    progress = await desk.record(broadcast.id, results, PROGRESS_EVERY)
    if progress.edit:
        await show_progress(services, progress.broadcast, progress.tally)
        if not progress.finished:
            # Another worker may have ended it while this edit was on its way, and
            # its last word landed first: read again, and give the last word again.
            now = await desk.get(broadcast.id)
            if now is not None and now[0].status != "sending":
                await show_progress(services, *now)
    return len(results)


async def show_progress(services: Services, broadcast: Broadcast, tally: Tally) -> None:
    """Edit the author's progress message (best effort: they may have deleted it)."""
    if broadcast.progress_message is None:
        return
    locale = await services.locale_of(broadcast.author_id)
    words = progress_words(services, locale, broadcast, tally)
    sending = broadcast.status == "sending"
    markup = cancel_button(services, locale, broadcast) if sending else None
    try:
        await services.edit(broadcast.author_id, broadcast.progress_message, words, markup)
    except MessengerError as error:
        log.info("broadcast %s: progress not shown: %s", broadcast.id, type(error).__name__)


def register(router: Router) -> None:
    router.command("broadcast", broadcast)
    router.finisher(BROADCAST, drafted)
    router.button(BroadcastPress, pressed)
