"""SimUser against a tiny raw Bot API bot: next_message, expect, press, transcripts."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from sandbox import (
    SANDBOX_TOKEN,
    CallbackAnswer,
    ChatMessage,
    SandboxClient,
    SandboxServer,
    format_transcript,
)

MENU = {
    "inline_keyboard": [
        [{"text": "Order", "callback_data": "order"}, {"text": "Help", "callback_data": "help"}]
    ]
}


async def tiny_bot(url: str) -> None:
    """A scripted bot: it greets /start with a menu, edits on Order, asks for a location."""
    base = f"{url}/bot{SANDBOX_TOKEN}"
    offset = 0
    async with aiohttp.ClientSession() as http:

        async def call(method: str, **params: Any) -> Any:
            async with http.post(f"{base}/{method}", json=params) as response:
                return (await response.json()).get("result")

        while True:
            for update in await call("getUpdates", offset=offset, timeout=30):
                offset = update["update_id"] + 1
                if query := update.get("callback_query"):
                    message = query["message"]
                    await call("answerCallbackQuery", callback_query_id=query["id"], text="OK")
                    await call(
                        "editMessageText",
                        chat_id=message["chat"]["id"],
                        message_id=message["message_id"],
                        text=f"chosen: {query['data']}",
                    )
                    continue
                message = update["message"]
                chat_id = message["chat"]["id"]
                if message.get("text") == "/start":
                    await call("sendMessage", chat_id=chat_id, text="Welcome", reply_markup=MENU)
                elif message.get("text") == "/where":
                    keyboard = [[{"text": "Send location", "request_location": True}]]
                    await call(
                        "sendMessage",
                        chat_id=chat_id,
                        text="Where are you?",
                        reply_markup={"keyboard": keyboard, "one_time_keyboard": True},
                    )
                elif "location" in message:
                    await call(
                        "sendMessage",
                        chat_id=chat_id,
                        text="Got it",
                        reply_markup={"remove_keyboard": True},
                    )
                else:
                    await call("sendMessage", chat_id=chat_id, text=f"echo: {message.get('text')}")


@pytest.fixture
async def running_bot(server: SandboxServer) -> AsyncIterator[None]:
    task = asyncio.create_task(tiny_bot(server.url))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


@pytest.mark.usefixtures("running_bot")
async def test_conversation_with_buttons(sb: SandboxClient) -> None:
    alice = sb.user(501, "Alice")
    await alice.command("start")
    welcome = await alice.next_message()
    assert welcome.text == "Welcome"
    assert [[b.text for b in row] for row in welcome.buttons] == [["Order", "Help"]]
    await alice.press(welcome, "order")
    edited = await alice.next_message()
    assert (edited.is_edit, edited.message_id, edited.text) == (
        True,
        welcome.message_id,
        "chosen: order",
    )
    assert edited.buttons == []
    assert (await alice.next_answer()).text == "OK"
    # The current state of the message shows the edit.
    assert [m.edits for m in await alice.transcript()] == [0, 1]


@pytest.mark.usefixtures("running_bot")
async def test_expect_skips_and_reply_keyboards(sb: SandboxClient) -> None:
    bob = sb.user(502, "Bob", language_code="en")
    await bob.send("one")
    await bob.send("two")
    assert (await bob.expect("two")).text == "echo: two"
    await bob.command("where")
    ask = await bob.expect(lambda m: any(b.request_location for r in m.reply_buttons for b in r))
    assert ask.text == "Where are you?"
    await bob.share_location(30.0, 120.0)
    assert (await bob.next_message()).removed_keyboard


@pytest.mark.usefixtures("running_bot")
async def test_expect_timeout_prints_the_chat(sb: SandboxClient) -> None:
    carol = sb.user(503, "Carol")
    await carol.send("hello")
    await carol.expect("echo: hello")
    with pytest.raises(AssertionError) as failure:
        await carol.expect("never said", timeout=0.2)
    assert "👤 Carol: hello" in str(failure.value)
    assert "🤖 bot: echo: hello" in str(failure.value)


@pytest.mark.usefixtures("running_bot")
async def test_press_defaults_to_the_last_message_with_buttons(sb: SandboxClient) -> None:
    dave = sb.user(504, "Dave")
    await dave.command("start")
    await dave.next_message()
    await dave.press(None, "Help")
    await dave.next_message()
    await dave.next_answer()
    history = await dave.history()
    assert isinstance(history[-2], CallbackAnswer)
    printed = format_transcript(history)
    assert printed.splitlines() == [
        "👤 Dave: /start",
        "🤖 bot: Welcome",
        "    [Order] [Help]",
        "👤 Dave pressed [Help]",
        "🤖 bot (toast): OK",
        "🤖 bot ✏️: chosen: help",
    ]


async def test_catch_up_skips_what_came_before(server: SandboxServer, sb: SandboxClient) -> None:
    erin = sb.user(505, "Erin")
    await erin.send("hi")
    async with aiohttp.ClientSession() as http:
        url = f"{server.url}/bot{SANDBOX_TOKEN}/sendMessage"
        for text in ("old", "new"):
            async with http.post(url, json={"chat_id": 505, "text": text}):
                pass
            if text == "old":
                await erin.catch_up()
    assert (await erin.next_message()).text == "new"


@pytest.mark.usefixtures("running_bot")
async def test_history_times_each_answer_after_what_it_answers(sb: SandboxClient) -> None:
    frank = sb.user(506, "Frank")
    await frank.command("start")
    welcome = await frank.next_message()
    await frank.press(welcome, "order")
    answer = await frank.next_answer()
    edited = await frank.next_message()
    history = await frank.history()
    start, sent, press, answered, edit = history
    assert isinstance(start, ChatMessage) and isinstance(press, ChatMessage)
    assert (sent, answered, edit) == (welcome, answer, edited)
    assert [entry.at for entry in history] == sorted(entry.at for entry in history)
    assert 0 < start.at <= welcome.at <= press.at <= answer.at <= edited.at
    assert press.raw["callback_query_id"] == answer.callback_query_id
