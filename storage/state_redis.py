"""Redis `StateStore`: one key per conversation, compare-and-set in Lua.

Key `{prefix}conv:{bot}:{chat}:{user}`, value the compact JSON of the state,
with a TTL set on every write. The check of `version` and the write run in one
script, so two workers tapping the same step at once cannot both advance it.
"""

from __future__ import annotations

from redis.asyncio import Redis

from domain.ports.state import ConversationState, StateKey
from storage.state_codec import decode_state, encode_state

# KEYS[1] the key; ARGV[1] the expected version; ARGV[2] the new value; ARGV[3] TTL in ms.
# An absent key counts as version 0.
_PUT_IF_VERSION = """
local cur = redis.call('GET', KEYS[1])
local version = 0
if cur then version = cjson.decode(cur)['version'] end
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
"""

# KEYS[1] the key; ARGV[1] the expected version.
_DELETE_IF_VERSION = """
local cur = redis.call('GET', KEYS[1])
local version = 0
if cur then version = cjson.decode(cur)['version'] end
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
return 1
"""


class RedisStateStore:
    """Borrows `redis`: `close()` leaves the client to whoever opened it."""

    def __init__(self, redis: Redis, ttl: float, prefix: str = "") -> None:
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self._redis = redis
        self._ttl_ms = max(1, int(ttl * 1000))
        self._prefix = prefix
        self._put_if_version = redis.register_script(_PUT_IF_VERSION)
        self._delete_if_version = redis.register_script(_DELETE_IF_VERSION)

    def name(self, key: StateKey) -> str:
        """The Redis key holding `key`'s conversation."""
        return self._prefix + key.key()

    async def get(self, key: StateKey) -> ConversationState | None:
        raw = await self._redis.get(self.name(key))
        return None if raw is None else decode_state(raw)

    async def put(self, key: StateKey, state: ConversationState, expected: int | None) -> bool:
        value = encode_state(state)
        if expected is None:
            await self._redis.set(self.name(key), value, px=self._ttl_ms)
            return True
        done = await self._put_if_version(
            keys=[self.name(key)], args=[expected, value, self._ttl_ms]
        )
        return bool(done)

    async def delete(self, key: StateKey, expected: int | None = None) -> bool:
        if expected is None:
            await self._redis.delete(self.name(key))
            return True
        done = await self._delete_if_version(keys=[self.name(key)], args=[expected])
        return bool(done)

    async def close(self) -> None:
        """Nothing to release: the client belongs to the caller."""
