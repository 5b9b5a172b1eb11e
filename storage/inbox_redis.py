"""Redis `UpdateInbox`, shared by every worker: one round trip per step of a turn.

Per chat: a sorted set of stored update ids (score = update_id, so the lowest is
the next), a hash of their payloads, a lease key naming the turn that handles the
chat, and a small sorted set of the ids handled lately (the newest `keep_done`,
for a day) so a redelivery is refused. Per bot: the set of chats with stored
updates, which the janitor walks, and a hash of the updates set aside (by id:
chat, reason and payload as JSON), kept until someone removes them. Storing,
claiming and finishing are each one Lua script, so the queue, the lease and the
set of chats never disagree, and a turn's last `done` lets the lease go in the
same step that finds nothing left.
Every key of one bot carries the hash tag `{bot_id}`, so the scripts also run on
Redis Cluster.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from redis.asyncio import Redis
from redis.typing import EncodableT

from domain.models import TELEGRAM
from domain.ports.inbox import AsideUpdate, NewUpdate, StoredUpdate, Unreadable
from storage.inbox_memory import (
    DEDUP_TTL,
    KEEP_DONE,
    KEEP_UNREADABLE,
    LOCK_LEASE,
    UNREADABLE_TTL,
)

# Shared by _PUT and _CLAIM. KEYS: queue, payloads, done, lease, chats.
# ARGV: holder, lease ms, chat_id, update_id ('' for none), payload.
_STORE = """
local function store()
  if ARGV[4] == '' or redis.call('ZSCORE', KEYS[3], ARGV[4]) then return 0 end
  if redis.call('ZADD', KEYS[1], 'NX', ARGV[4], ARGV[4]) == 0 then return 0 end
  redis.call('HSET', KEYS[2], ARGV[4], ARGV[5])
  redis.call('SADD', KEYS[5], ARGV[3])
  return 1
end
"""

_PUT = _STORE + "return store()"

# A whole polled batch in one round trip. KEYS: the bot's chats set, then per update
# its chat's queue, payloads and done keys. ARGV: per update chat_id, update_id, payload.
_PUT_MANY = """
local stored = {}
for i = 1, #ARGV / 3 do
  local q, d, done = KEYS[3 * i - 1], KEYS[3 * i], KEYS[3 * i + 1]
  local chat, id, payload = ARGV[3 * i - 2], ARGV[3 * i - 1], ARGV[3 * i]
  local new = 0
  if not redis.call('ZSCORE', done, id) and redis.call('ZADD', q, 'NX', id, id) == 1 then
    redis.call('HSET', d, id, payload)
    redis.call('SADD', KEYS[1], chat)
    new = 1
  end
  stored[i] = new
end
return stored
"""

# KEYS: the unreadable hash (id -> JSON) and its index (sorted by id).
# ARGV: ttl ms, how many to keep, then per update its id and JSON.
_PUT_UNREADABLE = """
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i])
end
local extra = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[2])
if extra > 0 then
  local old = redis.call('ZRANGE', KEYS[2], 0, extra - 1)
  redis.call('HDEL', KEYS[1], unpack(old))
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, extra - 1)
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1
"""

_CLAIM = (
    _STORE
    + """
store()
local holder = redis.call('GET', KEYS[4])
if holder and holder ~= ARGV[1] then return false end
local first = redis.call('ZRANGE', KEYS[1], 0, 0)
if #first == 0 then
  if holder then redis.call('DEL', KEYS[4]) end
  redis.call('SREM', KEYS[5], ARGV[3])
  return false
end
redis.call('SET', KEYS[4], ARGV[1], 'PX', ARGV[2])
return {first[1], redis.call('HGET', KEYS[2], first[1])}
"""
)

# KEYS: queue, payloads, done, lease, chats.
# ARGV: holder, lease ms, chat_id, update_id, done ttl ms, how many done ids to keep.
_DONE = """
redis.call('ZREM', KEYS[1], ARGV[4])
redis.call('HDEL', KEYS[2], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[4])
local extra = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[6])
if extra > 0 then redis.call('ZREMRANGEBYRANK', KEYS[3], 0, extra - 1) end
redis.call('PEXPIRE', KEYS[3], ARGV[5])
local first = redis.call('ZRANGE', KEYS[1], 0, 0)
if #first == 0 then redis.call('SREM', KEYS[5], ARGV[3]) end
if redis.call('GET', KEYS[4]) ~= ARGV[1] then return false end
if #first == 0 then
  redis.call('DEL', KEYS[4])
  return false
end
redis.call('PEXPIRE', KEYS[4], ARGV[2])
return {first[1], redis.call('HGET', KEYS[2], first[1])}
"""

# As _DONE, keeping the payload first. KEYS: as _DONE, then the aside hash. ARGV: as
# _DONE, then the reason.
_SET_ASIDE = (
    """
local payload = redis.call('HGET', KEYS[2], ARGV[4])
if payload then
  local kept = cjson.encode({chat = ARGV[3], reason = ARGV[7], payload = payload})
  redis.call('HSET', KEYS[6], ARGV[4], kept)
end
"""
    + _DONE
)

# KEYS: lease keys. ARGV: lease ms, then each key's holder. Returns the 1-based lost ones.
_RENEW = """
local lost = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[i + 1] then
    redis.call('PEXPIRE', key, ARGV[1])
  else
    table.insert(lost, i)
  end
end
return lost
"""

# KEYS: lease. ARGV: holder.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
"""


class RedisInbox:
    def __init__(
        self,
        redis: Redis,
        done_ttl: float = DEDUP_TTL,
        prefix: str = "",
        lease: float = LOCK_LEASE,
        keep_done: int = KEEP_DONE,
        unreadable_ttl: float = UNREADABLE_TTL,
        keep_unreadable: int = KEEP_UNREADABLE,
        channel: str = TELEGRAM,
    ) -> None:
        self._redis = redis
        self.channel = channel  # one inbox per channel: a chat id means one there
        self._unreadable_ttl_ms = max(1, int(unreadable_ttl * 1000))
        self._keep_unreadable = keep_unreadable
        self._done_ttl_ms = max(1, int(done_ttl * 1000))
        self._prefix = prefix
        self.lease = lease
        self._lease_ms = max(1, int(lease * 1000))
        self._keep_done = keep_done
        self._put = redis.register_script(_PUT)
        self._put_many = redis.register_script(_PUT_MANY)
        self._put_unreadable = redis.register_script(_PUT_UNREADABLE)
        self._claim = redis.register_script(_CLAIM)
        self._done = redis.register_script(_DONE)
        self._set_aside = redis.register_script(_SET_ASIDE)
        self._renew = redis.register_script(_RENEW)
        self._release = redis.register_script(_RELEASE)

    def _base(self, bot_id: int) -> str:
        # Telegram's keys are the ones of before there were channels, so the updates
        # stored before a deploy are read on after it, as they are: nothing to drain.
        # Another channel's keys name it, and cannot meet Telegram's.
        if self.channel == TELEGRAM:
            return f"{self._prefix}inbox:{{{bot_id}}}"
        return f"{self._prefix}inbox:{self.channel}:{{{bot_id}}}"

    def _lease_key(self, bot_id: int, chat_id: int) -> str:
        return f"{self._base(bot_id)}:lease:{chat_id}"

    def _keys(self, bot_id: int, chat_id: int) -> list[str]:
        base = self._base(bot_id)
        return [
            f"{base}:q:{chat_id}",
            f"{base}:d:{chat_id}",
            f"{base}:done:{chat_id}",
            f"{base}:lease:{chat_id}",
            f"{base}:chats",
        ]

    async def put(self, bot_id: int, chat_id: int, update_id: int, payload: str) -> bool:
        args: list[EncodableT] = ["", self._lease_ms, chat_id, update_id, payload]
        return bool(await self._put(keys=self._keys(bot_id, chat_id), args=args))

    async def put_many(self, bot_id: int, updates: Sequence[NewUpdate]) -> list[bool]:
        if not updates:
            return []
        keys: list[str] = [f"{self._base(bot_id)}:chats"]
        args: list[EncodableT] = []
        for update in updates:
            queue, payloads, done, _lease, _chats = self._keys(bot_id, update.chat_id)
            keys += [queue, payloads, done]
            args += [update.chat_id, update.update_id, update.payload]
        return [bool(new) for new in await self._put_many(keys=keys, args=args)]

    def _unreadable_keys(self, bot_id: int) -> list[str]:
        base = self._base(bot_id)
        return [f"{base}:unreadable", f"{base}:unreadable:ids"]

    async def put_unreadable(self, bot_id: int, updates: Sequence[Unreadable]) -> None:
        if not updates:
            return
        args: list[EncodableT] = [self._unreadable_ttl_ms, self._keep_unreadable]
        for update in updates:
            kept = {"raw": update.raw, "error": update.error}
            args += [update.update_id, json.dumps(kept, ensure_ascii=False)]
        await self._put_unreadable(keys=self._unreadable_keys(bot_id), args=args)

    async def unreadable(self, bot_id: int, limit: int = 100) -> list[Unreadable]:
        table, index = self._unreadable_keys(bot_id)
        ids: list[bytes] = list(await self._redis.zrange(index, -limit, -1))  # type: ignore[arg-type]
        if not ids:
            return []
        found = []
        for update_id, kept in zip(ids, await self._redis.hmget(table, ids), strict=True):
            if kept is not None:
                fields = json.loads(kept)
                found.append(Unreadable(int(update_id), fields["raw"], fields["error"]))
        return found

    async def claim(
        self, bot_id: int, chat_id: int, holder: str, first: StoredUpdate | None = None
    ) -> StoredUpdate | None:
        stored: list[EncodableT] = ["", ""] if first is None else [first.update_id, first.payload]
        args: list[EncodableT] = [holder, self._lease_ms, chat_id, *stored]
        return _next(await self._claim(keys=self._keys(bot_id, chat_id), args=args))

    async def done(
        self, bot_id: int, chat_id: int, update_id: int, holder: str
    ) -> StoredUpdate | None:
        args: list[EncodableT] = [
            holder,
            self._lease_ms,
            chat_id,
            update_id,
            self._done_ttl_ms,
            self._keep_done,
        ]
        return _next(await self._done(keys=self._keys(bot_id, chat_id), args=args))

    async def set_aside(
        self, bot_id: int, chat_id: int, update_id: int, holder: str, reason: str
    ) -> StoredUpdate | None:
        keys = [*self._keys(bot_id, chat_id), self._aside_key(bot_id)]
        args: list[EncodableT] = [
            holder,
            self._lease_ms,
            chat_id,
            update_id,
            self._done_ttl_ms,
            self._keep_done,
            reason,
        ]
        return _next(await self._set_aside(keys=keys, args=args))

    async def aside(self, bot_id: int, limit: int = 100) -> list[AsideUpdate]:
        kept = await self._redis.hgetall(self._aside_key(bot_id))
        found = []
        for update_id, raw in kept.items():
            doc = json.loads(raw)
            chat = int(doc["chat"])
            found.append(AsideUpdate(int(update_id), chat, doc["reason"], doc["payload"]))
        return sorted(found, key=lambda aside: aside.update_id)[:limit]

    def _aside_key(self, bot_id: int) -> str:
        return f"{self._base(bot_id)}:aside"

    async def release(self, bot_id: int, chat_id: int, holder: str) -> None:
        await self._release(keys=[self._lease_key(bot_id, chat_id)], args=[holder])

    async def renew(self, bot_id: int, leases: Mapping[int, str]) -> set[int]:
        if not leases:
            return set()
        chats = list(leases)
        keys = [self._lease_key(bot_id, chat) for chat in chats]
        args: list[EncodableT] = [self._lease_ms, *leases.values()]
        lost = await self._renew(keys=keys, args=args)
        return {chats[int(index) - 1] for index in lost}

    async def chats(self, bot_id: int, limit: int = 100) -> list[int]:
        found = await self._redis.srandmember(f"{self._base(bot_id)}:chats", limit)
        return [int(chat) for chat in found or ()]


def _next(reply: Any) -> StoredUpdate | None:
    if not reply:
        return None
    update_id, payload = reply[0], reply[1] if len(reply) > 1 else None
    # A payload lost outside our scripts comes back empty: the drainer drops it as unreadable.
    text = payload.decode() if isinstance(payload, bytes) else (payload or "")
    return StoredUpdate(int(update_id), text)
