"""Outgoing rate limits, shared by both transports.

Telegram allows about 30 messages a second per bot, 1 a second per private chat
and 20 a minute per group. `RateLimiter.slot(chat_id)` waits until a message to
that chat may go; it never drops one.

Each limit is a token bucket kept in the GCRA form (one "theoretical arrival
time" per bucket): a caller reserves the next free instant and sleeps until it.
Reservations are made in call order, so waiters are served first come, first
served, and a burst of callers costs one float per bucket instead of a queue.
The per-chat bucket is reserved first and the global one only once the chat's
turn has come, so chats that are waiting on their own limit do not hold back
the others' share of the global rate.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Protocol

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# Forget idle chat buckets from time to time so the map does not grow with every chat seen.
_PRUNE_EVERY = 1024


@dataclass(frozen=True, slots=True)
class Rate:
    """`per_second` messages a second on average, up to `burst` back to back."""

    per_second: float
    burst: int = 1

    def __post_init__(self) -> None:
        if self.per_second <= 0 or self.burst < 1:
            raise ValueError(f"invalid rate {self!r}")


# The overall pace `RateLimits.paced` keeps, under Telegram's 30 messages a second.
PACED_PRIVATE = Rate(1.0, 2)
PACED_OVERALL = Rate(29.0, 5)


@dataclass(frozen=True, slots=True)
class RateLimits:
    """The three limits; None switches one off."""

    overall: Rate | None = Rate(30.0, 30)
    private_chat: Rate | None = Rate(1.0, 3)
    group_chat: Rate | None = Rate(20 / 60, 3)

    @classmethod
    def telegram(cls) -> RateLimits:
        """Telegram's published limits, with a burst of three so a two-message reply is instant."""
        return cls()

    @classmethod
    def paced(cls) -> RateLimits:
        """What the bot sends at by default: Telegram's limits, the overall one a
        little under the server's own bucket.

        Pacing at exactly 30/s with a burst of 30 matches the server's bucket token
        for token, so any jitter in arrival times lands a request one token early
        and draws a 429 (and a second's wait for everyone queued behind it). At
        29/s with a burst of 5 the server's bucket always stays a few tokens ahead:
        96.7 % of the bound, no 429 in steady state. The same holds per private
        chat: a burst of two (still enough for a two-message reply at once) leaves
        the server's burst of three a token of slack.
        """
        return cls(overall=PACED_OVERALL, private_chat=PACED_PRIVATE)

    @classmethod
    def unlimited(cls) -> RateLimits:
        """No limits at all: for tests and the loopback sandbox."""
        return cls(overall=None, private_chat=None, group_chat=None)


class SendLimiter(Protocol):
    """What a transport waits on before each message: this process's `RateLimiter`,
    or the `RedisRateLimiter` every worker of the bot shares."""

    limits: RateLimits

    async def acquire(self, chat_id: int | None) -> None: ...


class _Bucket:
    """One token bucket as GCRA: `tat` is when the bucket would be full again."""

    __slots__ = ("interval", "tat", "tolerance")

    def __init__(self, rate: Rate, now: float) -> None:
        self.interval = 1.0 / rate.per_second
        self.tolerance = (rate.burst - 1) * self.interval
        self.tat = now

    def reserve(self, now: float) -> float:
        """Take the next free instant; returns how long to wait for it."""
        tat = max(self.tat, now)
        self.tat = tat + self.interval
        return max(0.0, tat - self.tolerance - now)


class RateLimiter:
    """Waits out Telegram's limits before each outgoing message.

    `clock` and `sleep` are injectable so tests run instantly on a fake clock.
    """

    def __init__(
        self,
        limits: RateLimits | None = None,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limits = limits if limits is not None else RateLimits.paced()
        self._clock = clock
        self._sleep = sleep
        now = clock()
        self._overall = _Bucket(self.limits.overall, now) if self.limits.overall else None
        self._chats: dict[int, _Bucket] = {}
        self._created = 0

    @asynccontextmanager
    async def slot(self, chat_id: int | None) -> AsyncIterator[None]:
        """Wait until a message to `chat_id` may be sent (None: only the overall limit)."""
        await self.acquire(chat_id)
        yield

    async def acquire(self, chat_id: int | None) -> None:
        chat = self._chat_bucket(chat_id) if chat_id is not None else None
        if chat is not None:
            await self._wait(chat.reserve(self._clock()))
        if self._overall is not None:
            await self._wait(self._overall.reserve(self._clock()))

    async def _wait(self, delay: float) -> None:
        if delay > 0:
            await self._sleep(delay)

    def _chat_bucket(self, chat_id: int) -> _Bucket | None:
        rate = self.limits.group_chat if chat_id < 0 else self.limits.private_chat
        if rate is None:
            return None
        bucket = self._chats.get(chat_id)
        if bucket is None:
            self._maybe_prune()
            bucket = self._chats[chat_id] = _Bucket(rate, self._clock())
        return bucket

    def _maybe_prune(self) -> None:
        self._created += 1
        if self._created % _PRUNE_EVERY:
            return
        now = self._clock()
        # A bucket whose tat has passed is full again: it is identical to a fresh one.
        for chat_id in [c for c, b in self._chats.items() if b.tat <= now]:
            del self._chats[chat_id]
