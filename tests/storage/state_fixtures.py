"""Helpers for the state and coordination contract suites: a Redis connection that
skips (or fails on CI) when Redis is absent, a hand-moved clock, sample states.

Plain helpers rather than fixtures, so each test module declares the few fixtures
it needs and nothing depends on a shared conftest.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import uuid4

from redis.asyncio import Redis
from redis.exceptions import RedisError

from benchmarks.common import redis_url
from domain.ports.state import ConversationState
from tests.backends import unavailable


@asynccontextmanager
async def redis_or_skip() -> AsyncIterator[tuple[Redis, str]]:
    """A client and a fresh key prefix; every key under the prefix is deleted afterwards.

    Skips when Redis cannot be reached, except on CI (`CI=true`), where that fails.
    """
    url = redis_url()
    client = Redis.from_url(url)
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        await client.aclose()
        unavailable("Redis", url, exc, "start it or set TEST_REDIS_URL")
    prefix = f"test:{uuid4().hex[:12]}:"
    try:
        yield client, prefix
    finally:
        keys = [key async for key in client.scan_iter(match=prefix + "*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


async def other_client() -> Redis:
    """A second connection to the test Redis: another worker, as far as locks can tell."""
    return Redis.from_url(redis_url())


class TickClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def state(version: int, step: str = "address", **data: object) -> ConversationState:
    return ConversationState(
        flow="order", step=step, version=version, updated_at=1_767_600_000.0 + version, data=data
    )


def typical_order_state() -> ConversationState:
    """What an order conversation holds on its last step, at its wordiest."""
    return state(
        6,
        step="confirm",
        category="culture",
        service_id=12,
        service_name="爱心义剪（上门理发）",
        site_id=137,
        address="城关镇幸福村三组 27 号，村委会东边第二户",
        lat=27.8123456,
        lon=112.9345678,
        phone="13812345678",
        when="2026-01-07T09:30",
        note="老人行动不便，请提前打电话，敲门声音大一点",
        locale="zh-CN",
        back=["category", "service", "address", "when", "note"],
    )
