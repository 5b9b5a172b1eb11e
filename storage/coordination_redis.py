"""Redis `UpdateDeduper` and `ChatLocks`, shared by every worker.

The chat lock is redis-py's `Lock`: `SET NX PX` to take it, a token-checked
Lua script to release it, so a worker whose lease ran out cannot free the next
holder's lock. The lease bounds how long a crashed worker blocks a chat.
Redis gives no FIFO between workers; inside one process a memory lock is taken
first, so this process's updates of a chat still go in arrival order and only
one of them polls Redis at a time. While held, the lease is renewed every third
of itself, so a long body keeps its lock and a dead worker's lock frees soon.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

from storage.coordination_memory import DEDUP_TTL, LOCK_WAIT, LockTimeout, MemoryChatLocks

log = logging.getLogger(__name__)

LOCK_LEASE = 10.0  # renewed while held: this is how long a dead worker blocks a chat


class RedisDeduper:
    def __init__(self, redis: Redis, ttl: float = DEDUP_TTL, prefix: str = "") -> None:
        self._redis = redis
        self._ttl_ms = max(1, int(ttl * 1000))
        self._prefix = prefix

    def name(self, bot_id: int, update_id: int) -> str:
        return f"{self._prefix}seen:{bot_id}:{update_id}"

    async def first_time(self, bot_id: int, update_id: int) -> bool:
        done = await self._redis.set(self.name(bot_id, update_id), 1, nx=True, px=self._ttl_ms)
        return bool(done)


class RedisChatLocks:
    def __init__(
        self,
        redis: Redis,
        lease: float = LOCK_LEASE,
        wait: float = LOCK_WAIT,
        prefix: str = "",
        poll: float = 0.05,
    ) -> None:
        self._redis = redis
        self._lease = lease
        self._wait = wait
        self._prefix = prefix
        self._poll = poll  # how often a waiter retries SET NX; redis has no blocking lock
        self._local = MemoryChatLocks(wait)

    def name(self, bot_id: int, chat_id: int) -> str:
        return f"{self._prefix}lock:{bot_id}:{chat_id}"

    @asynccontextmanager
    async def hold(
        self, bot_id: int, chat_id: int, wait: float | None = None
    ) -> AsyncIterator[None]:
        """Hold the chat's lock across workers; `LockTimeout` after the wait
        (`wait` seconds, default the constructor's; 0 tries once).

        The lease is renewed while the body runs; only a body stuck for longer than
        the lease with its event loop blocked loses the lock (logged on release).
        """
        limit = self._wait if wait is None else wait
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        async with self._local.hold(bot_id, chat_id, wait=limit):
            lock = Lock(
                self._redis,
                self.name(bot_id, chat_id),
                timeout=self._lease,
                sleep=self._poll,
                blocking_timeout=max(0.0, deadline - loop.time()),
                # One Lock object per hold, so the token needs no thread-local slot.
                thread_local=False,
            )
            if not await lock.acquire():
                raise LockTimeout(bot_id, chat_id, limit)
            renewer = asyncio.create_task(self._renew(lock))
            try:
                yield
            finally:
                renewer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewer
                await _release(lock)

    async def _renew(self, lock: Lock) -> None:
        every = self._lease / 3
        while True:
            await asyncio.sleep(every)  # a timer, not a wait for work
            try:
                await lock.reacquire()
            except (LockError, RedisError) as exc:
                # Lost (another holder) or Redis gone: release will tell; stop renewing.
                log.warning("could not renew chat lock %r: %s", lock.name, exc)
                return


async def _release(lock: Lock) -> None:
    try:
        await lock.release()
    except LockError:
        # The lease ran out and the key expired or went to another worker; its
        # token no longer matches, so the script left the new holder's lock alone.
        log.warning("chat lock %r lease expired before release", lock.name)
