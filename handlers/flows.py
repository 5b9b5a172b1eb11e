"""Showing what the flow engine decided: the next question, a hint, or the end.

A button press on a question edits that message into the next question, so the
chat stays short; typed answers get a new message.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Mapping

from conversations.model import Asked, Data, Finished, Outcome, Stopped
from handlers import render
from handlers.callbacks import MenuPress, Press
from handlers.context import Ctx
from handlers.ports import BadRequest, InlineKeyboard, RemoveKeyboard

Finisher = Callable[[Ctx, Finished], Awaitable[None]]


async def start(ctx: Ctx, flow: str, data: Data | None = None) -> None:
    outcome = await ctx.services.engine.start(ctx.state_key, ctx.flow_context(), flow, data)
    await show(ctx, outcome, {})


async def show(
    ctx: Ctx, outcome: Outcome, finishers: Mapping[str, Finisher], pressed: bool = False
) -> None:
    match outcome:
        case Asked():
            await _ask(ctx, outcome, pressed)
        case Finished():
            if pressed and ctx.inbound.message_id:
                await _drop_buttons(ctx, ctx.inbound.message_id)
            await finishers[outcome.flow](ctx, outcome)
        case Stopped(reason="busy"):
            pass  # another tap already moved this conversation on
        case Stopped(reason="stale" | "none") if pressed:
            await ctx.toast("flow-stale-button")
        case Stopped(reason="none"):
            await ctx.reply("use-menu", render.inline(*menu_rows(ctx)))
        case Stopped(text=text) if text is not None:
            if pressed and ctx.inbound.message_id:
                await _drop_buttons(ctx, ctx.inbound.message_id)
            await ctx.say(text, RemoveKeyboard())


async def _ask(ctx: Ctx, asked: Asked, pressed: bool) -> None:
    tr, prompt = ctx.services.tr, asked.prompt
    markup = render.prompt_markup(tr, ctx.locale, prompt)
    words = ctx.words(prompt.text)
    if asked.hint is not None:
        words = f"{ctx.words(asked.hint)}\n\n{words}"
    message_id = ctx.inbound.message_id
    if pressed and message_id and isinstance(markup, InlineKeyboard) and asked.ack is None:
        try:
            await ctx.services.messenger.edit(ctx.chat_id, message_id, words, markup)
            return
        except BadRequest:
            pass  # the message is gone or unchanged: ask in a new one
    if asked.ack is not None:
        await ctx.say(asked.ack, RemoveKeyboard())
    elif pressed and message_id:
        await _drop_buttons(ctx, message_id)
    await ctx.services.messenger.send(ctx.chat_id, words, markup)


async def _drop_buttons(ctx: Ctx, message_id: int) -> None:
    with contextlib.suppress(BadRequest):  # already without buttons
        await ctx.services.messenger.edit_markup(ctx.chat_id, message_id, None)


def menu_rows(ctx: Ctx) -> list[list[tuple[str, Press]]]:
    """The main menu, by role."""
    roles = ctx.person.roles
    rows: list[list[tuple[str, Press]]] = [
        [(ctx.t("menu-order"), MenuPress("order")), (ctx.t("menu-myorders"), MenuPress("myorders"))]
    ]
    if roles.volunteer:
        rows.append([(ctx.t("menu-tasks"), MenuPress("tasks"))])
    if roles.coordinator:
        rows.append([(ctx.t("menu-pending"), MenuPress("pending"))])
    rows.append([(ctx.t("menu-lang"), MenuPress("lang")), (ctx.t("menu-help"), MenuPress("help"))])
    return rows
