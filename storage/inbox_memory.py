"""In-process `UpdateInbox`: the one-worker mode, and the model the Redis inbox follows.

Leases and handled ids behave as in Redis on the injected clock: a lease runs out
`lease` seconds after it was last taken or renewed, and each chat remembers its
newest `keep_done` handled ids for `done_ttl` seconds (at most `max_chats` chats:
the least recently finished is forgotten first). Pending updates are never dropped.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from domain.models import TELEGRAM
from domain.ports.inbox import AsideUpdate, NewUpdate, StoredUpdate, Unreadable

# The inbox's policy, the same for both backends.
DEDUP_TTL = 86_400.0  # how long a handled update id is refused
KEEP_DONE = 64  # handled ids remembered per chat: a redelivery comes long before 64 newer ones
KEEP_ASIDE = 10_000  # set-aside updates kept per bot in process (the oldest go first)
LOCK_LEASE = 10.0  # renewed while a turn runs: this is how long a dead worker blocks a chat
UNREADABLE_TTL = 7 * 86_400.0  # how long an update that could not be parsed is kept to look at
KEEP_UNREADABLE = 1_000  # at most this many of them (the newest): a flood must not fill memory

_Chat = tuple[int, int]  # (bot_id, chat_id)


@dataclass(slots=True)
class _Done:
    ids: list[int] = field(default_factory=list)  # ascending, newest last
    expires_at: float = 0.0


class MemoryInbox:
    def __init__(
        self,
        done_ttl: float = DEDUP_TTL,
        max_chats: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
        lease: float = LOCK_LEASE,
        keep_done: int = KEEP_DONE,
        unreadable_ttl: float = UNREADABLE_TTL,
        keep_unreadable: int = KEEP_UNREADABLE,
        channel: str = TELEGRAM,
    ) -> None:
        self.channel = channel  # one inbox per channel, as `RedisInbox`
        self._done_ttl = done_ttl
        self._unreadable_ttl = unreadable_ttl
        self._keep_unreadable = keep_unreadable
        # bot -> update_id -> (kept until, the update): ascending ids, newest last.
        self._unreadable: dict[int, OrderedDict[int, tuple[float, Unreadable]]] = {}
        self._max_chats = max_chats
        self._clock = clock
        self.lease = lease
        self._keep_done = keep_done
        self._pending: dict[_Chat, dict[int, str]] = {}
        self._leases: dict[_Chat, tuple[str, float]] = {}  # holder, expires at
        # Least recently finished first: expiry order, since the TTL is one for all.
        self._done: OrderedDict[_Chat, _Done] = OrderedDict()
        self._aside: dict[int, dict[int, AsideUpdate]] = {}

    async def put(self, bot_id: int, chat_id: int, update_id: int, payload: str) -> bool:
        key = (bot_id, chat_id)
        self._expire()
        done = self._done.get(key)
        if done is not None and update_id in done.ids:
            return False
        chat = self._pending.setdefault(key, {})
        if update_id in chat:
            return False
        chat[update_id] = payload
        return True

    async def put_many(self, bot_id: int, updates: Sequence[NewUpdate]) -> list[bool]:
        return [await self.put(bot_id, u.chat_id, u.update_id, u.payload) for u in updates]

    async def put_unreadable(self, bot_id: int, updates: Sequence[Unreadable]) -> None:
        kept = self._unreadable.setdefault(bot_id, OrderedDict())
        until = self._clock() + self._unreadable_ttl
        for update in updates:
            kept[update.update_id] = (until, update)
        for update_id in sorted(kept)[: -self._keep_unreadable]:
            del kept[update_id]

    async def unreadable(self, bot_id: int, limit: int = 100) -> list[Unreadable]:
        kept = self._unreadable.get(bot_id, OrderedDict())
        now = self._clock()
        for update_id in [i for i, (until, _) in kept.items() if until <= now]:
            del kept[update_id]
        return [kept[update_id][1] for update_id in sorted(kept)][-limit:]

    async def claim(
        self, bot_id: int, chat_id: int, holder: str, first: StoredUpdate | None = None
    ) -> StoredUpdate | None:
        key = (bot_id, chat_id)
        if first is not None:
            await self.put(bot_id, chat_id, first.update_id, first.payload)
        current = self._holder(key)
        if current is not None and current != holder:
            return None
        upcoming = self._oldest(key)
        if upcoming is None:
            self._leases.pop(key, None)
            return None
        self._leases[key] = (holder, self._clock() + self.lease)
        return upcoming

    async def done(
        self, bot_id: int, chat_id: int, update_id: int, holder: str
    ) -> StoredUpdate | None:
        key = (bot_id, chat_id)
        chat = self._pending.get(key)
        if chat is not None:
            chat.pop(update_id, None)
            if not chat:
                del self._pending[key]
        self._remember(key, update_id)
        if self._holder(key) != holder:
            return None
        upcoming = self._oldest(key)
        if upcoming is None:
            del self._leases[key]
            return None
        self._leases[key] = (holder, self._clock() + self.lease)
        return upcoming

    async def set_aside(
        self, bot_id: int, chat_id: int, update_id: int, holder: str, reason: str
    ) -> StoredUpdate | None:
        payload = self._pending.get((bot_id, chat_id), {}).get(update_id)
        if payload is not None:
            kept = self._aside.setdefault(bot_id, {})
            kept[update_id] = AsideUpdate(update_id, chat_id, reason, payload)
            if len(kept) > KEEP_ASIDE:
                del kept[min(kept)]
        return await self.done(bot_id, chat_id, update_id, holder)

    async def aside(self, bot_id: int, limit: int = 100) -> list[AsideUpdate]:
        kept = self._aside.get(bot_id, {})
        return [kept[update_id] for update_id in sorted(kept)[:limit]]

    async def release(self, bot_id: int, chat_id: int, holder: str) -> None:
        key = (bot_id, chat_id)
        if self._holder(key) == holder:
            del self._leases[key]

    async def renew(self, bot_id: int, leases: Mapping[int, str]) -> set[int]:
        lost = set()
        until = self._clock() + self.lease
        for chat_id, holder in leases.items():
            key = (bot_id, chat_id)
            if self._holder(key) == holder:
                self._leases[key] = (holder, until)
            else:
                lost.add(chat_id)
        return lost

    async def chats(self, bot_id: int, limit: int = 100) -> list[int]:
        return [chat for bot, chat in self._pending if bot == bot_id][:limit]

    def _holder(self, key: _Chat) -> str | None:
        lease = self._leases.get(key)
        if lease is None:
            return None
        holder, expires_at = lease
        if expires_at <= self._clock():
            del self._leases[key]
            return None
        return holder

    def _oldest(self, key: _Chat) -> StoredUpdate | None:
        chat = self._pending.get(key)
        if not chat:
            return None
        update_id = min(chat)
        return StoredUpdate(update_id, chat[update_id])

    def _remember(self, key: _Chat, update_id: int) -> None:
        done = self._done.pop(key, None) or _Done()
        if update_id not in done.ids:
            done.ids.append(update_id)
            done.ids.sort()
            del done.ids[: -self._keep_done]
        done.expires_at = self._clock() + self._done_ttl
        self._done[key] = done
        if len(self._done) > self._max_chats:
            # A very late redelivery in the oldest chat could then be handled twice;
            # unbounded memory would be worse.
            self._done.popitem(last=False)

    def _expire(self) -> None:
        now = self._clock()
        while self._done:
            oldest, done = next(iter(self._done.items()))
            if done.expires_at > now:
                break
            del self._done[oldest]
