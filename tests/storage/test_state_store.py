"""Contract suite for `StateStore`, run against memory and Redis alike."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import pytest
from redis.asyncio import Redis

from domain.ports.state import StateKey, StateStore
from storage.state_codec import encode_state
from storage.state_memory import MemoryStateStore
from storage.state_redis import RedisStateStore
from tests.storage.state_fixtures import TickClock, redis_or_skip, state, typical_order_state

TTL = 3600.0
KEY = StateKey(bot_id=7, chat_id=1001, user_id=1001)
BACKENDS = ["memory", pytest.param("redis", marks=pytest.mark.redis)]


@dataclass
class Backend:
    states: StateStore
    redis: Redis | None = None
    clock: TickClock | None = None

    def name(self, key: StateKey) -> str:
        assert isinstance(self.states, RedisStateStore)
        return self.states.name(key)


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "memory":
        clock = TickClock()
        store = MemoryStateStore(TTL, clock)
        yield Backend(store, clock=clock)
        await store.close()
        return
    async with redis_or_skip() as (client, prefix):
        redis_store = RedisStateStore(client, TTL, prefix)
        yield Backend(redis_store, redis=client)
        await redis_store.close()


async def test_absent_key_reads_none(backend: Backend) -> None:
    assert await backend.states.get(KEY) is None


async def test_put_then_get_round_trips(backend: Backend) -> None:
    assert await backend.states.put(KEY, state(1, city="长沙"), expected=0)
    assert await backend.states.get(KEY) == state(1, city="长沙")


async def test_keys_are_per_user_and_chat(backend: Backend) -> None:
    other_user = StateKey(KEY.bot_id, KEY.chat_id, KEY.user_id + 1)
    other_bot = StateKey(KEY.bot_id + 1, KEY.chat_id, KEY.user_id)
    await backend.states.put(KEY, state(1), expected=0)
    assert await backend.states.get(other_user) is None
    assert await backend.states.get(other_bot) is None


async def test_put_checks_the_expected_version(backend: Backend) -> None:
    s = backend.states
    assert not await s.put(KEY, state(1), expected=3)  # absent counts as 0
    assert await s.put(KEY, state(1), expected=0)
    assert not await s.put(KEY, state(2, step="stale"), expected=0)
    assert await s.put(KEY, state(2), expected=1)
    assert await s.get(KEY) == state(2)


async def test_put_without_expected_overwrites(backend: Backend) -> None:
    await backend.states.put(KEY, state(5), expected=0)
    assert await backend.states.put(KEY, state(1, step="restart"), expected=None)
    assert await backend.states.get(KEY) == state(1, step="restart")


async def test_concurrent_puts_on_one_version_have_one_winner(backend: Backend) -> None:
    await backend.states.put(KEY, state(1), expected=0)
    taps = [backend.states.put(KEY, state(2, step=f"tap{i}"), expected=1) for i in range(10)]
    results = await asyncio.gather(*taps)
    assert results.count(True) == 1
    winner = results.index(True)
    assert await backend.states.get(KEY) == state(2, step=f"tap{winner}")


async def test_delete_is_compare_and_set(backend: Backend) -> None:
    s = backend.states
    assert await s.delete(KEY)
    assert await s.delete(KEY, expected=0)
    assert not await s.delete(KEY, expected=1)
    await s.put(KEY, state(2), expected=None)
    assert not await s.delete(KEY, expected=1)
    assert await s.get(KEY) == state(2)
    assert await s.delete(KEY, expected=2)
    assert await s.get(KEY) is None
    await s.put(KEY, state(4), expected=None)
    assert await s.delete(KEY)
    assert await s.get(KEY) is None


async def test_concurrent_deletes_have_one_winner(backend: Backend) -> None:
    await backend.states.put(KEY, state(3), expected=0)
    results = await asyncio.gather(*(backend.states.delete(KEY, expected=3) for _ in range(5)))
    assert results.count(True) == 1


async def test_chinese_and_nested_data_round_trip(backend: Backend) -> None:
    data: dict[str, Any] = {
        "地址": "城关镇幸福村三组",
        "note": "老人行动不便🙂",
        "picked": [1, 2, 3],
        "nested": {"ok": True, "none": None, "ratio": 0.5},
    }
    await backend.states.put(KEY, state(1, **data), expected=0)
    got = await backend.states.get(KEY)
    assert got is not None
    assert got.data == data


async def test_typical_conversation_is_under_1_kb(backend: Backend) -> None:
    typical = typical_order_state()
    assert len(encode_state(typical).encode()) < 1024
    await backend.states.put(KEY, typical, expected=None)
    assert await backend.states.get(KEY) == typical
    if backend.redis is not None:
        usage = await backend.redis.memory_usage(backend.name(KEY))
        assert usage is not None
        assert usage < 1024


# --- Redis only: key names and TTLs ------------------------------------------------


@pytest.mark.redis
async def test_redis_every_write_sets_the_ttl() -> None:
    async with redis_or_skip() as (client, prefix):
        store = RedisStateStore(client, TTL, prefix)
        ttl_ms = int(TTL * 1000)
        await store.put(KEY, state(1), expected=0)
        assert 0 < await client.pttl(store.name(KEY)) <= ttl_ms
        await client.pexpire(store.name(KEY), 5_000)
        await store.put(KEY, state(2), expected=1)  # the CAS script renews it too
        assert 5_000 < await client.pttl(store.name(KEY)) <= ttl_ms
        await client.pexpire(store.name(KEY), 5_000)
        await store.put(KEY, state(3), expected=None)
        assert 5_000 < await client.pttl(store.name(KEY)) <= ttl_ms


@pytest.mark.redis
async def test_redis_key_is_the_documented_one() -> None:
    async with redis_or_skip() as (client, _):
        store = RedisStateStore(client, TTL)  # no prefix: exactly conv:{bot}:{chat}:{user}
        key = StateKey(bot_id=7, chat_id=-100_123, user_id=uuid4().int % 10**12)
        try:
            await store.put(key, state(1), expected=0)
            assert await client.exists(f"conv:7:-100123:{key.user_id}") == 1
        finally:
            await store.delete(key)


# --- memory only: expiry and eviction with the injected clock ---------------------


async def test_memory_entries_expire_after_the_ttl() -> None:
    clock = TickClock()
    store = MemoryStateStore(TTL, clock)
    await store.put(KEY, state(1), expected=0)
    clock.advance(TTL - 0.001)
    assert await store.get(KEY) == state(1)
    clock.advance(0.001)
    assert await store.get(KEY) is None
    assert len(store) == 0


async def test_memory_expired_entry_counts_as_absent_for_cas() -> None:
    clock = TickClock()
    store = MemoryStateStore(TTL, clock)
    await store.put(KEY, state(4), expected=0)
    clock.advance(TTL)
    assert not await store.put(KEY, state(5), expected=4)
    assert await store.put(KEY, state(1), expected=0)


async def test_memory_write_renews_the_ttl() -> None:
    clock = TickClock()
    store = MemoryStateStore(TTL, clock)
    await store.put(KEY, state(1), expected=0)
    clock.advance(TTL - 1)
    await store.put(KEY, state(2), expected=1)
    clock.advance(TTL - 1)
    assert await store.get(KEY) == state(2)


async def test_memory_evicts_expired_entries_nobody_reads_again() -> None:
    clock = TickClock()
    store = MemoryStateStore(TTL, clock)
    for user in range(1000):
        await store.put(StateKey(1, user, user), state(1), expected=0)
    clock.advance(TTL / 2)
    await store.put(KEY, state(1), expected=0)
    clock.advance(TTL / 2)
    await store.put(StateKey(2, 2, 2), state(1), expected=0)
    assert len(store) == 2  # the 1000 abandoned conversations are gone, KEY is live


async def test_memory_store_keeps_a_copy_not_the_callers_dict() -> None:
    store = MemoryStateStore(TTL)
    original = state(1, picked=[1])
    await store.put(KEY, original, expected=0)
    original.data["picked"].append(2)
    got = await store.get(KEY)
    assert got is not None
    assert got.data == {"picked": [1]}
