"""The send limiter shared by every worker of one bot: GCRA buckets in Redis.

Telegram's limits are per bot token, not per process: three workers each pacing
themselves at 29/s would send 87/s and draw 429s. Here each bucket is one Redis
key holding its GCRA "theoretical arrival time" in microseconds of the Redis
server's clock (`TIME`, the one clock every worker shares), and a reservation is
one Lua call (`EVALSHA` through `register_script`): the chat's bucket first and,
when the chat's turn is now, the overall one in the same call. A chat that must
wait for its own limit waits first and reserves the overall slot only then (a
second call), so it never holds back the other chats' share, as the in-process
`RateLimiter` does. Keys are named by a hash of the token (never the token), with
a hash tag so both keys of a call live in one Redis Cluster slot, and expire once
their bucket is full again. When Redis cannot be reached the in-process limiter
paces this worker alone until it is back.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
from typing import Any

from redis.exceptions import RedisError

from .ratelimit import Rate, RateLimiter, RateLimits, Sleep

log = logging.getLogger(__name__)

# KEYS: [chat bucket or "", overall bucket or ""]
# ARGV: [chat interval, chat tolerance, overall interval, overall tolerance] in µs
# Returns {µs to wait, 1 if the overall slot was reserved too}.
GCRA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local function reserve(key, interval, tolerance)
  local tat = tonumber(redis.call('GET', key) or '0')
  if tat < now then tat = now end
  local new_tat = tat + interval
  redis.call('SET', key, string.format('%d', new_tat), 'PX',
             math.floor((new_tat - now) / 1000) + 1000)
  local wait = tat - tolerance - now
  if wait < 0 then wait = 0 end
  return wait
end
local wait = 0
if KEYS[1] ~= '' then
  wait = reserve(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
  if wait > 0 then return {wait, 0} end
end
if KEYS[2] ~= '' then
  wait = reserve(KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]))
end
return {wait, 1}
"""


def token_key(token: str) -> str:
    """What names a bot's buckets: a hash of its token, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def _micros(rate: Rate | None) -> tuple[int, int]:
    if rate is None:
        return 0, 0
    interval = math.ceil(1_000_000 / rate.per_second)
    return interval, (rate.burst - 1) * interval


class RedisRateLimiter:
    """`RateLimiter`'s `acquire`, with the buckets in Redis, shared by all workers."""

    def __init__(
        self,
        redis: Any,
        token: str,
        limits: RateLimits | None = None,
        *,
        prefix: str = "",
        sleep: Sleep = asyncio.sleep,
        fallback: RateLimiter | None = None,
    ) -> None:
        self.limits = limits if limits is not None else RateLimits.paced()
        self._script = redis.register_script(GCRA)
        self._base = f"{prefix}sendlimit:{{{token_key(token)}}}"
        self._sleep = sleep
        self._fallback = fallback or RateLimiter(self.limits)
        self._overall = _micros(self.limits.overall)
        self._private = _micros(self.limits.private_chat)
        self._group = _micros(self.limits.group_chat)
        self._down = False

    @property
    def overall_key(self) -> str:
        return f"{self._base}:all"

    async def acquire(self, chat_id: int | None) -> None:
        """Wait until a message to `chat_id` may go (None: only the overall limit)."""
        chat = self._private if chat_id is None or chat_id > 0 else self._group
        chat_key = f"{self._base}:chat:{chat_id}" if chat_id is not None and chat[0] else ""
        overall_key = self.overall_key if self._overall[0] else ""
        if not chat_key and not overall_key:
            return
        try:
            wait, both = await self._reserve(chat_key, overall_key, chat)
            if not both:  # the chat's turn comes later: the overall slot only then
                await self._sleep(wait / 1e6)
                wait, _ = await self._reserve("", overall_key, chat)
        except RedisError as error:
            if not self._down:
                log.warning(
                    "shared send limiter unavailable (%s): pacing alone", type(error).__name__
                )
            self._down = True
            await self._fallback.acquire(chat_id)
            return
        self._down = False
        if wait > 0:
            await self._sleep(wait / 1e6)

    async def _reserve(
        self, chat_key: str, overall_key: str, chat: tuple[int, int]
    ) -> tuple[int, int]:
        args = [chat[0], chat[1], self._overall[0], self._overall[1]]
        wait, both = await self._script(keys=[chat_key, overall_key], args=args)
        return int(wait), int(both)
