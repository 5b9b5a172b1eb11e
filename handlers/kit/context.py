"""What a handler gets: the event, who sent it, their language, and the services."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Literal, TypeVar, cast
from zoneinfo import ZoneInfo

from conversations.engine import Engine
from conversations.model import Finished, FlowContext, Text
from domain.activities import Activities
from domain.applications import Applications
from domain.audit import Audit
from domain.broadcasts import Broadcasts
from domain.candidates import Candidates
from domain.catalog import CatalogEditor
from domain.certificates import Certificates
from domain.checkin import Checkins
from domain.complaints import Complaints
from domain.digests import Digests
from domain.exports import Exports
from domain.honour import Honour
from domain.households import Households
from domain.invites import Invites
from domain.ledger import Ledger
from domain.menus import Menus
from domain.models import TELEGRAM, Address, Order
from domain.orders import OrderDesk
from domain.people import People, Person
from domain.ports.clock import Clock
from domain.ports.state import StateKey
from domain.posters import Posters
from domain.privacy import Privacy
from domain.reference import Reference
from domain.relay import Relay
from domain.shop import Shop
from domain.staff import Staff
from domain.stats import StatsDesk
from domain.visits import VisitDesk
from domain.voice import VoiceNotes
from domain.wishes import WishDesk
from handlers.kit import render
from handlers.kit.ports import (
    BadRequest,
    Inbound,
    InlineKeyboard,
    Markup,
    Messenger,
    MessengerError,
    Unreachable,
)
from locales import Translator, resolve_locale

log = logging.getLogger(__name__)

# How many messages a fan-out has in flight at once. The transport's rate limiter
# still paces them; this only bounds the tasks and connections one update holds.
FAN_OUT = 10
T = TypeVar("T")
# The bot's Telegram username (getMe), for links that open a chat with it.
BotUsername = Callable[[], Awaitable[str]]
# What `Ctx.replace_pressed` does when the pressed message cannot show the new words:
# "send" them in a new message, or do "nothing" (the press's answer said enough).
Fallback = Literal["send", "nothing"]


@dataclass(frozen=True, slots=True)
class Delivery:
    """How one message to another person went."""

    message_id: int | None  # None: not delivered
    unreachable: bool = False  # they blocked the bot or never started it


@dataclass(frozen=True, slots=True)
class Services:
    """Everything handlers may use, built once by `bot.app`."""

    people: People
    desk: OrderDesk
    reference: Reference  # the catalogue and the site tree, cached
    engine: Engine
    tr: Translator
    messengers: Mapping[str, Messenger]  # by channel: how to reach an address on it
    clock: Clock
    bot_id: int
    default_locale: str
    timezone: ZoneInfo
    applications: Applications
    staff: Staff
    catalog: CatalogEditor
    invites: Invites
    bot_username: BotUsername
    privacy: Privacy
    audit: Audit
    visits: VisitDesk  # the visit: arrival, code word, on my way, did it happen
    activities: Activities
    complaints: Complaints
    relay: Relay  # the resident and the volunteer write through the bot
    checkins: Checkins  # check-in at the door
    digests: Digests  # how each coordinator hears of new orders
    candidates: Candidates  # dispatch by buttons
    ledger: Ledger  # hours, points, star levels (/me, /adjust)
    shop: Shop  # the points shop (积分超市)
    broadcasts: Broadcasts
    menus: Menus
    voice: VoiceNotes  # an order's voice notes
    wishes: WishDesk  # the wish wall (心愿墙)
    stats: StatsDesk
    exports: Exports  # /export
    posters: Posters  # /qr
    households: Households  # household civility points (乡风文明积分)
    honour: Honour  # the monthly honour list
    certificates: Certificates  # volunteer service certificates

    @property
    def messenger(self) -> Messenger:
        """The Telegram channel's messenger, for tools that speak Telegram itself.
        Handlers answer through `Ctx.messenger` and reach people with `tell`."""
        return self.messengers[TELEGRAM]

    def reach(self, addresses: Iterable[Address]) -> tuple[Messenger, int] | None:
        """Where to send to someone at these addresses (oldest first): the first one
        on a channel this process serves, as that messenger's chat id (a number, as
        `Messenger` takes). None: they cannot be reached from here."""
        for address in addresses:
            messenger = self.messengers.get(address.channel)
            if messenger is not None and address.address.lstrip("-").isdigit():
                return messenger, int(address.address)
        return None

    async def edit(
        self, user_id: int, message_id: int, words: str, markup: InlineKeyboard | None
    ) -> None:
        """Edit a message sent to someone (with `tell`); raises as `Messenger.edit`.
        Without an address there is nothing to edit: nothing could have been sent."""
        found = self.reach((await self.people.addresses([user_id])).get(user_id, ()))
        if found is not None:
            messenger, chat_id = found
            await messenger.edit(chat_id, message_id, words, markup)

    def today(self) -> date:
        return self.clock.now().astimezone(self.timezone).date()

    async def locale_of(self, user_id: int) -> str:
        profile = await self.people.profile(user_id)
        return (profile.locale if profile else None) or self.default_locale

    async def locales_of(self, user_ids: Iterable[int]) -> dict[int, str]:
        """Each user's language, looked up in one query (unknown users: the default)."""
        wanted = list(user_ids)
        chosen = await self.people.locales(wanted) if wanted else {}
        return {uid: chosen.get(uid) or self.default_locale for uid in wanted}

    async def order_args(self, order: Order, locale: str) -> dict[str, object]:
        """The arguments every order message shares, in `locale`."""
        # Both look-ups are served from the process's cache (`domain.reference`).
        catalogue = await self.reference.catalogue()
        site = await self.reference.site(order.site_id)
        return render.order_args(self.tr, locale, order, catalogue, site)

    async def order_words(self, user_id: int, key: str, order: Order, **extra: object) -> str:
        """The message `key` about `order`, in `user_id`'s language; `extra` adds to
        (or overrides) the order's own arguments."""
        locale = await self.locale_of(user_id)
        args = {**await self.order_args(order, locale), **extra}
        return self.tr.text(locale, key, **args)

    async def tell_order(
        self,
        user_id: int,
        key: str,
        order: Order,
        markup: Markup | None = None,
        **extra: object,
    ) -> int | None:
        """`tell` someone about an order: their language, the order's arguments, the
        send, as a best effort (see `tell`). The one way to do it, so every message
        about an order names it the same way in every language."""
        words = await self.order_words(user_id, key, order, **extra)
        return await self.send_words(user_id, words, markup)

    async def tell(
        self, user_id: int, text: Text, markup: Markup | None = None, locale: str | None = None
    ) -> int | None:
        """Message another user in their language, at their address; None if it
        could not be delivered.

        One person who cannot be reached never stops the others from being told.
        """
        locale = locale or await self.locale_of(user_id)
        return await self.send_words(user_id, render.words(self.tr, locale, text), markup)

    async def tell_localised(
        self, user_id: int, text: Callable[[str], Text], markup: Markup | None = None
    ) -> int | None:
        """`tell` a message whose arguments depend on the language (a name picked, a
        nested message): `text(locale)` builds it in the recipient's, as a best effort.
        The caller never looks the language up itself."""
        locale = await self.locale_of(user_id)
        return await self.tell(user_id, text(locale), markup, locale)

    async def send_words(self, user_id: int, words: str, markup: Markup | None) -> int | None:
        """`tell` with the words already in the user's language."""
        return (await self.deliver(user_id, words, markup)).message_id

    async def deliver(self, user_id: int, words: str, markup: Markup | None) -> Delivery:
        """`send_words`, saying also whether the person cannot be reached at all
        (blocked the bot, never started it, or no address on a channel we serve):
        they are marked so until they write."""
        addresses = (await self.people.addresses([user_id])).get(user_id, [])
        return await self._deliver_at(user_id, addresses, words, markup)

    async def _deliver_at(
        self, user_id: int, addresses: Sequence[Address], words: str, markup: Markup | None
    ) -> Delivery:
        # Logs name the person id, never the address (personal data).
        found = self.reach(addresses)
        if found is not None:
            messenger, chat_id = found
            try:
                return Delivery(await messenger.send(chat_id, words, markup))
            except Unreachable:
                pass
            except MessengerError as error:
                log.warning("could not tell user %s: %s", user_id, error)
                return Delivery(None)
        log.info("user %s is unreachable", user_id)
        await self.people.set_unreachable(user_id, True)
        return Delivery(None, unreachable=True)

    async def tell_all(
        self, messages: Sequence[tuple[int, str, Markup | None]]
    ) -> list[int | None]:
        """`send_words` to many users, `FAN_OUT` at a time; message ids in input order."""
        return [delivery.message_id for delivery in await self.deliver_all(messages)]

    async def deliver_all(
        self, messages: Sequence[tuple[int, str, Markup | None]]
    ) -> list[Delivery]:
        """`deliver` to many users, `FAN_OUT` at a time; in input order. Their
        addresses are read in one query for all."""
        found = await self.people.addresses(user_id for user_id, _, _ in messages)
        return await each_bounded(
            [
                partial(self._deliver_at, user_id, found.get(user_id, []), words, markup)
                for user_id, words, markup in messages
            ]
        )


async def each_bounded(jobs: Sequence[Callable[[], Awaitable[T]]]) -> list[T]:
    """Run `jobs` concurrently, `FAN_OUT` at a time, results in order.

    Inline, not fire-and-forget: the caller (a chat's update) finishes only once
    everyone was told, so a crash loses nothing the inbox would not redeliver.
    Every job of a chunk runs to its end before an error of one is raised.
    """
    results: list[T] = []
    for start in range(0, len(jobs), FAN_OUT):
        chunk = jobs[start : start + FAN_OUT]
        done = await asyncio.gather(*(job() for job in chunk), return_exceptions=True)
        for outcome in done:
            if isinstance(outcome, BaseException):
                raise outcome
        results.extend(cast(list[T], done))
    return results


@dataclass(slots=True)
class Ctx:
    inbound: Inbound
    person: Person
    services: Services
    answered: bool = False  # a button press gets exactly one answer
    unfinished: Finished | None = None  # a flow's end, until its finisher committed

    @property
    def user_id(self) -> int:
        """The person's id (the router found them at the sender's address)."""
        return self.person.profile.id

    @property
    def chat_id(self) -> int:
        """The chat the update came from, on its channel: where replies go."""
        return self.inbound.chat_id

    @property
    def messenger(self) -> Messenger:
        """The messenger of the channel the update came through."""
        return self.services.messengers[self.inbound.channel]

    @property
    def locale(self) -> str:
        profile = self.person.profile
        return profile.locale or resolve_locale(
            self.inbound.sender.language_code, self.services.default_locale
        )

    @property
    def state_key(self) -> StateKey:
        return StateKey(self.services.bot_id, self.chat_id, self.user_id, self.inbound.channel)

    def flow_context(self) -> FlowContext:
        return FlowContext(
            self.locale, self.person.profile, self.services.reference, self.services.today()
        )

    def t(self, key: str, **args: object) -> str:
        return self.services.tr.text(self.locale, key, **args)

    def words(self, text: Text) -> str:
        return render.words(self.services.tr, self.locale, text)

    async def reply(self, key: str, markup: Markup | None = None, **args: object) -> int:
        return await self.messenger.send(self.chat_id, self.t(key, **args), markup)

    async def say(self, text: Text, markup: Markup | None = None) -> int:
        return await self.messenger.send(self.chat_id, self.words(text), markup)

    async def replace_pressed(
        self, text: str, markup: InlineKeyboard | None = None, *, fallback: Fallback
    ) -> bool:
        """Turn the message whose button was pressed into `text` (and `markup`), so
        the chat stays short. True when the pressed message now shows it.

        When it cannot be edited (no message with the press, or the Bot API refuses:
        deleted, too old, or already showing exactly this, which Telegram also
        refuses), `fallback` says what happens: "send" the words in a new message
        (True then too), or "nothing". Each call site picks the one its reader needs:
        an answer that must be read somewhere, or words the press's answer already said.
        """
        message_id = self.inbound.message_id
        if message_id:
            try:
                await self.messenger.edit(self.chat_id, message_id, text, markup)
                return True
            except BadRequest as error:
                log.info("could not edit pressed message of %s: %s", self.inbound.update_id, error)
        if fallback == "nothing":
            return False
        await self.messenger.send(self.chat_id, text, markup)
        return True

    async def toast(self, key: str | None = None, alert: bool = False, **args: object) -> None:
        """Answer the pressed button (once per press). Best effort: a press Telegram
        already forgot (answered, or too old) must not undo the work it started."""
        if not self.inbound.callback_id or self.answered:
            return
        self.answered = True
        text = self.t(key, **args) if key else None
        try:
            await self.messenger.answer(self.inbound.callback_id, text, alert)
        except BadRequest as error:
            log.info("could not answer button press %s: %s", self.inbound.update_id, error)
