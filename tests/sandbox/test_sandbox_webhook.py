"""Webhook delivery: Telegram's setWebhook / deleteWebhook / getWebhookInfo semantics,
the secret header, retries until 2xx, max_connections, and each chat in order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from sandbox import SandboxClient
from tests.sandbox.conftest import ApiCall

SECRET = "s3cret_-token"

Reply = Callable[[dict[str, Any]], Awaitable[int]]


@dataclass
class Hook:
    """A bot's webhook endpoint that records what it got and answers what `reply` says."""

    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    secrets: list[str | None] = field(default_factory=list)
    accepted: list[int] = field(default_factory=list)
    got: asyncio.Condition = field(default_factory=asyncio.Condition)
    reply: Reply | None = None

    async def handle(self, request: web.Request) -> web.Response:
        update = await request.json()
        self.secrets.append(request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        self.received.append(update)
        status = await self.reply(update) if self.reply else 200
        if status == 200:
            self.accepted.append(update["update_id"])
        async with self.got:
            self.got.notify_all()
        return web.Response(status=status)

    async def wait_accepted(self, count: int) -> None:
        async with asyncio.timeout(10), self.got:
            await self.got.wait_for(lambda: len(self.accepted) >= count)


@pytest.fixture
async def hook() -> AsyncIterator[Hook]:
    found = Hook()
    app = web.Application()
    app.router.add_post("/hook", found.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    found.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    yield found
    await runner.cleanup()


async def test_set_webhook_makes_get_updates_conflict_and_shows_in_info(
    api: ApiCall, hook: Hook
) -> None:
    status, _ = await api("setWebhook", url=hook.url, secret_token=SECRET, max_connections=7)
    assert status == 200
    status, answer = await api("getUpdates")
    assert (status, answer["error_code"]) == (409, 409)
    _, info = await api("getWebhookInfo")
    assert info["result"]["url"] == hook.url
    assert info["result"]["max_connections"] == 7
    assert info["result"]["pending_update_count"] == 0
    assert "last_error_date" not in info["result"]


async def test_bad_secret_and_max_connections_are_refused(api: ApiCall, hook: Hook) -> None:
    status, _ = await api("setWebhook", url=hook.url, secret_token="no spaces allowed")
    assert status == 400
    status, _ = await api("setWebhook", url=hook.url, max_connections=101)
    assert status == 400


async def test_updates_are_posted_in_order_with_the_secret(
    api: ApiCall, hook: Hook, sb: SandboxClient
) -> None:
    await api("setWebhook", url=hook.url, secret_token=SECRET)
    alice = sb.user(501, "Alice")
    ids = [await alice.send(f"m{n}") for n in range(5)]
    await hook.wait_accepted(5)
    assert hook.accepted == ids
    assert set(hook.secrets) == {SECRET}
    assert [u["message"]["text"] for u in hook.received] == [f"m{n}" for n in range(5)]
    _, info = await api("getWebhookInfo")
    assert info["result"]["pending_update_count"] == 0


async def test_an_update_is_retried_until_it_gets_a_2xx(
    api: ApiCall, hook: Hook, sb: SandboxClient
) -> None:
    failures = 3

    async def reply(update: dict[str, Any]) -> int:
        nonlocal failures
        failures -= 1
        return 502 if failures >= 0 else 200

    hook.reply = reply
    await api("setWebhook", url=hook.url, secret_token=SECRET)
    first = await sb.user(501, "Alice").send("hello")
    second = await sb.user(501, "Alice").send("again")
    await hook.wait_accepted(2)
    # Four tries of the first (three refused), and the second only after it.
    assert [u["update_id"] for u in hook.received] == [first] * 4 + [second]
    _, info = await api("getWebhookInfo")
    error = "Wrong response from the webhook: 502 Bad Gateway"
    assert info["result"]["last_error_message"] == error
    assert info["result"]["last_error_date"] > 0
    assert info["result"]["pending_update_count"] == 0


async def test_no_more_than_max_connections_in_flight_and_one_per_chat(
    api: ApiCall, hook: Hook, sb: SandboxClient
) -> None:
    release, full = asyncio.Event(), asyncio.Event()
    running: set[int] = set()
    peak = 0
    same_chat_overlap = False

    async def reply(update: dict[str, Any]) -> int:
        nonlocal peak, same_chat_overlap
        chat = update["message"]["chat"]["id"]
        same_chat_overlap |= chat in running
        running.add(chat)
        peak = max(peak, len(running))
        if len(running) == 3:
            full.set()
        await release.wait()
        running.discard(chat)
        return 200

    hook.reply = reply
    await api("setWebhook", url=hook.url, max_connections=3)
    for user_id in range(601, 607):
        user = sb.user(user_id, f"U{user_id}")
        await user.send("one")
        await user.send("two")
    async with asyncio.timeout(10):
        await full.wait()
    release.set()
    await hook.wait_accepted(12)
    assert peak == 3 and not same_chat_overlap


async def test_delete_webhook_drops_pending_and_polling_works_again(
    api: ApiCall, sb: SandboxClient
) -> None:
    # Nobody listens on port 9 (discard): every delivery fails and stays queued.
    await api("setWebhook", url="http://127.0.0.1:9/hook")
    await sb.user(501, "Alice").send("lost")
    _, info = await api("getWebhookInfo")
    assert info["result"]["pending_update_count"] == 1
    await api("deleteWebhook", drop_pending_updates=True)
    _, info = await api("getWebhookInfo")
    assert (info["result"]["url"], info["result"]["pending_update_count"]) == ("", 0)
    status, answer = await api("getUpdates")
    assert (status, answer["result"]) == (200, [])
