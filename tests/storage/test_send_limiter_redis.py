"""The shared send limiter's GCRA script against the real Redis: bursts, pacing,
the per-chat limit that never holds back other chats, one bucket shared by several
limiters (workers) and by several processes, the token never in a key, and the
in-process fallback when Redis is away."""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import sys
import time

import pytest
from redis.asyncio import Redis

from bot.transports.ratelimit import Rate, RateLimits
from bot.transports.ratelimit_redis import RedisRateLimiter, token_key
from tests.storage.state_fixtures import redis_or_skip, redis_url

TOKEN = "123456:SECRET-token-never-in-a-key"


class Waits:
    """A sleep that records how long it was asked to wait, and returns at once."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)


def only(overall: Rate | None = None, private: Rate | None = None) -> RateLimits:
    return RateLimits(overall=overall, private_chat=private, group_chat=None)


async def test_a_burst_goes_at_once_then_each_waits_its_interval() -> None:
    async with redis_or_skip() as (client, prefix):
        waits = Waits()
        limiter = RedisRateLimiter(client, TOKEN, only(Rate(10.0, 5)), prefix=prefix, sleep=waits)
        for _ in range(8):
            await limiter.acquire(None)
        # Five free, then 0.1 s, 0.2 s, 0.3 s behind (less the few ms the calls took).
        assert [round(w, 1) for w in waits.asked] == [0.1, 0.2, 0.3]


async def test_a_chat_waiting_for_its_own_limit_does_not_hold_back_others() -> None:
    async with redis_or_skip() as (client, prefix):
        limits = only(Rate(10.0, 1), Rate(1 / 3, 1))  # a chat: one message in 3 s
        limiter = RedisRateLimiter(client, TOKEN, limits, prefix=prefix)
        start = time.monotonic()
        await limiter.acquire(42)  # free

        async def second_to_42() -> float:
            await limiter.acquire(42)  # 3 s for the chat; the overall slot after it
            return time.monotonic() - start

        async def five_to_others() -> float:
            for chat_id in range(43, 48):
                await limiter.acquire(chat_id)
            return time.monotonic() - start

        slow, others = await asyncio.gather(second_to_42(), five_to_others())
        assert slow >= 2.9
        assert others < 2.0  # 0.1 s apart (0.5 s in all), not queued behind chat 42's 3 s


async def test_several_limiters_share_one_bucket() -> None:
    """Three workers (three clients) reserving at once stay within one rate."""
    async with redis_or_skip() as (_, prefix):
        clients = [Redis.from_url(redis_url()) for _ in range(3)]
        rate = Rate(50.0, 5)
        limiters = [RedisRateLimiter(c, TOKEN, only(rate), prefix=prefix) for c in clients]
        sent: list[float] = []

        async def worker(limiter: RedisRateLimiter) -> None:
            for _ in range(20):
                await limiter.acquire(None)
                sent.append(time.monotonic())

        start = time.monotonic()
        await asyncio.gather(*(worker(limiter) for limiter in limiters))
        took = time.monotonic() - start
        for c in clients:
            await c.aclose()
        # 60 sends at 50/s with a burst of 5: (60 - 5) / 50 = 1.1 s, not a third of it.
        assert took >= 1.0
        assert _most_in_a_second(sent) <= 50 + 5


def _most_in_a_second(stamps: list[float]) -> int:
    stamps = sorted(stamps)
    return max(sum(1 for t in stamps[i:] if t - start < 1.0) for i, start in enumerate(stamps))


CHILD = """
import asyncio, json, sys, time
from redis.asyncio import Redis
from bot.transports.ratelimit import Rate, RateLimits
from bot.transports.ratelimit_redis import RedisRateLimiter

async def main(url, prefix, n):
    client = Redis.from_url(url)
    limits = RateLimits(overall=Rate(40.0, 4), private_chat=None, group_chat=None)
    limiter = RedisRateLimiter(client, sys.argv[4], limits, prefix=prefix)
    stamps = []
    for _ in range(n):
        await limiter.acquire(None)
        stamps.append(time.time())
    await client.aclose()
    print(json.dumps(stamps))

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
"""


async def test_several_processes_share_one_bucket() -> None:
    async with redis_or_skip() as (_, prefix):
        args = [sys.executable, "-c", CHILD, redis_url(), prefix, "30", TOKEN]
        children = [
            await asyncio.create_subprocess_exec(*args, stdout=subprocess.PIPE) for _ in range(3)
        ]
        outputs = [await child.communicate() for child in children]
        assert all(child.returncode == 0 for child in children)
        stamps = list(itertools.chain.from_iterable(json.loads(out) for out, _ in outputs))
        assert len(stamps) == 90
        # 90 at 40/s with a burst of 4 take (90 - 4) / 40 = 2.15 s in all three together.
        assert max(stamps) - min(stamps) >= 2.0
        assert _most_in_a_second(stamps) <= 40 + 4


async def test_keys_name_a_hash_of_the_token_never_the_token() -> None:
    async with redis_or_skip() as (client, prefix):
        limiter = RedisRateLimiter(client, TOKEN, only(Rate(10.0, 2), Rate(1.0, 2)), prefix=prefix)
        await limiter.acquire(42)
        keys = sorted([k.decode() async for k in client.scan_iter(match=prefix + "*")])
        assert keys == [
            f"{prefix}sendlimit:{{{token_key(TOKEN)}}}:all",
            f"{prefix}sendlimit:{{{token_key(TOKEN)}}}:chat:42",
        ]
        assert all("SECRET" not in key for key in keys)
        assert 0 < await client.pttl(keys[0]) <= 1200  # gone once the bucket is full again


async def test_without_redis_the_process_paces_alone(caplog: pytest.LogCaptureFixture) -> None:
    client = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    waits = Waits()
    limiter = RedisRateLimiter(client, TOKEN, only(Rate(10.0, 1)), sleep=waits)
    limiter._fallback._sleep = waits  # the in-process limiter, on the same recorded sleep
    await limiter.acquire(None)
    await limiter.acquire(None)
    await client.aclose()
    assert len(waits.asked) == 1 and 0.05 < waits.asked[0] <= 0.1
    assert "pacing alone" in caplog.text and TOKEN not in caplog.text
