"""Token-bucket rate limits that mimic Telegram's flood control.

Telegram documents roughly 1 message a second per private chat (short bursts
allowed), 20 a minute per group and about 30 a second per bot; past that it
answers 429 with ``retry_after``. The sandbox enforces the same shape so that
broadcasts and retry logic are exercised before they meet the real server.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Clock = Callable[[], float]


@dataclass(frozen=True)
class Limits:
    """Rates are tokens per second; bursts are bucket sizes."""

    private_rate: float = 1.0
    private_burst: float = 3.0
    group_rate: float = 20.0 / 60.0
    group_burst: float = 20.0
    global_rate: float = 30.0
    global_burst: float = 30.0
    enabled: bool = True

    @classmethod
    def relaxed(cls) -> Limits:
        """Limits no functional test will reach, while the code path stays live."""
        big = 1_000_000.0
        return cls(big, big, big, big, big, big)

    @classmethod
    def off(cls) -> Limits:
        """No rate limiting at all (benchmarks of the bot itself)."""
        return cls(enabled=False)


@dataclass
class TokenBucket:
    """A classic token bucket; ``take`` never blocks, it reports the wait instead."""

    rate: float
    burst: float
    tokens: float = field(default=-1.0)
    stamp: float = 0.0

    def _refill(self, now: float) -> None:
        if self.tokens < 0:  # first use: start full
            self.tokens = self.burst
            self.stamp = now
            return
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 when one is available now)."""
        self._refill(now)
        if self.tokens >= 1.0:
            return 0.0
        return (1.0 - self.tokens) / self.rate

    def consume(self) -> None:
        self.tokens -= 1.0


class RateLimiter:
    """Per-chat and per-bot buckets for one bot."""

    def __init__(self, limits: Limits, clock: Clock = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._global = TokenBucket(limits.global_rate, limits.global_burst)
        self._chats: dict[int, TokenBucket] = {}

    def _chat_bucket(self, chat_id: int) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            # Negative ids are groups and channels in Telegram's numbering.
            if chat_id < 0:
                bucket = TokenBucket(self.limits.group_rate, self.limits.group_burst)
            else:
                bucket = TokenBucket(self.limits.private_rate, self.limits.private_burst)
            self._chats[chat_id] = bucket
        return bucket

    def acquire(self, chat_id: int) -> int:
        """Take one token from the chat and global buckets.

        Returns 0 on success, otherwise the ``retry_after`` to answer (whole
        seconds, at least 1, as Telegram sends). Nothing is consumed on refusal,
        so a refused request does not push the next allowed one further out.
        """
        if not self.limits.enabled:
            return 0
        now = self._clock()
        chat = self._chat_bucket(chat_id)
        wait = max(chat.wait_time(now), self._global.wait_time(now))
        if wait > 0:
            return max(1, math.ceil(wait))
        chat.consume()
        self._global.consume()
        return 0
