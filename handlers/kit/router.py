"""The one entry point for every inbound event: who is it, what did they do, who handles it.

Commands and button presses go to the handler registered for them; anything
else goes to the conversation the user is in. One command name may have a
handler per argument shape (`Args`): `/order` starts an order, `/order 12` shows
order 12. The shapes are disjoint and the most specific one wins, so which
module registered first never matters, and a second handler for the same name
and shape is refused. A refusal from the domain becomes
a localized reply. Any other failure, loading the user included, is raised to
the drainer (bot/drainer.py): an outage keeps the update for a later try, a bug
is tried again and then set aside, and `handlers.notices` tells the user.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from enum import Enum
from typing import Any

from conversations.model import Answer, Flow, Stopped
from domain.errors import Refused
from handlers.kit import finishers, presses
from handlers.kit.context import Ctx, Services
from handlers.kit.finishers import Finisher, FlowPress
from handlers.kit.ports import BadRequest, Inbound, Kind
from locales import resolve_locale

log = logging.getLogger(__name__)

Command = Callable[[Ctx], Awaitable[None]]
ButtonHandler = Callable[[Ctx, Any], Awaitable[None]]
Outside = Callable[[Ctx], Awaitable[bool]]


class Args(Enum):
    """What follows a command, as far as choosing its handler goes."""

    ANY = "any"  # whatever no other shape of the command takes
    NUMBERED = "numbered"  # the first word is a number: `/order 12`, `/cancel 12 why`


def shape_of(args: str) -> Args:
    first = args.split(maxsplit=1)[0] if args.strip() else ""
    return Args.NUMBERED if first.isdigit() else Args.ANY


class Router:
    def __init__(self, services: Services) -> None:
        self.services = services
        # name -> shape -> handler
        self.commands: dict[str, dict[Args, Command]] = {}
        self.buttons: dict[type, ButtonHandler] = {}
        self.finishers: dict[str, Finisher] = {}  # by flow name: `Finished` names its flow
        self._finished_flows: dict[str, Flow] = {}
        self.hooks: list[Command] = []
        self.outside: list[tuple[int, Outside]] = []  # by rank

    def before(self, hook: Command) -> None:
        """Run `hook(ctx)` on every update before it is routed (the privacy notice)."""
        self.hooks.append(hook)

    def outside_flows(self, handler: Outside, rank: int) -> None:
        """`handler(ctx)` may take a message sent outside any conversation (text, a
        location, a photo, ...) before the user is shown the menu: True when it did.
        Tried by `rank`, lowest first, whoever registered first (a location is a
        check-in before it is a relayed message)."""
        if any(taken == rank for taken, _ in self.outside):
            raise ValueError(f"an outside-flows handler has rank {rank} already")
        self.outside = sorted([*self.outside, (rank, handler)], key=lambda pair: pair[0])

    def command(self, name: str, handler: Command, args: Args = Args.ANY) -> None:
        """`handler` answers `/name` when what follows has the shape `args`."""
        shapes = self.commands.setdefault(name, {})
        if args in shapes:
            raise ValueError(f"/{name} already has a handler for {args.name} arguments")
        shapes[args] = handler

    def resolve(self, name: str, args: str) -> Command | None:
        """The handler of `/name args`: the one for their shape, else the one for any."""
        shapes = self.commands.get(name, {})
        return shapes.get(shape_of(args)) or shapes.get(Args.ANY)

    def button(self, press_type: type, handler: ButtonHandler) -> None:
        """Presses of `press_type` (declared with `handlers.kit.presses.press`) go to `handler`."""
        if not presses.PRESSES.is_press(press_type):
            raise TypeError(f"{press_type.__qualname__} is not a declared press")
        if press_type in self.buttons:
            raise ValueError(f"{press_type.__qualname__} has a handler already")
        self.buttons[press_type] = handler

    def unhandled(self) -> set[type]:
        """Declared presses nobody handles: each would be answered "unknown button"."""
        return set(presses.PRESSES.types()) - set(self.buttons)

    def finisher(self, flow: Flow, handler: Finisher) -> None:
        """`handler` stores what `flow` produced: registered against the flow itself,
        not a name typed again; a second finisher for it is refused."""
        if flow.name in self._finished_flows:
            raise ValueError(f"flow {flow.name!r} already has a finisher")
        self._finished_flows[flow.name] = flow
        self.finishers[flow.name] = handler

    def unfinished(self, flows: Iterable[Flow]) -> list[Flow]:
        """Those of `flows` (the ones the engine runs) without their finisher: none
        registered, or one registered for another flow of the same name."""
        return [f for f in flows if self._finished_flows.get(f.name) is not f]

    async def handle(self, inbound: Inbound) -> None:
        if inbound.chat_type != "private":
            await self._elsewhere(inbound)  # the bot serves people one to one
            return
        # No catch-all here: an update is done only once it was handled, so the
        # drainer, not this method, decides what a failure means (see above).
        sender = inbound.sender
        # Who they are, by where they wrote from: created on first contact.
        person = await self.services.people.touch(
            inbound.address, sender.first_name, sender.username
        )
        if person.profile.unreachable:
            await self.services.people.set_unreachable(person.profile.id, False)
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
            await services.messengers[inbound.channel].answer(
                inbound.callback_id, services.tr.text(locale, "button-private-only")
            )
        except BadRequest as error:
            log.info("could not answer press %s: %s", inbound.update_id, error)

    async def _route(self, ctx: Ctx) -> None:
        for hook in self.hooks:
            await hook(ctx)
        inbound = ctx.inbound
        if inbound.kind is Kind.COMMAND:
            handler = self.resolve(inbound.command, inbound.args)
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
        if isinstance(outcome, Stopped) and outcome.reason in ("none", "lost"):
            for _, take in self.outside:  # in no conversation: perhaps a check-in, or a chat
                if await take(ctx):
                    return
        await finishers.show(ctx, outcome, self.finishers)

    async def flow_press(self, ctx: Ctx, press: FlowPress) -> None:
        answer = Answer("choice", value=press.value, version=press.version)
        outcome = await self.services.engine.feed(ctx.state_key, ctx.flow_context(), answer)
        await finishers.show(ctx, outcome, self.finishers, pressed=True)

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
