"""Running flows for handlers: start one, show what the engine decided (the next
question, a hint, or the end), and hand a finished flow to its finisher.

Finishers are registered against the `Flow` object (`Router.finisher(ORDER, place)`),
never a name typed twice; the router refuses a second finisher for a flow, and
`build_router` a flow that has none.

A button press on a question edits that message into the next question, so the
chat stays short; typed answers get a new message.

A finished flow is forgotten only once what it produced is stored: its finisher
calls `committed(ctx)` right after the domain committed, and a finisher that
fails before that reopens the last step (the summary keeps its buttons, so the
user can press Confirm again, or the retried update does).

A question's buttons carry a `FlowPress` (the state version they were drawn
for, and the choice), the main menu's a `MenuPress`; both are declared here.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from conversations.engine import NAV
from conversations.model import (
    BACK,
    CANCEL,
    SKIP,
    Asked,
    Choice,
    Data,
    Finished,
    Flow,
    Outcome,
    Prompt,
    Stopped,
)
from handlers.kit import render
from handlers.kit.context import Ctx
from handlers.kit.ports import (
    BadRequest,
    Button,
    InlineKeyboard,
    RemoveKeyboard,
    ReplyButton,
    ReplyKeyboard,
)
from handlers.kit.presses import Press, pack, press
from locales import Translator

log = logging.getLogger(__name__)


@press("f")
@dataclass(frozen=True, slots=True)
class FlowPress:
    """A choice on a flow's question, for the version of the state it was drawn for."""

    version: int
    value: str  # the last field, so a choice's value may hold ":"


@press("m")
@dataclass(frozen=True, slots=True)
class MenuPress:
    item: str  # a command name: "order", "myorders", ...


Finisher = Callable[[Ctx, Finished], Awaitable[None]]


async def start(ctx: Ctx, flow: Flow, data: Data | None = None) -> None:
    engine = ctx.services.engine
    outcome = await engine.start(ctx.state_key, ctx.flow_context(), flow.name, data)
    await show(ctx, outcome, {})


async def show(
    ctx: Ctx, outcome: Outcome, finishers: Mapping[str, Finisher], pressed: bool = False
) -> None:
    match outcome:
        case Asked():
            await _ask(ctx, outcome, pressed)
        case Finished():
            await _finish(ctx, outcome, finishers[outcome.flow])
            if pressed and ctx.inbound.message_id:
                await _drop_buttons(ctx, ctx.inbound.message_id)
        case Stopped(reason="busy"):
            pass  # another tap already moved this conversation on
        case Stopped(reason="lost"):
            await _lost(ctx, pressed)
        case Stopped(reason="stale" | "none") if pressed:
            await ctx.toast("flow-stale-button")
        case Stopped(reason="none"):
            await ctx.reply("use-menu", render.inline(*menu_rows(ctx)))
        case Stopped(text=text) if text is not None:
            if pressed and ctx.inbound.message_id:
                await _drop_buttons(ctx, ctx.inbound.message_id)
            await ctx.say(text, RemoveKeyboard())


def committed(ctx: Ctx) -> None:
    """Called by a finisher once what the flow produced is stored: from here on a
    failure no longer brings the last step back."""
    ctx.unfinished = None


async def _finish(ctx: Ctx, finished: Finished, finisher: Finisher) -> None:
    ctx.unfinished = finished
    try:
        await finisher(ctx, finished)
    except BaseException:
        if ctx.unfinished is not None:
            await _reopen(ctx, finished)
        raise
    finally:
        ctx.unfinished = None


async def _reopen(ctx: Ctx, finished: Finished) -> None:
    try:
        if not await ctx.services.engine.reopen(ctx.state_key, finished):
            log.info(
                "flow %s of update %s moved on; not reopened", finished.flow, ctx.inbound.update_id
            )
    except Exception as error:  # the state store is away too: the retry starts over
        log.warning("could not reopen flow %s: %s", finished.flow, type(error).__name__)


async def _lost(ctx: Ctx, pressed: bool) -> None:
    """The conversation's state vanished: say so, and offer the menu to start again."""
    menu = render.inline(*menu_rows(ctx))
    if pressed:
        await ctx.toast()
        if ctx.inbound.message_id:
            await _drop_buttons(ctx, ctx.inbound.message_id)
        await ctx.reply("flow-lost", menu)
        return
    # A typed answer came from a reply keyboard, which must go before the menu comes.
    await ctx.reply("flow-lost", RemoveKeyboard())
    await ctx.reply("flow-lost-menu", menu)


async def _ask(ctx: Ctx, asked: Asked, pressed: bool) -> None:
    tr, prompt = ctx.services.tr, asked.prompt
    markup = prompt_markup(tr, ctx.locale, prompt)
    words = ctx.words(prompt.text)
    if asked.hint is not None:
        words = f"{ctx.words(asked.hint)}\n\n{words}"
    message_id = ctx.inbound.message_id
    # When the pressed message is gone or unchanged, ask in a new one (below), after
    # taking the buttons off the old one.
    if pressed and isinstance(markup, InlineKeyboard) and asked.ack is None:
        edited = await ctx.replace_pressed(words, markup, fallback="nothing")
        if edited:
            return
    if asked.ack is not None:
        await ctx.say(asked.ack, RemoveKeyboard())
    elif pressed and message_id:
        await _drop_buttons(ctx, message_id)
    await ctx.messenger.send(ctx.chat_id, words, markup)


async def _drop_buttons(ctx: Ctx, message_id: int) -> None:
    with contextlib.suppress(BadRequest):  # already without buttons
        await ctx.messenger.edit_markup(ctx.chat_id, message_id, None)


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


def _nav(prompt: Prompt) -> list[Choice]:
    wanted = {BACK: prompt.back, SKIP: prompt.skip, CANCEL: True}
    return [choice for choice in NAV if wanted[choice.value]]


def prompt_markup(tr: Translator, locale: str, prompt: Prompt) -> InlineKeyboard | ReplyKeyboard:
    """Inline buttons, or a reply keyboard when the step asks for a location or contact."""
    if prompt.request:
        request_key = f"request-{prompt.request}"
        rows: list[tuple[ReplyButton, ...]] = [
            (ReplyButton(tr.text(locale, request_key), prompt.request),)
        ]
        rows += [(ReplyButton(render.label(tr, locale, c)),) for c in prompt.choices]
        rows.append(tuple(ReplyButton(render.label(tr, locale, c)) for c in _nav(prompt)))
        return ReplyKeyboard(tuple(rows))

    def button(choice: Choice) -> Button:
        return Button(
            render.label(tr, locale, choice), pack(FlowPress(prompt.version, choice.value))
        )

    rows_inline = render.grid([button(c) for c in prompt.choices], prompt.columns)
    rows_inline.append(tuple(button(c) for c in _nav(prompt)))
    return InlineKeyboard(tuple(rows_inline))
