"""Redis `UpdateDeduper` and `ChatLocks`, shared by every worker.

The chat lock is redis-py's `Lock`: `SET NX PX` to take it, a token-checked
Lua script to release it, so a worker whose lease ran out cannot free the next
holder's lock. The lease bounds how long a crashed worker blocks a chat.
Redis gives no FIFO between workers; inside one process a memory lock is taken
first, so this process's updates of a chat still go in arrival order and only
one of them polls Redis at a time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError

from storage.coordination_memory import DEDUP_TTL, LOCK_WAIT, LockTimeout, MemoryChatLocks

log = logging.getLogger(__name__)

LOCK_LEASE = 30.0


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
    async def hold(self, bot_id: int, chat_id: int) -> AsyncIterator[None]:
        """Hold the chat's lock across workers; `LockTimeout` after the wait.

        A body that outlives the lease loses the lock silently to the next worker
        (logged on release): keep handlers well under the lease.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._wait
        async with self._local.hold(bot_id, chat_id):
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
                raise LockTimeout(bot_id, chat_id, self._wait)
            try:
                yield
            finally:
                await _release(lock)


async def _release(lock: Lock) -> None:
    try:
        await lock.release()
    except LockError:
        # The lease ran out and the key expired or went to another worker; its
        # token no longer matches, so the script left the new holder's lock alone.
        log.warning("chat lock %r lease expired before release", lock.name)
