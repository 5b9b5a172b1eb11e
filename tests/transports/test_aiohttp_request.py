"""PTB's BaseRequest on aiohttp, against the scripted Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut
from telegram.request import RequestData

from bot.transports.aiohttp_request import AiohttpRequest

from .conftest import TOKEN, FakeBotApi


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    request = AiohttpRequest(connection_pool_size=4)
    async with Bot(
        TOKEN,
        base_url=f"{api.url}/bot",
        base_file_url=f"{api.url}/file/bot",
        request=request,
        get_updates_request=AiohttpRequest(connection_pool_size=1),
    ) as running:
        yield running


async def test_post_form_and_parse(api: FakeBotApi, bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Accept", callback_data="o:1:a")]])
    message = await bot.send_message(42, "hi", reply_markup=markup)
    assert message.message_id == api.next_message_id
    [call] = api.calls("sendMessage")
    assert call.content_type == "application/x-www-form-urlencoded"
    assert call.params["text"] == "hi"
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "o:1:a"


async def test_multipart_upload(api: FakeBotApi, bot: Bot) -> None:
    await bot.send_document(42, InputFile(b"a,b\n", "report.csv"), caption="week 12")
    [call] = api.calls("sendDocument")
    assert call.content_type == "multipart/form-data"
    assert call.params["caption"] == "week 12"
    [(filename, data)] = call.files.values()
    assert (filename, data) == ("report.csv", b"a,b\n")


async def test_errors_become_ptb_exceptions(api: FakeBotApi, bot: Bot) -> None:
    api.script("sendMessage", 403, {"ok": False, "error_code": 403, "description": "Forbidden"})
    api.script("sendMessage", 400, {"ok": False, "error_code": 400, "description": "Bad: chat"})
    with pytest.raises(Forbidden):
        await bot.send_message(42, "hi")
    with pytest.raises(BadRequest):
        await bot.send_message(42, "hi")


async def test_retrieve_a_file(api: FakeBotApi) -> None:
    async with AiohttpRequest() as request:
        assert await request.retrieve(f"{api.url}/file/bot{TOKEN}/photos/1.jpg") == b"FILE"


async def test_raw_status_and_body(api: FakeBotApi) -> None:
    async with AiohttpRequest() as request:
        status, body = await request.do_request(
            f"{api.url}/bot{TOKEN}/getMe", "POST", RequestData()
        )
    assert status == 200 and b"civic_bot" in body


async def test_connection_error_is_network_error_without_the_token() -> None:
    async with AiohttpRequest(connect_timeout=1) as request:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:9/bot{TOKEN}/getMe")
    assert TOKEN not in str(caught.value)


async def test_read_timeout_is_timed_out(api: FakeBotApi) -> None:
    async with AiohttpRequest(read_timeout=0.05) as request:
        with pytest.raises(TimedOut):
            # The fake long-polls getUpdates for a second: longer than the read timeout.
            await request.post(
                f"{api.url}/bot{TOKEN}/getUpdates?timeout=1", RequestData(), read_timeout=0.05
            )


def test_not_initialized() -> None:
    assert AiohttpRequest(read_timeout=3).read_timeout == 3


async def test_use_before_initialize_fails() -> None:
    request = AiohttpRequest()
    with pytest.raises(NetworkError):  # PTB wraps our RuntimeError
        await request.post("http://127.0.0.1:9/x")
