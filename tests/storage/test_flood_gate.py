"""Contract suite for `FloodGate`, memory and Redis: counting per user and window.

A window's end is made to happen (the clock moved, or the key dropped as its expiry
would), never waited for.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from redis.asyncio import Redis

from domain.ports.flood import FloodGate
from storage.flood_memory import MemoryFloodGate
from storage.flood_redis import RedisFloodGate
from tests.storage.state_fixtures import TickClock, other_client, redis_or_skip

BACKENDS = ["memory", pytest.param("redis", marks=pytest.mark.redis)]
WINDOW = 10.0


@dataclass
class Gates:
    gate: FloodGate
    other: FloodGate  # another worker's view
    clock: TickClock | None = None
    client: Redis | None = None
    prefix: str = ""

    async def end_window(self, bot_id: int, user_id: int) -> None:
        if self.clock is not None:
            self.clock.advance(WINDOW)
        else:
            assert self.client is not None
            await self.client.delete(f"{self.prefix}flood:{{{bot_id}}}:{user_id}")


@pytest.fixture(params=BACKENDS)
async def gates(request: pytest.FixtureRequest) -> AsyncIterator[Gates]:
    if request.param == "memory":
        clock = TickClock()
        gate = MemoryFloodGate(WINDOW, clock)
        yield Gates(gate, gate, clock=clock)
        return
    async with redis_or_skip() as (client, prefix):
        second = await other_client()
        try:
            yield Gates(
                RedisFloodGate(client, WINDOW, prefix),
                RedisFloodGate(second, WINDOW, prefix),
                client=client,
                prefix=prefix,
            )
        finally:
            await second.aclose()


async def test_every_worker_counts_into_the_same_window(gates: Gates) -> None:
    assert [await gates.gate.hit(7, 501) for _ in range(3)] == [1, 2, 3]
    assert await gates.other.hit(7, 501) == 4


async def test_users_and_bots_are_counted_apart(gates: Gates) -> None:
    await gates.gate.hit(7, 501)
    assert await gates.gate.hit(7, 502) == 1
    assert await gates.gate.hit(8, 501) == 1


async def test_a_new_window_starts_from_one(gates: Gates) -> None:
    for _ in range(5):
        await gates.gate.hit(7, 501)
    await gates.end_window(7, 501)
    assert await gates.gate.hit(7, 501) == 1


@pytest.mark.redis
async def test_the_redis_counter_always_expires() -> None:
    async with redis_or_skip() as (client, prefix):
        await RedisFloodGate(client, WINDOW, prefix).hit(7, 501)
        ttl = await client.pttl(f"{prefix}flood:{{7}}:501")
    assert 0 < ttl <= WINDOW * 1000


async def test_ended_windows_are_dropped_in_memory() -> None:
    clock = TickClock()
    gate = MemoryFloodGate(WINDOW, clock)
    for user in range(100):
        await gate.hit(7, user)
    clock.advance(WINDOW)
    await gate.hit(7, 1000)
    assert len(gate) == 1
