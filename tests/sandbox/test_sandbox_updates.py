"""getUpdates: offset confirmation, limit, long polling, allowed_updates."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from sandbox import SandboxClient, SandboxServer
from sandbox.state import BotState

ApiCall = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]


async def test_offset_confirms_earlier_updates(api: ApiCall, sb: SandboxClient) -> None:
    alice = sb.user(501, "Alice")
    ids = [await alice.send(f"m{n}") for n in range(3)]
    assert ids == sorted(ids)
    _, answer = await api("getUpdates", limit=2)
    assert [u["update_id"] for u in answer["result"]] == ids[:2]
    # Without an offset nothing is confirmed: the same updates come again.
    _, again = await api("getUpdates")
    assert [u["update_id"] for u in again["result"]] == ids
    _, rest = await api("getUpdates", offset=ids[1] + 1)
    assert [u["update_id"] for u in rest["result"]] == ids[2:]
    _, empty = await api("getUpdates", offset=ids[2] + 1)
    assert empty["result"] == []
    stats = await sb.stats()
    assert (stats["updates_injected"], stats["updates_delivered"]) == (3, 3)
    assert stats["pending_updates"] == 0


async def test_negative_offset_keeps_the_last_updates(api: ApiCall, sb: SandboxClient) -> None:
    alice = sb.user(501, "Alice")
    ids = [await alice.send(f"m{n}") for n in range(4)]
    _, answer = await api("getUpdates", offset=-1)
    assert [u["update_id"] for u in answer["result"]] == ids[-1:]


async def test_text_update_is_a_real_message(api: ApiCall, sb: SandboxClient) -> None:
    await sb.user(501, "Alice", username="alice").command("start", "site_12")
    _, answer = await api("getUpdates")
    message = answer["result"][0]["message"]
    assert message["text"] == "/start site_12"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert message["from"] == {
        "id": 501,
        "is_bot": False,
        "first_name": "Alice",
        "username": "alice",
        "language_code": "zh-CN",
    }
    assert message["chat"] == {
        "id": 501,
        "type": "private",
        "first_name": "Alice",
        "username": "alice",
    }


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    api: ApiCall, sb: SandboxClient, bot_state: BotState
) -> None:
    poll = asyncio.create_task(api("getUpdates", timeout=60))
    await bot_state.poll_parked.wait()
    update_id = await sb.user(501, "Alice").send("wake up")
    async with asyncio.timeout(5):  # far below the poll's own 60 s
        _, answer = await poll
    assert [u["update_id"] for u in answer["result"]] == [update_id]


async def test_long_poll_times_out_empty(api: ApiCall) -> None:
    _, answer = await api("getUpdates", timeout=1)
    assert answer == {"ok": True, "result": []}


async def test_stopping_the_server_releases_long_polls(
    api: ApiCall, server: SandboxServer, bot_state: BotState
) -> None:
    poll = asyncio.create_task(api("getUpdates", timeout=60))
    await bot_state.poll_parked.wait()
    async with asyncio.timeout(5):
        await server.stop()
        _, answer = await poll
    assert answer["result"] == []


async def test_allowed_updates_filters_what_is_queued(api: ApiCall, sb: SandboxClient) -> None:
    await api("getUpdates", allowed_updates=["callback_query"])
    await sb.user(501, "Alice").send("ignored")
    _, answer = await api("getUpdates", allowed_updates='["message"]')  # JSON string form
    assert answer["result"] == []
    update_id = await sb.user(501, "Alice").send("kept")
    _, answer = await api("getUpdates")
    assert [u["update_id"] for u in answer["result"]] == [update_id]


async def test_a_float_timeout_is_refused_as_telegram_does(api: ApiCall) -> None:
    status, answer = await api("getUpdates", timeout=1.0)
    assert (status, answer["description"]) == (400, "Bad Request: invalid timeout specified")
    status, _ = await api("getUpdates", timeout=0)
    assert status == 200
