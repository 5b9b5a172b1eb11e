"""Contract suite for `UpdateInbox`, memory and Redis."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from domain.ports import UpdateInbox
from storage.inbox_memory import MemoryInbox
from storage.inbox_redis import RedisInbox
from tests.storage.state_fixtures import TickClock, other_client, redis_or_skip

BACKENDS = ["memory", pytest.param("redis", marks=pytest.mark.redis)]


@pytest.fixture(params=BACKENDS)
async def inbox(request: pytest.FixtureRequest) -> AsyncIterator[UpdateInbox]:
    if request.param == "memory":
        yield MemoryInbox()
        return
    async with redis_or_skip() as (client, prefix):
        yield RedisInbox(client, prefix=prefix)


async def test_pending_is_in_update_id_order_whatever_the_arrival(inbox: UpdateInbox) -> None:
    for update_id in (12, 10, 11):
        assert await inbox.put(7, 501, update_id, f"u{update_id}")
    assert await inbox.pending(7, 501) == [(10, "u10"), (11, "u11"), (12, "u12")]
    assert await inbox.pending(7, 501, limit=2) == [(10, "u10"), (11, "u11")]


async def test_put_is_idempotent_by_update_id(inbox: UpdateInbox) -> None:
    assert await inbox.put(7, 501, 10, "first")
    assert not await inbox.put(7, 501, 10, "again")
    assert await inbox.pending(7, 501) == [(10, "first")]


async def test_a_done_update_is_refused_when_delivered_again(inbox: UpdateInbox) -> None:
    await inbox.put(7, 501, 10, "u10")
    await inbox.done(7, 501, 10)
    assert await inbox.pending(7, 501) == []
    assert not await inbox.put(7, 501, 10, "u10")
    assert await inbox.pending(7, 501) == []


async def test_chats_lists_exactly_those_with_work(inbox: UpdateInbox) -> None:
    await inbox.put(7, 501, 10, "a")
    await inbox.put(7, 502, 11, "b")
    await inbox.put(7, 502, 12, "c")
    await inbox.put(8, 503, 13, "other bot")
    assert sorted(await inbox.chats(7)) == [501, 502]
    await inbox.done(7, 501, 10)
    await inbox.done(7, 502, 11)
    assert await inbox.chats(7) == [502]
    await inbox.done(7, 502, 12)
    assert await inbox.chats(7) == []
    assert await inbox.chats(8) == [503]


async def test_chats_are_separate(inbox: UpdateInbox) -> None:
    await inbox.put(7, 501, 10, "a")
    await inbox.put(7, 502, 11, "b")
    assert await inbox.pending(7, 501) == [(10, "a")]
    assert await inbox.pending(7, 502) == [(11, "b")]


async def test_concurrent_redelivery_is_stored_once(inbox: UpdateInbox) -> None:
    results = await asyncio.gather(*(inbox.put(7, 501, 10, "u") for _ in range(8)))
    assert results.count(True) == 1


async def test_memory_forgets_done_ids_after_the_ttl() -> None:
    clock = TickClock()
    inbox = MemoryInbox(done_ttl=60, clock=clock)
    await inbox.put(7, 501, 10, "u")
    await inbox.done(7, 501, 10)
    clock.now += 61
    assert await inbox.put(7, 501, 10, "u")


@pytest.mark.redis
async def test_redis_inbox_is_shared_between_workers() -> None:
    async with redis_or_skip() as (client, prefix):
        other = await other_client()
        try:
            receiver, drainer = RedisInbox(client, prefix=prefix), RedisInbox(other, prefix=prefix)
            await receiver.put(7, 501, 10, "u10")
            assert await drainer.chats(7) == [501]
            assert await drainer.pending(7, 501) == [(10, "u10")]
            await drainer.done(7, 501, 10)
            assert not await receiver.put(7, 501, 10, "u10")
            done = f"{prefix}inbox:{{7}}:done:10"
            assert 0 < await client.pttl(done) <= 86_400_000
        finally:
            await other.aclose()
