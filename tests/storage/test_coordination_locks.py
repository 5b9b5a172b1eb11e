"""Contract suite for `ChatLocks`, memory and Redis.

For Redis, "another worker" is a second `RedisChatLocks` on its own connection, so
the in-process lock in front of the Redis one cannot hide a broken Redis lock.
No test sleeps: they wait on events, or on the bounded lock wait itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Protocol

import pytest
from redis.asyncio import Redis

from storage.coordination_memory import LockTimeout, MemoryChatLocks
from storage.coordination_redis import RedisChatLocks
from tests.storage.state_fixtures import other_client, redis_or_skip

BACKENDS = ["memory", pytest.param("redis", marks=pytest.mark.redis)]
SHORT_WAIT = 0.2


class Worker(Protocol):
    def hold(self, bot_id: int, chat_id: int) -> AbstractAsyncContextManager[None]: ...


@dataclass
class WaitingLocks:
    """Memory locks seen through one worker's wait; every worker shares the one dict."""

    locks: MemoryChatLocks
    wait: float

    def hold(self, bot_id: int, chat_id: int) -> AbstractAsyncContextManager[None]:
        return self.locks.hold(bot_id, chat_id, wait=self.wait)


@dataclass
class Backend:
    """`worker(wait)` gives one process's locks; for memory every process is this one."""

    memory: MemoryChatLocks | None = None
    prefix: str = ""
    clients: list[Redis] = field(default_factory=list)

    async def worker(self, wait: float) -> Worker:
        if self.memory is not None:
            return WaitingLocks(self.memory, wait)
        client = await other_client()
        self.clients.append(client)
        return RedisChatLocks(client, lease=30, wait=wait, prefix=self.prefix, poll=0.005)


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "memory":
        shared = MemoryChatLocks()
        yield Backend(memory=shared)
        assert len(shared) == 0, "a chat lock outlived its holders"
        return
    async with redis_or_skip() as (_, prefix):
        made = Backend(prefix=prefix)
        try:
            yield made
        finally:
            for client in made.clients:
                await client.aclose()


async def test_second_worker_waits_for_the_first(backend: Backend) -> None:
    a, b = await backend.worker(10), await backend.worker(10)
    log: list[str] = []
    a_in, b_trying = asyncio.Event(), asyncio.Event()

    async def second() -> None:
        b_trying.set()
        async with b.hold(7, 1):
            log.append("b")

    async with a.hold(7, 1):
        a_in.set()
        task = asyncio.create_task(second())
        await b_trying.wait()
        for _ in range(5):
            await asyncio.sleep(0)  # give b its turn at the lock; it must not get in
        log.append("a")
    await task
    assert log == ["a", "b"]


async def test_a_held_lock_times_out_other_workers(backend: Backend) -> None:
    a, b = await backend.worker(10), await backend.worker(SHORT_WAIT)
    async with a.hold(7, 1):
        with pytest.raises(LockTimeout) as caught:
            async with b.hold(7, 1):
                pytest.fail("entered a held lock")
        assert (caught.value.bot_id, caught.value.chat_id) == (7, 1)
    async with b.hold(7, 1):
        pass  # free again once released


async def test_other_chats_are_not_blocked(backend: Backend) -> None:
    a, b = await backend.worker(10), await backend.worker(SHORT_WAIT)
    async with a.hold(7, 1), b.hold(7, 2), b.hold(8, 1):
        pass


async def test_many_holders_never_overlap(backend: Backend) -> None:
    workers = [await backend.worker(10), await backend.worker(10)]
    inside = 0
    most = 0
    total = 0

    async def handle(i: int) -> None:
        nonlocal inside, most, total
        async with workers[i % 2].hold(7, 1):
            inside += 1
            most = max(most, inside)
            seen = total
            await asyncio.sleep(0)  # a read-modify-write across an await
            total = seen + 1
            inside -= 1

    await asyncio.gather(*(handle(i) for i in range(20)))
    assert (most, total) == (1, 20)


async def test_one_worker_keeps_arrival_order(backend: Backend) -> None:
    locks = await backend.worker(10)
    order: list[int] = []
    queued = [asyncio.Event() for _ in range(5)]

    async def handle(i: int) -> None:
        queued[i].set()
        async with locks.hold(7, 1):
            order.append(i)

    async with locks.hold(7, 1):
        tasks = []
        for i in range(5):
            tasks.append(asyncio.create_task(handle(i)))
            await queued[i].wait()
            await asyncio.sleep(0)  # let it reach the queue before the next one
    await asyncio.gather(*tasks)
    assert order == [0, 1, 2, 3, 4]


async def test_body_errors_propagate_and_release(backend: Backend) -> None:
    locks = await backend.worker(SHORT_WAIT)
    with pytest.raises(ZeroDivisionError):
        async with locks.hold(7, 1):
            _ = 1 / 0
    async with locks.hold(7, 1):
        pass


async def test_cancelled_waiter_leaves_no_trace(backend: Backend) -> None:
    locks = await backend.worker(10)
    waiting = asyncio.Event()

    async def waiter() -> None:
        waiting.set()
        async with locks.hold(7, 1):
            pytest.fail("entered a held lock")

    async with locks.hold(7, 1):
        task = asyncio.create_task(waiter())
        await waiting.wait()
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    async with locks.hold(7, 1):
        pass


# --- memory only ---------------------------------------------------------------


async def test_memory_drops_idle_chats() -> None:
    locks = MemoryChatLocks(wait=SHORT_WAIT)
    async with locks.hold(7, 1):
        assert len(locks) == 1
        with pytest.raises(LockTimeout):
            async with locks.hold(7, 1):
                pass
    assert len(locks) == 0


# --- Redis only: the lease -----------------------------------------------------


@pytest.mark.redis
async def test_redis_lock_key_has_the_lease_and_goes_on_release() -> None:
    async with redis_or_skip() as (client, prefix):
        locks = RedisChatLocks(client, lease=30, prefix=prefix)
        async with locks.hold(7, 1):
            assert 0 < await client.pttl(f"{prefix}lock:7:1") <= 30_000
        assert await client.exists(locks.name(7, 1)) == 0


@pytest.mark.redis
async def test_redis_lease_frees_a_chat_from_a_crashed_worker() -> None:
    async with redis_or_skip() as (client, prefix):
        crashed = RedisChatLocks(client, lease=0.2, prefix=prefix)
        name = crashed.name(7, 1)
        # What a worker leaves behind if it dies holding the lock: the key, never released.
        await client.set(name, b"dead-worker-token", px=200)
        survivor = RedisChatLocks(client, lease=30, wait=10, prefix=prefix, poll=0.01)
        async with survivor.hold(7, 1):
            assert await client.get(name) != b"dead-worker-token"


@pytest.mark.redis
async def test_redis_late_release_leaves_the_next_holders_lock() -> None:
    async with redis_or_skip() as (client, prefix):
        locks = RedisChatLocks(client, lease=30, prefix=prefix)
        name = locks.name(7, 1)
        async with locks.hold(7, 1):
            # As if our lease ran out and another worker took the chat meanwhile.
            await client.set(name, b"next-holder", px=30_000)
        assert await client.get(name) == b"next-holder"
