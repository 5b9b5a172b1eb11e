"""How long a failed Bot API call is tried again: a per-call time budget.

A send that failed on a 5xx, a connection error or a 429 is retried until its
budget (`SEND_BUDGET`, 5 minutes by default) would be overrun, not a fixed
number of times: an apology sent instead of the reply after a few seconds of
Telegram trouble is worse than a late reply. A 429 waits exactly what Telegram
asks (`retry_after`); other failures wait a full-jitter backoff, a random time
between 0 and the capped exponential, so that many chats failing together do
not retry together. Pure: the clock and the randomness are injected.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]  # monotonic seconds
Jitter = Callable[[], float]  # uniform in [0, 1)


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before retry number `attempt` (1-based): first, doubled each time, capped."""

    first: float = 0.5
    cap: float = 10.0

    def delay(self, attempt: int) -> float:
        return min(self.cap, self.first * 2 ** max(0, attempt - 1))


DEFAULT_BACKOFF = Backoff()
DEFAULT_BUDGET = 300.0  # seconds a reply may keep trying (SEND_BUDGET)


class RetryBudget:
    """One call's retries: `wait` says how long to sleep before the next try, or
    None when that try would start after the budget ran out (then give up)."""

    def __init__(
        self,
        seconds: float,
        backoff: Backoff = DEFAULT_BACKOFF,
        *,
        clock: Clock = time.monotonic,
        jitter: Jitter = random.random,
    ) -> None:
        self._deadline = clock() + seconds
        self._backoff = backoff
        self._clock = clock
        self._jitter = jitter
        self.failures = 0  # transient failures so far (5xx, network), not 429s

    def wait(self, retry_after: float | None = None) -> float | None:
        """After a failure: `retry_after` for a 429 (seconds Telegram asked), else
        None for a 5xx or a network error, which counts towards the backoff."""
        if retry_after is not None:
            delay = max(0.0, retry_after)
        else:
            self.failures += 1
            delay = self._jitter() * self._backoff.delay(self.failures)
        if self._clock() + delay > self._deadline:
            return None
        return delay
