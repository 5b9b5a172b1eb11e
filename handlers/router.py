"""The one entry point for every inbound event: who is it, what did they do, who handles it.

Commands and button presses go to the handler registered for them; anything
else goes to the conversation the user is in. A refusal from the domain becomes
a localized reply. Any other failure, loading the user included, is raised to
the drainer (bot/drainer.py): an outage keeps the update for a later try, a bug
is tried again and then set aside, and `handlers.notices` tells the user.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from conversations.model import Answer
from domain.errors import Refused
from handlers import flows, presses
from handlers.context import Ctx, Services
from handlers.flows import Finisher, FlowPress
from handlers.ports import BadRequest, Inbound, Kind
from locales import resolve_locale

log = logging.getLogger(__name__)

Command = Callable[[Ctx], Awaitable[None]]
ButtonHandler = Callable[[Ctx, Any], Awaitable[None]]


class Router:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.commands: dict[str, Command] = {}
        self.buttons: dict[type, ButtonHandler] = {}
        self.finishers: dict[str, Finisher] = {}
        self.hooks: list[Command] = []

    def before(self, hook: Command) -> None:
        """Run `hook(ctx)` on every update before it is routed (the privacy notice)."""
        self.hooks.append(hook)

    def command(self, name: str, handler: Command) -> None:
        self.commands[name] = handler

    def button(self, press_type: type, handler: ButtonHandler) -> None:
        """Presses of `press_type` (declared with `handlers.presses.press`) go to `handler`."""
        if not presses.PRESSES.is_press(press_type):
            raise TypeError(f"{press_type.__qualname__} is not a declared press")
        if press_type in self.buttons:
            raise ValueError(f"{press_type.__qualname__} has a handler already")
        self.buttons[press_type] = handler

    def unhandled(self) -> set[type]:
        """Declared presses nobody handles: each would be answered "unknown button"."""
        return set(presses.PRESSES.types()) - set(self.buttons)

    def finisher(self, flow: str, handler: Finisher) -> None:
        self.finishers[flow] = handler

    async def handle(self, inbound: Inbound) -> None:
        if inbound.chat_type != "private":
            await self._elsewhere(inbound)  # the bot serves people one to one
            return
        # No catch-all here: an update is done only once it was handled, so the
        # drainer, not this method, decides what a failure means (see above).
        sender = inbound.sender
        person = await self.services.people.touch(sender.id, sender.first_name, sender.username)
        if person.profile.unreachable:
            await self.services.people.set_unreachable(sender.id, False)
        ctx = Ctx(inbound, person, self.services)
        try:
            await self._route(ctx)
        except Refused as refused:
            await self._refuse(ctx, refused)
        await ctx.toast()

    async def _elsewhere(self, inbound: Inbound) -> None:
        """Outside a private chat nothing is done, but a press is still answered, or
        its spinner would turn until Telegram gives up."""
        if not inbound.callback_id:
            return
        services = self.services
        locale = resolve_locale(inbound.sender.language_code, services.default_locale)
        try:
            await services.messenger.answer(
                inbound.callback_id, services.tr.text(locale, "button-private-only")
            )
        except BadRequest as error:
            log.info("could not answer press %s: %s", inbound.update_id, error)

    async def _route(self, ctx: Ctx) -> None:
        for hook in self.hooks:
            await hook(ctx)
        inbound = ctx.inbound
        if inbound.kind is Kind.COMMAND:
            handler = self.commands.get(inbound.command)
            if handler is None:
                await ctx.reply("unknown-command")
                return
            await handler(ctx)
        elif inbound.kind is Kind.BUTTON:
            press = presses.unpack(inbound.data)  # None: stale, forged or cut short
            handler_for = self.buttons.get(type(press)) if press is not None else None
            if handler_for is None:
                await ctx.toast("button-unknown")
                return
            await handler_for(ctx, press)
        else:
            await self._answer_flow(ctx)

    async def _answer_flow(self, ctx: Ctx) -> None:
        inbound = ctx.inbound
        answer = _answer(inbound)
        outcome = await self.services.engine.feed(ctx.state_key, ctx.flow_context(), answer)
        await flows.show(ctx, outcome, self.finishers)

    async def flow_press(self, ctx: Ctx, press: FlowPress) -> None:
        answer = Answer("choice", value=press.value, version=press.version)
        outcome = await self.services.engine.feed(ctx.state_key, ctx.flow_context(), answer)
        await flows.show(ctx, outcome, self.finishers, pressed=True)

    async def _refuse(self, ctx: Ctx, refused: Refused) -> None:
        key = f"refused-{refused.reason}"
        if ctx.inbound.kind is Kind.BUTTON:
            await ctx.toast(key, alert=True, **refused.args_for_text)
        else:
            await ctx.reply(key, **refused.args_for_text)


def _answer(inbound: Inbound) -> Answer:
    match inbound.kind:
        case Kind.TEXT:
            return Answer("text", text=inbound.text)
        case Kind.LOCATION:
            return Answer("location", location=inbound.location)
        case Kind.CONTACT:
            own = inbound.contact_user_id == inbound.sender.id
            return Answer("contact", phone=inbound.phone, own_contact=own)
        case Kind.PHOTO if inbound.photo is not None:
            return Answer("photo", file_id=inbound.photo.file_id, caption=inbound.text)
        case Kind.VOICE if inbound.voice is not None:
            return Answer("voice", file_id=inbound.voice.file_id, caption=inbound.text)
    return Answer("other")
