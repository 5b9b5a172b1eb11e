"""In-process `StateStore`, used when no `REDIS_URL` is set.

Compare-and-set is atomic because no method awaits between the check and the
write. Entries expire `ttl` seconds after their last write, like a Redis key
written with `SET PX`.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from domain.ports.state import ConversationState, StateKey
from storage.state_codec import decode_state, encode_state


class MemoryStateStore:
    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self._ttl = ttl
        self._clock = clock
        # key -> (expires_at, encoded state). Every write moves its key to the end,
        # and with one TTL and a monotonic clock that keeps the dict sorted by
        # expiry: evicting is popping from the front until an entry is still live.
        self._entries: OrderedDict[StateKey, tuple[float, str]] = OrderedDict()

    def __len__(self) -> int:
        """Entries held, expired ones not yet evicted included (for tests and metrics)."""
        return len(self._entries)

    async def get(self, key: StateKey) -> ConversationState | None:
        raw = self._live(key, self._clock())
        return None if raw is None else decode_state(raw)

    async def put(self, key: StateKey, state: ConversationState, expected: int | None) -> bool:
        now = self._clock()
        self._evict(now)
        if expected is not None and self._version(key, now) != expected:
            return False
        self._entries[key] = (now + self._ttl, encode_state(state))
        self._entries.move_to_end(key)
        return True

    async def delete(self, key: StateKey, expected: int | None = None) -> bool:
        now = self._clock()
        self._evict(now)
        if expected is not None and self._version(key, now) != expected:
            return False
        self._entries.pop(key, None)
        return True

    async def close(self) -> None:
        self._entries.clear()

    def _live(self, key: StateKey, now: float) -> str | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires_at, raw = entry
        if expires_at <= now:
            del self._entries[key]
            return None
        return raw

    def _version(self, key: StateKey, now: float) -> int:
        raw = self._live(key, now)
        return 0 if raw is None else decode_state(raw).version

    def _evict(self, now: float) -> None:
        while self._entries:
            key, (expires_at, _) = next(iter(self._entries.items()))
            if expires_at > now:
                return
            del self._entries[key]
