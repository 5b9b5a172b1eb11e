"""In-process `UpdateInbox`: the one-worker mode, and the model the Redis inbox follows.

Done ids are kept for a TTL (and at most `max_done` of them) so a redelivered
update is refused; the pending updates themselves are never dropped.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from storage.coordination_memory import DEDUP_TTL


class MemoryInbox:
    def __init__(
        self,
        done_ttl: float = DEDUP_TTL,
        max_done: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._done_ttl = done_ttl
        self._max_done = max_done
        self._clock = clock
        self._pending: dict[tuple[int, int], dict[int, str]] = {}
        # Insertion order is expiry order: one TTL, a monotonic clock.
        self._done: OrderedDict[tuple[int, int], float] = OrderedDict()

    async def put(self, bot_id: int, chat_id: int, update_id: int, payload: str) -> bool:
        self._expire()
        if (bot_id, update_id) in self._done:
            return False
        chat = self._pending.setdefault((bot_id, chat_id), {})
        if update_id in chat:
            return False
        chat[update_id] = payload
        return True

    async def pending(self, bot_id: int, chat_id: int, limit: int = 10) -> list[tuple[int, str]]:
        chat = self._pending.get((bot_id, chat_id), {})
        return [(update_id, chat[update_id]) for update_id in sorted(chat)[:limit]]

    async def done(self, bot_id: int, chat_id: int, update_id: int) -> None:
        chat = self._pending.get((bot_id, chat_id))
        if chat is not None:
            chat.pop(update_id, None)
            if not chat:
                del self._pending[(bot_id, chat_id)]
        self._done[(bot_id, update_id)] = self._clock() + self._done_ttl
        if len(self._done) > self._max_done:
            # A very late redelivery of the oldest id could then be handled twice;
            # unbounded memory would be worse.
            self._done.popitem(last=False)

    async def chats(self, bot_id: int, limit: int = 100) -> list[int]:
        return [chat for bot, chat in self._pending if bot == bot_id][:limit]

    def _expire(self) -> None:
        now = self._clock()
        while self._done:
            oldest, expires_at = next(iter(self._done.items()))
            if expires_at > now:
                break
            del self._done[oldest]
