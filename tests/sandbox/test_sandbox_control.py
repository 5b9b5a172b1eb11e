"""The control API: injection of every update kind, waiting, transcripts, reset."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import aiohttp

from sandbox import ChatMessage, SandboxClient, SandboxServer
from sandbox.state import BotState

ApiCall = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]
MENU = {"inline_keyboard": [[{"text": "理发", "callback_data": "svc:haircut"}]]}


async def updates(api: ApiCall) -> list[dict[str, Any]]:
    _, answer = await api("getUpdates")
    return list(answer["result"])


async def test_inject_every_kind(api: ApiCall, sb: SandboxClient) -> None:
    alice = sb.user(501, "Alice", language_code="en")
    await alice.share_location(31.23, 121.47)
    await alice.share_contact("+8613800000000")
    await alice.send_photo(caption="pothole")
    await alice.send_sticker("🎉")
    messages = [update["message"] for update in await updates(api)]
    assert messages[0]["location"] == {"latitude": 31.23, "longitude": 121.47}
    assert messages[1]["contact"] == {
        "phone_number": "+8613800000000",
        "first_name": "Alice",
        "user_id": 501,
    }
    assert [size["width"] for size in messages[2]["photo"]] == [90, 320, 800]
    assert messages[2]["caption"] == "pothole"
    assert messages[3]["sticker"]["emoji"] == "🎉"
    assert [m["message_id"] for m in messages] == [1, 2, 3, 4]
    assert all(m["from"]["language_code"] == "en" for m in messages)


async def test_callback_query_carries_the_full_message(api: ApiCall, sb: SandboxClient) -> None:
    alice = sb.user(501, "Alice")
    await alice.send("hi")
    _, sent = await api("sendMessage", chat_id=501, text="选择服务", reply_markup=MENU)
    menu = await alice.next_message()
    assert menu.message_id == sent["result"]["message_id"]
    update_id = await alice.press(menu, "理发")  # by text; "svc:haircut" works too
    query = (await updates(api))[-1]
    assert query["update_id"] == update_id
    callback = query["callback_query"]
    assert callback["data"] == "svc:haircut"
    assert callback["message"] == sent["result"]
    assert callback["from"]["id"] == 501
    await api("answerCallbackQuery", callback_query_id=callback["id"], text="好的")
    answer = await alice.next_answer()
    assert (answer.text, answer.data, answer.show_alert) == ("好的", "svc:haircut", False)
    [recorded] = await sb.callback_answers()
    assert recorded["user_id"] == 501 and recorded["text"] == "好的"


async def test_pressing_a_missing_button_fails_clearly(api: ApiCall, sb: SandboxClient) -> None:
    alice = sb.user(501, "Alice")
    await alice.send("hi")
    await api("sendMessage", chat_id=501, text="menu", reply_markup=MENU)
    menu = await alice.next_message()
    try:
        await alice.press(menu, "洗衣")
    except AssertionError as error:
        assert "'理发' ('svc:haircut')" in str(error)
    else:
        raise AssertionError("press should have failed")
    # The server refuses a press on data the message does not carry.
    status, answer = await sb.request(
        "POST",
        "inject/callback",
        {"user": {"id": 501, "first_name": "Alice"}, "message_id": menu.message_id, "data": "x"},
    )
    assert status == 400 and "no button" in answer["error"]


async def test_waiting_for_the_bot_wakes_on_its_action(
    api: ApiCall, sb: SandboxClient, bot_state: BotState
) -> None:
    alice = sb.user(501, "Alice")
    await alice.send("hi")
    waiting = asyncio.create_task(alice.next_message(timeout=60))
    await bot_state.poll_parked.wait()
    await api("sendMessage", chat_id=501, text="你好")
    async with asyncio.timeout(5):
        message = await waiting
    assert (message.kind, message.text, message.who) == ("send", "你好", "bot")


async def test_wait_times_out_with_408(sb: SandboxClient) -> None:
    await sb.user(501, "Alice").send("hi")
    status, answer = await sb.request("GET", "chats/501/events", after=0, timeout=0.05)
    assert status == 408 and answer["ok"] is False
    # User events are there, and can be asked for.
    status, answer = await sb.request("GET", "chats/501/events", after=0, who="user", timeout=0)
    assert status == 200 and answer["events"][0]["message"]["text"] == "hi"


async def test_transcript_stats_and_reset(api: ApiCall, sb: SandboxClient) -> None:
    alice = sb.user(501, "Alice")
    await alice.send("/start")
    await api(
        "sendMessage",
        chat_id=501,
        text="where?",
        reply_markup={
            "keyboard": [[{"text": "Share location", "request_location": True}]],
            "resize_keyboard": True,
            "one_time_keyboard": True,
        },
    )
    await api("sendMessage", chat_id=501, text="thanks", reply_markup={"remove_keyboard": True})
    status, answer = await sb.request("GET", "chats/501/transcript")
    assert status == 200
    start, ask, thanks = answer["messages"]
    assert (start["who"], start["text"]) == ("user", "/start")
    assert ask["reply_keyboard"] == [
        [{"text": "Share location", "request_location": True, "request_contact": False}]
    ]
    assert thanks["remove_keyboard"] is True
    assert answer["seq"] == 3
    stats = await sb.stats()
    assert (stats["sends"], stats["updates_injected"], stats["chats"]) == (2, 1, 1)
    await sb.reset()
    assert (await sb.stats())["chats"] == 0
    status, _ = await api("sendMessage", chat_id=501, text="gone")
    assert status == 400


async def test_second_bot_token_has_its_own_world() -> None:
    other = "2000002:SECOND-bot"
    async with (
        SandboxServer(tokens=["1000001:SANDBOX-civic-bot-token", other]) as server,
        SandboxClient(server.url, token=other) as sb,
        aiohttp.ClientSession() as http,
    ):
        await sb.user(7, "Bob").send("hi")
        async with http.get(f"{server.url}/bot{other}/getUpdates") as response:
            assert len((await response.json())["result"]) == 1
        async with http.get(f"{server.url}/bot{server.token}/getUpdates") as response:
            assert (await response.json())["result"] == []
        async with http.get(f"{server.url}/bot{other}/getMe") as response:
            assert (await response.json())["result"]["id"] == 2000002


async def test_a_users_photo_in_the_transcript_does_not_crash_the_client(
    sb: SandboxClient,
) -> None:
    alice = sb.user(501, "Alice", language_code="en")
    await alice.send_photo(caption="pothole")
    (message,) = await alice.transcript()
    assert message.photo is not None and message.photo.file_size == 60_000
    assert message.caption == "pothole"
    (event,) = await alice.history()
    assert isinstance(event, ChatMessage) and event.photo == message.photo
