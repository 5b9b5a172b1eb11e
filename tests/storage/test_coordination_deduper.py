"""Contract suite for `UpdateDeduper`, memory and Redis."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from redis.asyncio import Redis

from domain.ports import UpdateDeduper
from storage.coordination_memory import MemoryDeduper
from storage.coordination_redis import RedisDeduper
from tests.storage.state_fixtures import TickClock, redis_or_skip

BACKENDS = ["memory", pytest.param("redis", marks=pytest.mark.redis)]
DAY = 86_400.0


@dataclass
class Backend:
    deduper: UpdateDeduper
    redis: Redis | None = None


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "memory":
        yield Backend(MemoryDeduper())
        return
    async with redis_or_skip() as (client, prefix):
        yield Backend(RedisDeduper(client, prefix=prefix), client)


async def test_first_time_then_seen(backend: Backend) -> None:
    assert await backend.deduper.first_time(7, 500)
    assert not await backend.deduper.first_time(7, 500)
    assert not await backend.deduper.first_time(7, 500)


async def test_ids_are_per_bot(backend: Backend) -> None:
    assert await backend.deduper.first_time(7, 500)
    assert await backend.deduper.first_time(8, 500)
    assert await backend.deduper.first_time(7, 501)


async def test_concurrent_redelivery_is_handled_once(backend: Backend) -> None:
    results = await asyncio.gather(*(backend.deduper.first_time(7, 900) for _ in range(8)))
    assert results.count(True) == 1


@pytest.mark.redis
async def test_redis_seen_key_has_a_day_ttl() -> None:
    async with redis_or_skip() as (client, prefix):
        deduper = RedisDeduper(client, prefix=prefix)
        await deduper.first_time(7, 42)
        assert await client.get(f"{prefix}seen:7:42") == b"1"
        assert 0 < await client.pttl(deduper.name(7, 42)) <= DAY * 1000


async def test_memory_forgets_after_the_ttl() -> None:
    clock = TickClock()
    deduper = MemoryDeduper(ttl=60, clock=clock)
    assert await deduper.first_time(7, 1)
    clock.advance(59.9)
    assert not await deduper.first_time(7, 1)
    clock.advance(0.1)
    assert await deduper.first_time(7, 2)  # any call sweeps what expired
    assert len(deduper) == 1
    assert await deduper.first_time(7, 1)


async def test_memory_is_bounded() -> None:
    deduper = MemoryDeduper(max_entries=100)
    for update_id in range(1000):
        assert await deduper.first_time(7, update_id)
    assert len(deduper) == 100
    assert not await deduper.first_time(7, 999)
