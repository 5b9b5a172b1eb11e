"""The shared rate limiter, on a fake clock: no test here really sleeps."""

from __future__ import annotations

import asyncio

import pytest

from bot.transports.ratelimit import Rate, RateLimiter, RateLimits


class FakeClock:
    """Time moves only when a caller sleeps; sleeping yields to the loop once."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.slept.append(delay)
        self.now += delay
        await asyncio.sleep(0)


def limiter(clock: FakeClock, limits: RateLimits | None = None) -> RateLimiter:
    return RateLimiter(limits, clock=clock, sleep=clock.sleep)


async def send_times(lim: RateLimiter, clock: FakeClock, chat_id: int, count: int) -> list[float]:
    """When each of `count` messages to one chat would go, sent one after another."""
    times = []
    for _ in range(count):
        async with lim.slot(chat_id):
            times.append(clock.now - 1000.0)
    return times


async def test_private_chat_allows_a_burst_of_three_then_one_a_second() -> None:
    clock = FakeClock()
    times = await send_times(limiter(clock, RateLimits.telegram()), clock, 42, 5)
    assert times == pytest.approx([0, 0, 0, 1, 2])


async def test_paced_private_chat_keeps_a_token_of_slack_for_the_server() -> None:
    clock = FakeClock()
    times = await send_times(limiter(clock, RateLimits.paced()), clock, 42, 4)
    assert times == pytest.approx([0, 0, 1, 2])


async def test_group_chat_twenty_a_minute() -> None:
    clock = FakeClock()
    times = await send_times(limiter(clock), clock, -100, 23)
    assert times[:3] == pytest.approx([0, 0, 0])
    assert times[3] == pytest.approx(3.0)
    assert times[22] == pytest.approx(60.0)  # 20 more in the first minute after the burst


async def test_overall_limit_across_chats() -> None:
    clock = FakeClock()
    lim = limiter(clock, RateLimits(overall=Rate(30, 30)))
    times = []
    for chat_id in range(1, 61):
        async with lim.slot(chat_id):
            times.append(clock.now - 1000.0)
    assert times[29] == pytest.approx(0)
    assert times[59] == pytest.approx(1.0)


async def test_chats_do_not_wait_for_each_other() -> None:
    clock = FakeClock()
    lim = limiter(clock, RateLimits.telegram())
    for _ in range(3):
        await lim.acquire(1)
    # Chat 1 is out of tokens, chat 2 is not held back by that.
    await lim.acquire(2)
    assert clock.slept == []


async def test_waiters_are_served_in_arrival_order() -> None:
    clock = FakeClock()
    lim = limiter(clock, RateLimits(overall=None, private_chat=Rate(1, 1)))
    order: list[int] = []

    async def send(n: int) -> None:
        async with lim.slot(7):
            order.append(n)

    await asyncio.gather(*(send(n) for n in range(6)))
    assert order == list(range(6))
    assert clock.now - 1000.0 == pytest.approx(5.0)


async def test_unlimited_never_waits() -> None:
    clock = FakeClock()
    lim = limiter(clock, RateLimits.unlimited())
    for chat_id in (1, 1, 1, 1, -5, -5, -5, -5):
        await lim.acquire(chat_id)
    assert clock.slept == []


async def test_no_chat_counts_only_against_the_overall_limit() -> None:
    clock = FakeClock()
    lim = limiter(clock, RateLimits(overall=Rate(1, 1), private_chat=None, group_chat=None))
    await lim.acquire(None)
    await lim.acquire(None)
    assert clock.slept == [pytest.approx(1.0)]


def test_rates_are_validated() -> None:
    with pytest.raises(ValueError):
        Rate(0)
    with pytest.raises(ValueError):
        Rate(1, burst=0)


def test_defaults_are_telegrams() -> None:
    limits = RateLimits.telegram()
    assert limits.overall == Rate(30, 30)
    assert limits.private_chat is not None and limits.private_chat.per_second == 1
    assert limits.group_chat is not None and limits.group_chat.per_second * 60 == pytest.approx(20)
