"""In-process `UpdateDeduper` and `ChatLocks`, and the `LockTimeout` both lock kinds raise.

Both are bounded: the deduper forgets ids after a TTL or beyond `max_entries`,
and a chat's lock is dropped as soon as nobody holds or waits for it.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

DEDUP_TTL = 86_400.0
LOCK_WAIT = 10.0


class LockTimeout(Exception):
    """A chat's lock was not acquired within the wait; the update was not handled."""

    def __init__(self, bot_id: int, chat_id: int, wait: float) -> None:
        super().__init__(f"chat {bot_id}:{chat_id} still locked after {wait:g} s")
        self.bot_id = bot_id
        self.chat_id = chat_id
        self.wait = wait


class MemoryDeduper:
    def __init__(
        self,
        ttl: float = DEDUP_TTL,
        max_entries: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max_entries = max_entries
        self._clock = clock
        # Insertion order is expiry order (one TTL, monotonic clock), as in MemoryStateStore.
        self._seen: OrderedDict[tuple[int, int], float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    async def first_time(self, bot_id: int, update_id: int) -> bool:
        now = self._clock()
        while self._seen:
            oldest, expires_at = next(iter(self._seen.items()))
            if expires_at > now:
                break
            del self._seen[oldest]
        key = (bot_id, update_id)
        if key in self._seen:
            return False
        self._seen[key] = now + self._ttl
        if len(self._seen) > self._max_entries:
            # Forgetting the oldest id risks handling a very late redelivery twice;
            # unbounded memory would be worse.
            self._seen.popitem(last=False)
        return True


@dataclass(slots=True)
class _ChatLock:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0  # holders and waiters


class MemoryChatLocks:
    """One `asyncio.Lock` per chat: FIFO within this process, nothing across processes."""

    def __init__(self, wait: float = LOCK_WAIT) -> None:
        self._wait = wait
        self._locks: dict[tuple[int, int], _ChatLock] = {}

    def __len__(self) -> int:
        """Chats with a holder or a waiter; 0 when idle."""
        return len(self._locks)

    @asynccontextmanager
    async def hold(
        self, bot_id: int, chat_id: int, wait: float | None = None
    ) -> AsyncIterator[None]:
        """Hold the chat's lock; raise `LockTimeout` after `wait` seconds (default: the
        constructor's)."""
        limit = self._wait if wait is None else wait
        key = (bot_id, chat_id)
        entry = self._locks.setdefault(key, _ChatLock())
        entry.users += 1
        try:
            try:
                async with asyncio.timeout(limit):
                    await entry.lock.acquire()
            except TimeoutError:
                raise LockTimeout(bot_id, chat_id, limit) from None
            try:
                yield
            finally:
                entry.lock.release()
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._locks[key]
