"""The python-telegram-bot transport: conversion, error mapping, ordered polling."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram import error as tg

from bot.transports.base import TransportOptions
from bot.transports.botapi import parse_update
from bot.transports.ptb import PtbTransport
from bot.transports.ptb_convert import to_ptb_markup
from bot.transports.ptb_messenger import refusal
from bot.transports.ratelimit import RateLimits
from handlers.kit.ports import (
    BadRequest,
    Button,
    Inbound,
    InlineKeyboard,
    Kind,
    RemoveKeyboard,
    ReplyButton,
    ReplyKeyboard,
    Unreachable,
)

from .conftest import TOKEN, FakeBotApi
from .polling import polling
from .updates import SAMPLES, message


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_ptb_transport_reads_updates_with_the_raw_parser(name: str) -> None:
    transport = PtbTransport(TOKEN, "http://127.0.0.1:9")
    assert Update.de_json(SAMPLES[name], None) is not None  # PTB accepts every sample
    assert transport.parse(SAMPLES[name]) == parse_update(SAMPLES[name])


def test_an_update_ptb_cannot_read_is_refused_by_the_ptb_transport() -> None:
    transport = PtbTransport(TOKEN, "http://127.0.0.1:9")
    # Telegram always sends a message's date; PTB will not build a Message without one.
    update = message(text="hello")
    del update["message"]["date"]
    assert parse_update(update) is not None  # the raw transport reads it all the same
    with pytest.raises((KeyError, TypeError, ValueError)):
        transport.parse(update)


def test_markup_conversion() -> None:
    inline = to_ptb_markup(InlineKeyboard(((Button("Go", "g"),),)))
    assert isinstance(inline, InlineKeyboardMarkup)
    assert inline.inline_keyboard[0][0].callback_data == "g"
    reply = to_ptb_markup(ReplyKeyboard(((ReplyButton("Where", "location"),),)))
    assert isinstance(reply, ReplyKeyboardMarkup)
    assert reply.keyboard[0][0].request_location and reply.one_time_keyboard
    assert reply.resize_keyboard
    assert isinstance(to_ptb_markup(RemoveKeyboard()), ReplyKeyboardRemove)
    assert to_ptb_markup(None) is None


@pytest.fixture
async def ptb(api: FakeBotApi) -> AsyncIterator[PtbTransport]:
    transport = PtbTransport(
        TOKEN, api.url, TransportOptions(limits=RateLimits.unlimited(), poll_timeout=5)
    )
    await transport.start()
    try:
        yield transport
    finally:
        await transport.close()


async def test_send_and_edit(api: FakeBotApi, ptb: PtbTransport) -> None:
    message_id = await ptb.messenger.send(42, "New order", InlineKeyboard(((Button("OK", "k"),),)))
    assert message_id == api.next_message_id
    await ptb.messenger.edit_markup(42, message_id, None)
    await ptb.messenger.answer("cb-1", "Done")
    await ptb.messenger.send_photo(42, b"\x89PNG", "lamp.png", caption="lamp")
    [send] = api.calls("sendMessage")
    assert send.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "OK", "callback_data": "k"}]]
    }
    assert api.calls("sendPhoto")[0].files["photo"] == ("lamp.png", b"\x89PNG")


async def test_photo_upload_with_buttons(api: FakeBotApi, ptb: PtbTransport) -> None:
    markup = InlineKeyboard(((Button("Week", "st:w"),),))
    await ptb.messenger.send_photo(42, b"\x89PNG", "chart.png", caption="stats", markup=markup)
    photo = api.calls("sendPhoto")[0]
    assert photo.files["photo"] == ("chart.png", b"\x89PNG")
    assert "Week" in str(photo.params["reply_markup"])


async def test_a_bot_api_away_at_boot_is_waited_out(api: FakeBotApi) -> None:
    # Before: the first getMe's error ended `civic-bot run` with a traceback (and two
    # unclosed sessions), where the raw transport waited for the Bot API.
    for status in (502, 500):
        api.script("getMe", status, {"ok": False, "error_code": status, "description": "down"})
    api.script("getMe", 429, {"ok": False, "error_code": 429, "parameters": {"retry_after": 3}})
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    options = TransportOptions(limits=RateLimits.unlimited(), sleep=sleep, jitter=lambda: 1.0)
    transport = PtbTransport(TOKEN, api.url, options)
    await transport.start()
    try:
        assert len(api.calls("getMe")) == 4 and len(waits) == 3
        assert waits[-1] == 3  # the 429's own wait
        await transport.messenger.send(42, "hi")  # it works once the Bot API is back
    finally:
        await transport.close()


async def test_a_refused_token_at_boot_closes_what_it_opened(api: FakeBotApi) -> None:
    api.script("getMe", 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    transport = PtbTransport(TOKEN, api.url, TransportOptions(limits=RateLimits.unlimited()))
    with pytest.raises(tg.InvalidToken):
        await transport.start()
    assert len(api.calls("getMe")) == 1  # not retried: it will not get better
    # An unclosed aiohttp session warns (ResourceWarning) when collected, which this
    # suite turns into an error.
    gc.collect()


async def test_errors_are_mapped(api: FakeBotApi, ptb: PtbTransport) -> None:
    api.script("sendMessage", 403, {"ok": False, "error_code": 403, "description": "Forbidden"})
    api.script(
        "editMessageText", 400, {"ok": False, "error_code": 400, "description": "not modified"}
    )
    with pytest.raises(Unreachable) as caught:
        await ptb.messenger.send(42, "hi")
    assert caught.value.chat_id == 42
    with pytest.raises(BadRequest, match="not modified"):
        await ptb.messenger.edit(42, 1, "same")


async def test_429_is_retried(
    api: FakeBotApi, ptb: PtbTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB 22 warns when it builds RetryAfter unless timedeltas are opted into.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    body = {"ok": False, "error_code": 429, "parameters": {"retry_after": 0}}
    api.script("sendMessage", 429, body)
    await ptb.messenger.send(42, "hi")
    assert len(api.calls("sendMessage")) == 2


async def test_polling_keeps_each_chat_in_order(api: FakeBotApi, ptb: PtbTransport) -> None:
    got: list[Inbound] = []
    gate = asyncio.Event()
    first_started = asyncio.Event()
    all_in = asyncio.Event()
    other_done = asyncio.Event()

    async def handle(inbound: Inbound) -> None:
        if inbound.update_id == 1:
            first_started.set()
            await gate.wait()  # chat 42's first update stalls ...
        got.append(inbound)
        if inbound.chat_id == 7:
            other_done.set()
        if len(got) == 4:
            all_in.set()

    other = {"id": 7, "type": "private"}
    for update in (
        message(1, text="/start"),
        message(2, text="second"),
        message(3, chat=other, text="other chat"),
        message(4, text="third"),
    ):
        await api.updates.put(update)
    async with polling(ptb, handle):
        await first_started.wait()
        await other_done.wait()  # ... while the other chat goes ahead
        assert [i.update_id for i in got] == [3]
        gate.set()
        await all_in.wait()
    assert [i.update_id for i in got] == [3, 1, 2, 4]
    assert got[1].kind == Kind.COMMAND and got[1].command == "start"


def test_ptb_chat_not_found_is_unreachable_not_a_bad_request() -> None:
    # PTB strips "Bad Request: " and capitalises: "Chat not found".
    error = refusal(tg.BadRequest("Chat not found"), 42)
    assert isinstance(error, Unreachable) and error.chat_id == 42
    assert isinstance(
        refusal(tg.Forbidden("Forbidden: bot was blocked by the user"), 7), Unreachable
    )
    other = refusal(tg.BadRequest("Message is not modified"), 42)
    assert isinstance(other, BadRequest) and not isinstance(other, Unreachable)
