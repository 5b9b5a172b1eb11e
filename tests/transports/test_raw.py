"""The raw transport against a scripted Bot API: retries, errors, polling, isolation."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator

import pytest

from bot.transports.base import TransportOptions
from bot.transports.botapi import NetworkError, ServerError
from bot.transports.client import Backoff
from bot.transports.ratelimit import RateLimits
from bot.transports.raw import RawTransport
from handlers.kit.ports import (
    BadRequest,
    Button,
    Inbound,
    InlineKeyboard,
    Kind,
    ReplyButton,
    ReplyKeyboard,
    Unreachable,
)

from .conftest import TOKEN, FakeBotApi
from .polling import polling
from .updates import message

FORBIDDEN = {
    "ok": False,
    "error_code": 403,
    "description": "Forbidden: bot was blocked by the user",
}


class Sleeps:
    """Records the delays the transport asks for, without waiting; its `clock`
    moves by each of them, so a retry budget runs out as it would."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self.now = 0.0

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        self.now += delay
        await asyncio.sleep(0)

    def clock(self) -> float:
        return self.now


def widest() -> float:
    """Full jitter at its top: the capped exponential itself."""
    return 1.0


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def raw(api: FakeBotApi, sleeps: Sleeps) -> AsyncIterator[RawTransport]:
    options = TransportOptions(
        limits=RateLimits.unlimited(),
        poll_timeout=5,
        backoff=Backoff(0.5, 10.0),
        sleep=sleeps,
        clock=sleeps.clock,
        jitter=widest,
        send_budget=4.0,
    )
    transport = RawTransport(TOKEN, api.url, options)
    await transport.start()
    try:
        yield transport
    finally:
        await transport.close()


def test_no_bot_library_in_the_import_chain() -> None:
    code = (
        "import bot.transports.raw, bot.transports.factory, sys; "
        "assert 'telegram' not in sys.modules and 'aiogram' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


async def test_send_with_inline_keyboard(api: FakeBotApi, raw: RawTransport) -> None:
    markup = InlineKeyboard(((Button("Accept", "o:1:a"),),))
    message_id = await raw.messenger.send(42, "New order", markup)
    [call] = api.calls("sendMessage")
    assert call.params["chat_id"] == 42 and call.params["text"] == "New order"
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Accept", "callback_data": "o:1:a"}]]
    }
    assert message_id == api.next_message_id


async def test_edit_answer_and_uploads(api: FakeBotApi, raw: RawTransport) -> None:
    await raw.messenger.edit(42, 5, "Taken")
    await raw.messenger.edit_markup(42, 5, None)
    await raw.messenger.answer("cb-1", "Done", alert=True)
    await raw.messenger.send_photo(42, b"\x89PNG", "lamp.png", caption="lamp")
    await raw.messenger.send_document(42, b"a,b\n", "report.csv")
    assert "reply_markup" not in api.calls("editMessageReplyMarkup")[0].params
    assert api.calls("answerCallbackQuery")[0].params["show_alert"] is True
    photo = api.calls("sendPhoto")[0]
    assert photo.content_type == "multipart/form-data"
    assert photo.files["photo"] == ("lamp.png", b"\x89PNG")
    assert photo.params == {"chat_id": "42", "caption": "lamp"}
    assert api.calls("sendDocument")[0].files["document"] == ("report.csv", b"a,b\n")


async def test_photo_upload_with_buttons(api: FakeBotApi, raw: RawTransport) -> None:
    markup = InlineKeyboard(((Button("Week", "st:w"),),))
    await raw.messenger.send_photo(42, b"\x89PNG", "chart.png", "stats", markup)
    photo = api.calls("sendPhoto")[0]
    assert photo.files["photo"] == ("chart.png", b"\x89PNG")
    assert photo.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Week", "callback_data": "st:w"}]]
    }


async def test_429_waits_retry_after_then_succeeds(
    api: FakeBotApi, raw: RawTransport, sleeps: Sleeps
) -> None:
    api.script(
        "sendMessage", 429, {"ok": False, "error_code": 429, "parameters": {"retry_after": 3}}
    )
    await raw.messenger.send(42, "hi")
    assert len(api.calls("sendMessage")) == 2
    assert sleeps.delays == [3]


async def test_5xx_backs_off_exponentially(
    api: FakeBotApi, raw: RawTransport, sleeps: Sleeps
) -> None:
    api.script("sendMessage", 502, "<html>bad gateway</html>")
    api.script("sendMessage", 500, {"ok": False, "error_code": 500, "description": "Internal"})
    api.script("sendMessage", 503, "")
    await raw.messenger.send(42, "hi")
    assert len(api.calls("sendMessage")) == 4
    assert sleeps.delays == [0.5, 1.0, 2.0]


async def test_5xx_gives_up_when_its_budget_is_spent(
    api: FakeBotApi, raw: RawTransport, sleeps: Sleeps
) -> None:
    for _ in range(4):
        api.script("sendMessage", 502, "")
    with pytest.raises(ServerError):
        await raw.messenger.send(42, "hi")
    assert len(api.calls("sendMessage")) == 4


async def test_403_is_unreachable_at_once(api: FakeBotApi, raw: RawTransport) -> None:
    api.script("sendMessage", 403, FORBIDDEN)
    with pytest.raises(Unreachable) as caught:
        await raw.messenger.send(42, "hi")
    assert caught.value.chat_id == 42
    assert len(api.calls("sendMessage")) == 1


async def test_400_is_bad_request_and_logged_without_secrets(
    api: FakeBotApi, raw: RawTransport, caplog: pytest.LogCaptureFixture
) -> None:
    body = {"ok": False, "error_code": 400, "description": "Bad Request: message is not modified"}
    api.script("editMessageText", 400, body)
    with pytest.raises(BadRequest):
        await raw.messenger.edit(42, 5, "my phone is +8613800000000, call me any time")
    assert "editMessageText" in caplog.text
    assert "+8613800000000" not in caplog.text
    assert TOKEN not in caplog.text


async def test_connection_errors_retry_then_raise(sleeps: Sleeps) -> None:
    transport = RawTransport(
        TOKEN,
        "http://127.0.0.1:9",
        TransportOptions(send_budget=1.0, sleep=sleeps, clock=sleeps.clock, jitter=widest),
    )
    await transport.start()
    try:
        with pytest.raises(NetworkError) as caught:
            await transport.messenger.send(42, "hi")
    finally:
        await transport.close()
    assert TOKEN not in str(caught.value)
    assert sleeps.delays == [0.5]


async def test_polling_delivers_updates_and_stops(api: FakeBotApi, raw: RawTransport) -> None:
    got: list[Inbound] = []
    two = asyncio.Event()

    async def handle(inbound: Inbound) -> None:
        got.append(inbound)
        if len(got) == 2:
            two.set()

    api.script("getUpdates", 502, "")  # a failing poll is retried
    await api.updates.put(message(1, text="/start"))
    await api.updates.put(message(2, text="hello"))
    async with polling(raw, handle):  # returns although a long poll is in flight
        await two.wait()
    assert [(i.kind, i.update_id) for i in got] == [(Kind.COMMAND, 1), (Kind.TEXT, 2)]
    assert api.calls("deleteWebhook")
    offsets = [c.params.get("offset") for c in api.calls("getUpdates")]
    assert offsets[-1] == 3  # the handled updates are confirmed on the way out


async def test_a_failing_handler_does_not_stop_polling(
    api: FakeBotApi, raw: RawTransport, caplog: pytest.LogCaptureFixture
) -> None:
    done = asyncio.Event()

    async def handle(inbound: Inbound) -> None:
        if inbound.update_id == 1:
            raise RuntimeError("boom")
        done.set()

    await api.updates.put(message(1, text="a"))
    await api.updates.put(message(2, text="b"))
    async with polling(raw, handle):
        await done.wait()
    assert "update 1" in caplog.text


async def test_the_refused_line_never_shows_the_keyboard_s_phone_number(
    api: FakeBotApi, raw: RawTransport, caplog: pytest.LogCaptureFixture
) -> None:
    body = {"ok": False, "error_code": 400, "description": "Bad Request: can't parse entities"}
    api.script("sendMessage", 400, body)
    keyboard = ReplyKeyboard(((ReplyButton("用 13812345678"),), (ReplyButton("跳过"),)))
    with pytest.raises(BadRequest):
        await raw.messenger.send(42, "请留下联系电话", keyboard)
    assert "sendMessage refused" in caplog.text and "<keyboard 2x1>" in caplog.text
    assert "13812345678" not in caplog.text and "联系电话" not in caplog.text


async def test_an_unparseable_update_is_logged_by_id_and_error_never_its_payload(
    api: FakeBotApi, raw: RawTransport, caplog: pytest.LogCaptureFixture
) -> None:
    done = asyncio.Event()

    async def handle(inbound: Inbound) -> None:
        done.set()

    broken = message(7, text="x")
    broken["message"]["location"] = {"latitude": "家住3号楼2单元", "longitude": 120.1}
    del broken["message"]["text"]
    await api.updates.put(broken)
    await api.updates.put(message(8, text="next"))
    async with polling(raw, handle):
        await done.wait()
    assert "update 7 set aside, unreadable: ValueError" in caplog.text
    assert "3号楼" not in caplog.text and "Traceback" not in caplog.text


async def test_get_updates_asks_with_an_integer_timeout(api: FakeBotApi, raw: RawTransport) -> None:
    await api.updates.put(message(1, text="hi"))
    assert [u["update_id"] for u in await raw.get_updates(None, 5.0, 100)] == [1]
    (poll,) = api.calls("getUpdates")
    assert poll.params["timeout"] == 5 and type(poll.params["timeout"]) is int
