"""Redis `FloodGate`, shared by every worker: one counter key per user and window.

`INCR` and, on the window's first update, `PEXPIRE` in one script, so a key can
never be left without its expiry. The key carries the bot's hash tag like the
inbox's keys, so the script runs on Redis Cluster too.
"""

from __future__ import annotations

from redis.asyncio import Redis

# KEYS: the user's counter. ARGV: window ms.
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class RedisFloodGate:
    def __init__(self, redis: Redis, window: float, prefix: str = "") -> None:
        if window <= 0:
            raise ValueError("window must be positive")
        self.window = window
        self._window_ms = max(1, int(window * 1000))
        self._prefix = prefix
        self._hit = redis.register_script(_HIT)

    async def hit(self, bot_id: int, user_id: int) -> int:
        key = f"{self._prefix}flood:{{{bot_id}}}:{user_id}"
        return int(await self._hit(keys=[key], args=[self._window_ms]))
