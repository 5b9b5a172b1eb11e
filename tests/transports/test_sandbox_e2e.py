"""Both transports against the sandbox Bot API server: polling in, Messenger out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Literal

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.transports.base import Handle, Transport, TransportOptions
from bot.transports.factory import make_transport
from bot.transports.ratelimit import RateLimits
from handlers.kit.ports import (
    Button,
    Inbound,
    InlineKeyboard,
    Kind,
    RemoveKeyboard,
    ReplyButton,
    ReplyKeyboard,
    Unreachable,
)
from sandbox import Limits, SandboxClient, SandboxServer

from .polling import polling

pytestmark = pytest.mark.e2e

KEYBOARD = InlineKeyboard(((Button("Accept", "o:1:a"), Button("Decline", "o:1:d")),))


@pytest.fixture
async def server() -> AsyncIterator[SandboxServer]:
    async with SandboxServer(limits=Limits.relaxed()) as running:
        yield running


def echo_bot(transport: Transport, seen: list[Inbound]) -> Handle:
    """Answers text with a keyboard, a press with a toast and an edit."""

    async def handle(inbound: Inbound) -> None:
        seen.append(inbound)
        messenger = transport.messenger
        if inbound.kind == Kind.BUTTON:
            await messenger.answer(inbound.callback_id, "OK")
            assert inbound.message_id is not None
            await messenger.edit(inbound.chat_id, inbound.message_id, f"chose {inbound.data}")
        elif inbound.kind in (Kind.TEXT, Kind.COMMAND):
            await messenger.send(inbound.chat_id, f"echo {inbound.text}", KEYBOARD)

    return handle


@pytest.mark.parametrize("kind", ["aiohttp", "ptb"])
async def test_round_trip(server: SandboxServer, kind: Literal["aiohttp", "ptb"]) -> None:
    settings = Settings(bot_token=SecretStr(server.token), bot_api_url=server.url, transport=kind)
    transport = make_transport(settings, TransportOptions(limits=RateLimits.unlimited()))
    await transport.start()
    seen: list[Inbound] = []
    try:
        async with (
            polling(transport, echo_bot(transport, seen)),
            SandboxClient(server.url) as sandbox,
        ):
            alice = sandbox.user(501, "Alice", language_code="en")
            await alice.command("start", "site_12")
            reply = await alice.expect("echo /start site_12")
            assert [b.data for b in reply.button_list] == ["o:1:a", "o:1:d"]
            await alice.press(reply, "Accept")
            assert (await alice.next_answer()).text == "OK"
            assert (await alice.expect("chose o:1:a")).message_id == reply.message_id

            bob = sandbox.user(502, "Bob")
            await bob.send("hi")
            await bob.expect("echo hi")
            await bob.block()
            with pytest.raises(Unreachable):
                await transport.messenger.send(bob.id, "hello?")
            # Polling, sends, edits and answers: all as the Bot API spec allows.
            assert await sandbox.violations() == []
    finally:
        await transport.close()
    command = seen[0]
    assert (command.kind, command.command, command.args) == (Kind.COMMAND, "start", "site_12")
    assert command.sender.language_code == "en"
    assert seen[1].kind == Kind.BUTTON and seen[1].data == "o:1:a"


@pytest.mark.parametrize("kind", ["aiohttp", "ptb"])
async def test_media_round_trip(server: SandboxServer, kind: Literal["aiohttp", "ptb"]) -> None:
    """A photo with a caption arrives as an Inbound with its file ids; its bytes,
    fetched through the Messenger, are the user's; sent back by file id, it arrives."""
    settings = Settings(bot_token=SecretStr(server.token), bot_api_url=server.url, transport=kind)
    transport = make_transport(settings, TransportOptions(limits=RateLimits.unlimited()))
    await transport.start()
    picture = b"\xff\xd8\xff\xe0" + "灯坏了".encode() + bytes(range(256))
    sound = b"OggS" + bytes(100)
    fetched: dict[str, bytes] = {}
    seen: list[Inbound] = []

    async def handle(inbound: Inbound) -> None:
        seen.append(inbound)
        messenger = transport.messenger
        if inbound.kind == Kind.PHOTO and inbound.photo is not None:
            fetched["photo"] = await messenger.get_file(inbound.photo.file_id)
            await messenger.send_file_id(inbound.chat_id, "photo", inbound.photo.file_id, "收到")
        elif inbound.kind == Kind.VOICE and inbound.voice is not None:
            fetched["voice"] = await messenger.get_file(inbound.voice.file_id)
            await messenger.send_file_id(inbound.chat_id, "voice", inbound.voice.file_id)

    try:
        async with polling(transport, handle), SandboxClient(server.url) as sandbox:
            alice = sandbox.user(501, "Alice")
            await alice.send_photo("broken lamp", data=picture)
            back = await alice.expect("收到")
            await alice.send_voice(sound, duration=2)
            voice = await alice.next_message()
            # getFile, the file URL, sendPhoto and sendVoice by id: as the spec allows.
            assert await sandbox.violations() == []
    finally:
        await transport.close()
    photo = seen[0]
    assert (photo.kind, photo.text) == (Kind.PHOTO, "broken lamp")
    assert [size.width for size in photo.photos] == [90, 320, 800]
    assert photo.photo is not None and photo.photo.file_size == len(picture)
    assert fetched["photo"] == picture
    assert back.photo is not None and back.photo.file_id == photo.photo.file_id
    assert seen[1].voice is not None and seen[1].voice.duration == 2
    assert fetched["voice"] == sound
    assert voice.voice is not None and voice.voice.file_id == seen[1].voice.file_id


@pytest.mark.parametrize("kind", ["aiohttp", "ptb"])
async def test_every_messenger_call_is_one_the_bot_api_spec_allows(
    server: SandboxServer, kind: Literal["aiohttp", "ptb"]
) -> None:
    settings = Settings(bot_token=SecretStr(server.token), bot_api_url=server.url, transport=kind)
    transport = make_transport(settings, TransportOptions(limits=RateLimits.unlimited()))
    await transport.start()
    try:
        async with SandboxClient(server.url) as sandbox:
            alice = sandbox.user(501, "Alice")
            await alice.send("hi")
            messenger = transport.messenger
            menu = await messenger.send(alice.id, "menu", KEYBOARD)
            where = ReplyKeyboard(
                (
                    (ReplyButton("📍", "location"), ReplyButton("📱", "contact")),
                    (ReplyButton("Skip"),),
                )
            )
            await messenger.send(alice.id, "where?", where)
            await messenger.send(alice.id, "thanks", RemoveKeyboard())
            await messenger.edit(alice.id, menu, "menu, edited", KEYBOARD)
            await messenger.edit(alice.id, menu, "menu, no buttons")
            await messenger.edit_markup(alice.id, menu, KEYBOARD)
            await messenger.edit_markup(alice.id, menu, None)
            await messenger.send_photo(alice.id, b"\x89PNG", "map.png", "the map")
            # A photo upload with buttons under it: multipart, reply_markup as JSON.
            await messenger.send_photo(alice.id, b"\x89PNG", "chart.png", "统计", KEYBOARD)
            await messenger.send_document(alice.id, "月报\n".encode(), "report.csv")
            assert len(await alice.transcript()) == 7
            assert await sandbox.violations() == []
    finally:
        await transport.close()
