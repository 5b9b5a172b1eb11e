"""`Ctx.replace_pressed` and `Services.tell_order`, the two ways handlers speak that
every handler shares: over the real services (SQLite, the demo county) with a
recording `Messenger` that can refuse edits as the Bot API does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from conversations.model import Text
from domain.models import Order, OrderStatus
from domain.when import When
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import (
    BadRequest,
    Button,
    Inbound,
    InlineKeyboard,
    Kind,
    Markup,
    Sender,
    Unreachable,
)
from tests.unit.resident_desk import Desk, RecordingMessenger, resident_desk

HOME_SITE = 11  # a point of the demo county
PRESSER, OTHER = 800300, 800301
MARKUP = InlineKeyboard(((Button("next", "m:help"),),))


@dataclass
class RefusingMessenger(RecordingMessenger):
    """Edits fail as the Bot API fails them (deleted, too old, not modified);
    sends to `unreachable` fail as to someone who blocked the bot."""

    refuse_edits: bool = False
    unreachable: int | None = None

    async def edit(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboard | None = None
    ) -> None:
        if self.refuse_edits:
            raise BadRequest("Bad Request: message to edit not found")
        await super().edit(chat_id, message_id, text, markup)

    async def send(self, chat_id: int, text: str, markup: Markup | None = None) -> int:
        if chat_id == self.unreachable:
            raise Unreachable(chat_id)
        return await super().send(chat_id, text, markup)


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Desk]:
    async with resident_desk(tmp_path, RefusingMessenger()) as running:
        yield running


def messenger_of(desk: Desk) -> RefusingMessenger:
    assert isinstance(desk.messenger, RefusingMessenger)
    return desk.messenger


async def press_ctx(desk: Desk, message_id: int | None = 41) -> Ctx:
    services = desk.router.services
    person = await services.people.touch(PRESSER, "Presser", None)
    inbound = Inbound(
        1, Kind.BUTTON, PRESSER, Sender(PRESSER, "Presser"), data="m:help", callback_id="cb1",
        message_id=message_id,
    )  # fmt: skip
    return Ctx(inbound, person, services)


async def test_replace_pressed_edits_the_pressed_message_and_sends_nothing(desk: Desk) -> None:
    ctx = await press_ctx(desk)
    assert await ctx.replace_pressed("words", MARKUP, fallback="send")
    assert await ctx.replace_pressed("words", MARKUP, fallback="nothing")
    said = [(s.kind, s.message_id, s.text, s.markup) for s in desk.messenger.said]
    assert said == [("edit", 41, "words", MARKUP)] * 2


async def test_a_pressed_message_that_cannot_be_edited_gets_a_new_one_with_fallback_send(
    desk: Desk,
) -> None:
    messenger_of(desk).refuse_edits = True
    ctx = await press_ctx(desk)
    assert await ctx.replace_pressed("words", MARKUP, fallback="send")
    said = [(s.kind, s.chat_id, s.text, s.markup) for s in desk.messenger.said]
    assert said == [("send", PRESSER, "words", MARKUP)]


async def test_a_pressed_message_that_cannot_be_edited_is_left_alone_with_fallback_nothing(
    desk: Desk,
) -> None:
    messenger_of(desk).refuse_edits = True
    ctx = await press_ctx(desk)
    assert not await ctx.replace_pressed("words", MARKUP, fallback="nothing")
    assert desk.messenger.said == []


async def test_a_press_without_its_message_follows_the_fallback(desk: Desk) -> None:
    ctx = await press_ctx(desk, message_id=None)
    assert not await ctx.replace_pressed("words", None, fallback="nothing")
    assert desk.messenger.said == []
    assert await ctx.replace_pressed("words", None, fallback="send")
    assert [(s.kind, s.text) for s in desk.messenger.said] == [("send", "words")]


async def an_order(services: Services) -> Order:
    catalogue = await services.reference.catalogue()
    service = catalogue.services[0]
    at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    return Order(
        id=77, resident_id=OTHER, service_id=service.id, category_code=service.category_code,
        site_id=HOME_SITE, when=When(date(2026, 11, 21)), status=OrderStatus.ACCEPTED,
        created_at=at, updated_at=at, details="ring twice", phone="13900001111",
    )  # fmt: skip


async def test_tell_order_speaks_the_recipients_language_with_the_orders_words(
    desk: Desk,
) -> None:
    services = desk.router.services
    await services.people.touch(OTHER, "Wang", None)
    await services.people.set_locale(OTHER, "en")
    order = await an_order(services)
    message_id = await services.tell_order(
        OTHER, "resident-accepted", order, MARKUP, volunteer="Zhao"
    )
    args = await services.order_args(order, "en")
    expected = services.tr.text("en", "resident-accepted", **args, volunteer="Zhao")
    (said,) = desk.messenger.said
    assert (said.kind, said.chat_id, said.message_id, said.markup) == (
        "send", OTHER, message_id, MARKUP,
    )  # fmt: skip
    assert said.text == expected
    assert "#77" in expected and "Zhao" in expected and str(args["service"]) in expected


async def test_tell_order_to_someone_unreachable_returns_none_and_marks_them(
    desk: Desk,
) -> None:
    services = desk.router.services
    await services.people.touch(OTHER, "Wang", None)
    messenger_of(desk).unreachable = OTHER
    order = await an_order(services)
    assert await services.tell_order(OTHER, "resident-accepted", order, volunteer="Zhao") is None
    profile = await services.people.profile(OTHER)
    assert profile is not None and profile.unreachable


async def test_tell_localised_builds_the_words_in_the_recipients_language(desk: Desk) -> None:
    services = desk.router.services
    await services.people.touch(OTHER, "Wang", None)
    await services.people.set_locale(OTHER, "en")
    site = await services.reference.site(HOME_SITE)
    assert site is not None and site.name.zh != site.name.en
    asked: list[str] = []

    def text(locale: str) -> Text:
        asked.append(locale)
        return Text("promoted-you-coordinator", {"site": site.name.pick(locale)})

    message_id = await services.tell_localised(OTHER, text)
    (said,) = desk.messenger.said
    assert asked == ["en"]
    assert (said.chat_id, said.message_id) == (OTHER, message_id)
    assert said.text == services.tr.text("en", "promoted-you-coordinator", site=site.name.en)
