"""An update is done only when it was handled: PostgreSQL stopped or Redis down, the
bot keeps every update, tells each user once, answers every press, and handles it
all once the backend is back; a lost conversation is told so.

Counts, not timings: every update injected gets its reply exactly once. The
outages last seconds on the wall clock (that is the fault, not a wait for work):
long enough for several retries, each of which must not tell the user again. The
retries come faster than in production (`FAST_RETRY`), so a shorter outage holds
as many of them.
"""

from __future__ import annotations

import asyncio

import pytest

from benchmarks.common import unique
from sandbox import SimUser
from tests.faults.postgres_cluster import PrivatePostgres
from tests.faults.redis_server import PrivateRedis
from tests.faults.stack import FaultStack, fault_settings, faulty_bot

UNAVAILABLE = "服务暂时繁忙"
NO_ORDERS = "您还没有订单"
ASK_CATEGORY = "哪一类服务"
MENU_ORDER = "🛎 我要点单"
OUTAGE = 2.0  # seconds the backend stays down once everyone was told
# A kept update is retried within 0.1 s, doubling up to 0.5 s (full jitter): more
# retries in the outage than 3 s at 0.2 s up to 1 s held. Polling stores a refused
# batch again as quickly (SEND_BACKOFF), and one Redis retry (0.2 s), not the four
# that bridge a restart (3 s), lets each attempt during a Redis outage fail at once:
# the outage is longer than any retry bridges either way.
FAST_RETRY = {
    "retry_backoff": 0.1,
    "retry_backoff_max": 0.5,
    "send_backoff": 0.05,
    "send_backoff_max": 0.4,
    "redis_retries": 1,
}


def count(messages: list[str], words: str) -> int:
    return sum(words in text for text in messages)


async def texts(user: SimUser) -> list[str]:
    return [message.text or "" for message in await user.transcript()]


async def delivery_events(stack: FaultStack) -> dict[str, float]:
    metrics = stack.app.metrics
    return {
        sample.labels["event"]: sample.value
        for family in metrics.registry.collect()
        if family.name == "civic_delivery_events"
        for sample in family.samples
        if sample.name.endswith("_total")
    }


async def during_an_outage(stack: FaultStack, residents: list[SimUser]) -> None:
    """Each resident sends a command and presses Order on the menu; each is told
    once that the service is briefly unavailable, and the press is answered."""
    for resident in residents:
        await resident.command("myorders")
        await resident.press(None, MENU_ORDER)
    for resident in residents:
        await resident.expect(UNAVAILABLE)
    await asyncio.sleep(OUTAGE)


async def after_the_outage(stack: FaultStack, residents: list[SimUser], presses: int) -> None:
    for resident in residents:
        await resident.expect(ASK_CATEGORY)  # the press's work, done after the command's
    for resident in residents:
        seen = await texts(resident)
        assert count(seen, UNAVAILABLE) == 1, seen
        assert count(seen, NO_ORDERS) == 1 and count(seen, ASK_CATEGORY) == 1, seen
    answers = await stack.sb.callback_answers()
    assert len({answer["callback_query_id"] for answer in answers}) == presses
    assert (await delivery_events(stack)).get("outage", 0) >= len(residents)
    assert (await delivery_events(stack)).get("set_aside", 0) == 0


@pytest.mark.parametrize(
    ("transport", "webhook"), [("ptb", False), ("aiohttp", False), ("aiohttp", True)]
)
async def test_postgresql_stopped_leaves_no_step_unanswered_and_loses_nothing(
    private_postgres: PrivatePostgres, private_redis: PrivateRedis, transport: str, webhook: bool
) -> None:
    settings = fault_settings(
        private_postgres.url, private_redis.url, transport, webhook=webhook, **FAST_RETRY
    )
    async with faulty_bot(settings) as stack:
        residents = [await stack.person(800400 + i, f"居民{i}") for i in range(3)]
        await private_postgres.stop()
        await during_an_outage(stack, residents)
        await private_postgres.start()
        await after_the_outage(stack, residents, presses=3)


@pytest.mark.parametrize("transport", ["ptb", "aiohttp"])
async def test_redis_down_in_polling_keeps_every_update_and_answers_every_press(
    private_postgres: PrivatePostgres, private_redis: PrivateRedis, transport: str
) -> None:
    settings = fault_settings(
        private_postgres.url, private_redis.url, transport, prefix=unique("dl") + ":", **FAST_RETRY
    )
    async with faulty_bot(settings) as stack:
        residents = [await stack.person(800410 + i, f"居民{i}") for i in range(3)]
        await private_redis.stop()
        await during_an_outage(stack, residents)
        await private_redis.start()
        await after_the_outage(stack, residents, presses=3)


@pytest.mark.parametrize("transport", ["ptb", "aiohttp"])
async def test_a_conversation_whose_redis_state_was_flushed_is_told_it_was_lost(
    private_postgres: PrivatePostgres, private_redis: PrivateRedis, transport: str
) -> None:
    settings = fault_settings(private_postgres.url, private_redis.url, transport)
    async with faulty_bot(settings) as stack:
        residents = [await stack.person(800420 + i, f"居民{i}") for i in range(3)]
        questions = []
        for resident in residents:
            await resident.command("order")
            questions.append(await resident.expect(ASK_CATEGORY))
        await private_redis.flush()
        for resident, question in zip(residents, questions, strict=True):
            await resident.press(question, "乡风文明")
            lost = await resident.expect("对话记录丢失")
            assert lost.find_button(MENU_ORDER) is not None  # the menu, to start again
        for resident in residents:
            seen = await texts(resident)
            assert count(seen, "之前的步骤") == 0 and count(seen, "请点下面的按钮") == 0, seen
        assert len(await stack.sb.callback_answers()) == 3


FLOOD = 120


@pytest.mark.parametrize("transport", ["ptb", "aiohttp"])
async def test_one_flooding_user_does_not_delay_the_others(
    private_postgres: PrivatePostgres, private_redis: PrivateRedis, transport: str
) -> None:
    settings = fault_settings(private_postgres.url, private_redis.url, transport)
    limit = settings.flood_limit
    async with faulty_bot(settings) as stack:
        flooder = await stack.person(800430, "刷屏")  # /start is one of the window's updates
        others = [await stack.person(800431 + i, f"邻居{i}") for i in range(3)]
        await asyncio.gather(*(flooder.send(f"第{n}条") for n in range(FLOOD // 2)))
        for other in others:
            await other.command("myorders")
        await asyncio.gather(*(flooder.send(f"第{n}条") for n in range(FLOOD // 2, FLOOD)))
        await flooder.catch_up()
        await flooder.press(None, MENU_ORDER)  # behind every flood update in its chat
        last = await flooder.next_answer()
        for other in others:
            reply = await other.expect(NO_ORDERS)
            assert reply.seq < last.seq  # not queued behind the flood
        seen = await texts(flooder)
        assert count(seen, "太快") == 1
        assert count(seen, "请点下面的按钮") == limit - 1
        events = await delivery_events(stack)
        assert events == {"flood": float(FLOOD - (limit - 1) + 1)}
