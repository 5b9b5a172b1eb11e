"""People apart from channels: a person is found by the address an update came from,
and told at their address through that channel's messenger. Over the real services
(SQLite, the demo county) with a recording `Messenger` per channel."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.inbound_codec import decode, encode
from conversations.model import Text
from domain.models import TELEGRAM, Address
from domain.ports.state import StateKey
from handlers.kit.context import Services
from handlers.kit.ports import Inbound, Kind, Sender
from handlers.setup import build_router
from storage.sql.repos.users import FIRST_OTHER_ID
from tests.unit.resident_desk import Desk, RecordingMessenger, resident_desk

WEB = "web"
NUMBER = 800500  # the same number on both channels: two people


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Desk]:
    async with resident_desk(tmp_path) as running:
        yield running


def two_channels(desk: Desk, web: RecordingMessenger) -> Services:
    """The desk's services serving a second channel beside Telegram."""
    services = desk.router.services
    return replace(services, messengers={TELEGRAM: desk.messenger, WEB: web})


async def test_a_person_with_a_telegram_address_is_told_at_it(desk: Desk) -> None:
    services = desk.router.services
    person = await services.people.touch(Address(TELEGRAM, str(NUMBER)), "Wang", None)
    assert await services.people.addresses([person.profile.id]) == {
        person.profile.id: [Address(TELEGRAM, str(NUMBER))]
    }
    message_id = await services.tell(person.profile.id, Text("lang-set"))
    sent = desk.messenger.said[-1]
    assert message_id is not None and (sent.kind, sent.chat_id) == ("send", NUMBER)


async def test_the_same_number_on_two_channels_is_two_people(desk: Desk) -> None:
    web = RecordingMessenger()
    services = two_channels(desk, web)
    on_telegram = await services.people.touch(Address(TELEGRAM, str(NUMBER)), "Wang", None)
    on_web = await services.people.touch(Address(WEB, str(NUMBER)), "Wang", None)
    assert on_telegram.profile.id == NUMBER  # first met on Telegram: as before channels
    assert on_web.profile.id >= FIRST_OTHER_ID  # beyond every Telegram id
    assert (await services.people.touch(Address(WEB, str(NUMBER)), "Wang", None)).profile.id == (
        on_web.profile.id
    )
    before = len(desk.messenger.said)
    await services.tell(on_web.profile.id, Text("lang-set"))
    assert [(s.kind, s.chat_id) for s in web.said] == [("send", NUMBER)]
    assert len(desk.messenger.said) == before  # not the Telegram person of that number


async def test_first_contact_on_a_channel_creates_the_person_and_their_address(
    desk: Desk,
) -> None:
    web = RecordingMessenger()
    router = build_router(two_channels(desk, web))
    inbound = Inbound(1, Kind.COMMAND, 77, Sender(77, "访客"), command="help", channel=WEB)
    await router.handle(inbound)
    person = await router.services.people.profile_at(Address(WEB, "77"))
    assert person is not None and person.first_name == "访客"
    assert await router.services.people.addresses([person.id]) == {person.id: [Address(WEB, "77")]}
    assert await router.services.people.profile_at(Address(TELEGRAM, "77")) is None
    assert web.said and all(s.chat_id == 77 for s in web.said if s.kind == "send")
    assert desk.messenger.said == []  # the reply went back the way the update came


async def test_a_person_on_no_channel_served_here_is_unreachable(desk: Desk) -> None:
    web = RecordingMessenger()
    on_web = await two_channels(desk, web).people.touch(Address(WEB, "5"), "Li", None)
    services = desk.router.services  # Telegram only: the web person cannot be reached
    delivery = await services.deliver(on_web.profile.id, "hello", None)
    assert delivery.unreachable and delivery.message_id is None
    profile = await services.people.profile(on_web.profile.id)
    assert profile is not None and profile.unreachable
    assert desk.messenger.said == [] and web.said == []


def test_telegram_state_keys_keep_their_shape_and_other_channels_name_theirs() -> None:
    assert StateKey(1, 5, 7).key() == "conv:1:5:7"  # stored before channels: still read
    assert StateKey(1, 5, 7, TELEGRAM).key() == StateKey(1, 5, 7).key()
    assert StateKey(1, 5, 7, WEB).key() == "conv:1:web:5:7"


def test_an_update_keeps_its_channel_in_the_inbox_and_telegram_is_left_out() -> None:
    sender = Sender(800001, "王阿姨")
    telegram = Inbound(1, Kind.TEXT, 800001, sender, text="hi")
    web = replace(telegram, channel=WEB)
    assert '"channel"' not in encode(telegram)  # stored as before channels
    assert decode(encode(telegram)).channel == TELEGRAM
    assert decode(encode(web)) == web
