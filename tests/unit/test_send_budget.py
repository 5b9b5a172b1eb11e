"""A failed send retries within its time budget, with full jitter, honouring
`retry_after`; no sleeping: the clock is a number the test moves."""

from __future__ import annotations

from bot.transports.retry import Backoff, RetryBudget


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_send_is_retried_until_its_budget_not_a_fixed_count() -> None:
    clock = Clock()
    retries = RetryBudget(300.0, Backoff(0.5, 10.0), clock=clock, jitter=lambda: 1.0)
    waits = []
    while (delay := retries.wait()) is not None:
        waits.append(delay)
        clock.now += delay
    # far more than the 3 retries (3.5 s) after which a reply used to be dropped
    assert len(waits) > 30 and sum(waits) <= 300.0 and max(waits) == 10.0
    assert waits[:5] == [0.5, 1.0, 2.0, 4.0, 8.0]


def test_the_backoff_is_full_jitter_between_zero_and_the_capped_exponential() -> None:
    draws = iter([0.0, 0.5, 0.25, 0.9, 0.5])
    retries = RetryBudget(300.0, Backoff(0.5, 10.0), clock=Clock(), jitter=lambda: next(draws))
    assert [retries.wait() for _ in range(5)] == [0.0, 0.5, 0.5, 3.6, 4.0]


def test_a_429_waits_exactly_its_retry_after_for_as_long_as_the_budget_lasts() -> None:
    clock = Clock()
    retries = RetryBudget(30.0, clock=clock, jitter=lambda: 1.0)
    waits = []
    while (delay := retries.wait(retry_after=5)) is not None:
        waits.append(delay)
        clock.now += delay
    assert waits == [5.0] * 6  # the 7th would start after 35 s
    assert retries.failures == 0  # flood control is not a failure: no backoff growth


def test_no_retry_starts_after_the_budget() -> None:
    clock = Clock()
    retries = RetryBudget(2.0, Backoff(1.0, 10.0), clock=clock, jitter=lambda: 1.0)
    assert retries.wait() == 1.0
    clock.now += 1.0
    assert retries.wait() is None  # 2 s more would end at 3 s > 2 s
    assert retries.wait(retry_after=1) == 1.0  # ends exactly at the budget: still taken
