"""Redis `UpdateInbox`, shared by every worker.

Per chat a sorted set of update ids (score = update_id, so ZRANGE is the order
Telegram sent them in) and a hash of their payloads; per bot a set of chats
with stored updates (what the janitor walks); per handled update a marker with
a TTL so a redelivery is refused. Each change is one Lua script, so `put`,
`done` and the set of chats can never disagree. Every key of one bot carries the
hash tag `{bot_id}`, so the scripts also run on Redis Cluster.
"""

from __future__ import annotations

from typing import cast

from redis.asyncio import Redis

from storage.coordination_memory import DEDUP_TTL

# KEYS: done marker, queue, payloads, chats. ARGV: update_id, payload, chat_id.
_PUT = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local added = redis.call('ZADD', KEYS[2], 'NX', ARGV[1], ARGV[1])
if added == 1 then redis.call('HSET', KEYS[3], ARGV[1], ARGV[2]) end
redis.call('SADD', KEYS[4], ARGV[3])
return added
"""

# KEYS: done marker, queue, payloads, chats. ARGV: update_id, chat_id, ttl in ms.
_DONE = """
redis.call('SET', KEYS[1], 1, 'PX', ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('SREM', KEYS[4], ARGV[2]) end
return 1
"""


class RedisInbox:
    def __init__(self, redis: Redis, done_ttl: float = DEDUP_TTL, prefix: str = "") -> None:
        self._redis = redis
        self._done_ttl_ms = max(1, int(done_ttl * 1000))
        self._prefix = prefix
        self._put = redis.register_script(_PUT)
        self._done = redis.register_script(_DONE)

    def _base(self, bot_id: int) -> str:
        return f"{self._prefix}inbox:{{{bot_id}}}"

    def _keys(self, bot_id: int, chat_id: int, update_id: int) -> list[str]:
        base = self._base(bot_id)
        queue, payloads = f"{base}:q:{chat_id}", f"{base}:d:{chat_id}"
        return [f"{base}:done:{update_id}", queue, payloads, f"{base}:chats"]

    async def put(self, bot_id: int, chat_id: int, update_id: int, payload: str) -> bool:
        keys = self._keys(bot_id, chat_id, update_id)
        return bool(await self._put(keys=keys, args=[update_id, payload, chat_id]))

    async def pending(self, bot_id: int, chat_id: int, limit: int = 10) -> list[tuple[int, str]]:
        base = self._base(bot_id)
        ids = cast(list[bytes], await self._redis.zrange(f"{base}:q:{chat_id}", 0, limit - 1))
        if not ids:
            return []
        payloads = await self._redis.hmget(f"{base}:d:{chat_id}", ids)
        return [
            (int(update_id), _text(payload))
            for update_id, payload in zip(ids, payloads, strict=True)
            if payload is not None
        ]

    async def done(self, bot_id: int, chat_id: int, update_id: int) -> None:
        keys = self._keys(bot_id, chat_id, update_id)
        await self._done(keys=keys, args=[update_id, chat_id, self._done_ttl_ms])

    async def chats(self, bot_id: int, limit: int = 100) -> list[int]:
        found = await self._redis.srandmember(f"{self._base(bot_id)}:chats", limit)
        return [int(chat) for chat in found or ()]


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
