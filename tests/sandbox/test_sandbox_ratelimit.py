"""Flood control: token buckets, and 429 answers with retry_after."""

from __future__ import annotations

import aiohttp

from sandbox import SANDBOX_TOKEN, Limits, SandboxClient, SandboxServer
from sandbox.ratelimit import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_private_chat_bucket_allows_a_burst_then_one_per_second() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Limits(), clock)
    assert [limiter.acquire(7) for _ in range(4)] == [0, 0, 0, 1]
    clock.now += 1.0
    assert limiter.acquire(7) == 0
    assert limiter.acquire(7) == 1
    assert limiter.acquire(8) == 0  # other chats have their own bucket


def test_group_and_global_buckets() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Limits(global_rate=30, global_burst=30), clock)
    assert all(limiter.acquire(-100) == 0 for _ in range(20))
    assert limiter.acquire(-100) == 3  # 20 a minute: the next token in 3 s
    assert all(limiter.acquire(chat) == 0 for chat in range(1, 11))
    assert limiter.acquire(99) == 1  # 30 tokens spent within one instant


def test_off_and_relaxed() -> None:
    off = RateLimiter(Limits.off(), FakeClock())
    relaxed = RateLimiter(Limits.relaxed(), FakeClock())
    assert all(off.acquire(1) == 0 and relaxed.acquire(1) == 0 for _ in range(1000))


async def send(session: aiohttp.ClientSession, url: str, chat_id: int) -> tuple[int, dict]:
    async with session.post(
        f"{url}/bot{SANDBOX_TOKEN}/sendMessage", data={"chat_id": str(chat_id), "text": "hi"}
    ) as response:
        return response.status, await response.json()


async def test_per_chat_limit_answers_429() -> None:
    # A near-zero refill keeps the test independent of how fast the machine is.
    limits = Limits(private_rate=0.01, private_burst=3)
    async with SandboxServer(limits=limits) as server, SandboxClient(server.url) as sb:
        await sb.user(501, "Alice").send("hello")
        async with aiohttp.ClientSession() as session:
            statuses = [(await send(session, server.url, 501))[0] for _ in range(3)]
            status, answer = await send(session, server.url, 501)
        assert statuses == [200, 200, 200]
        assert status == 429
        retry_after = answer["parameters"]["retry_after"]
        assert isinstance(retry_after, int) and retry_after >= 1
        assert answer == {
            "ok": False,
            "error_code": 429,
            "description": f"Too Many Requests: retry after {retry_after}",
            "parameters": {"retry_after": retry_after},
        }
        assert (await sb.stats())["rate_limited"] == 1


async def test_global_limit_answers_429_across_chats() -> None:
    limits = Limits(global_rate=0.01, global_burst=5)
    async with SandboxServer(limits=limits) as server, SandboxClient(server.url) as sb:
        for user_id in range(1, 7):
            await sb.user(user_id, f"U{user_id}").send("hello")
        async with aiohttp.ClientSession() as session:
            results = [await send(session, server.url, chat) for chat in range(1, 7)]
        assert [status for status, _ in results] == [200] * 5 + [429]
        assert results[-1][1]["parameters"]["retry_after"] >= 1
        stats = await sb.stats()
        assert (stats["sends"], stats["rate_limited"]) == (5, 1)


async def test_edits_count_against_the_chat_limit() -> None:
    async with (
        SandboxServer(limits=Limits(private_rate=0.01, private_burst=2)) as server,
        SandboxClient(server.url) as sb,
        aiohttp.ClientSession() as session,
    ):
        await sb.user(501, "Alice").send("hello")
        _, sent = await send(session, server.url, 501)
        edit = {"chat_id": 501, "message_id": sent["result"]["message_id"], "text": "edited"}
        url = f"{server.url}/bot{SANDBOX_TOKEN}/editMessageText"
        async with session.post(url, json=edit) as response:
            assert response.status == 200
        async with session.post(url, json={**edit, "text": "again"}) as response:
            assert response.status == 429
