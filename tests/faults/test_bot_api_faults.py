"""Replies survive the Bot API failing: a 5xx or a 429 is retried within the send's
budget (never an apology meanwhile), and a send answered late is not sent twice.

Counts: every greeting arrives exactly once. The faults last seconds on the wall
clock (that is the fault); the waits are for the replies themselves.
"""

from __future__ import annotations

import pytest

from sandbox import SimUser
from tests.faults.botapi import Fault
from tests.faults.postgres_cluster import PrivatePostgres
from tests.faults.redis_server import PrivateRedis
from tests.faults.stack import FaultStack, fault_settings, faulty_bot

APOLOGY = "出了点问题"
WAIT = 30.0  # seconds a reply may take to come through after the fault
# One try per update: the reply must survive in the transport, not by redelivery.
ONCE = {"handler_max_tries": 1}
# Retries after a 5xx up to 0.05 s apart, doubling up to 0.4 s (full jitter): a 2 s
# window refuses each chat's sends several times over (about thirty refusals for the
# three chats). At the production backoff (0.5 s doubling up to 10 s) that took a
# 5 s window, and the first try after it came up to 8 s later.
FAST_BACKOFF = {"send_backoff": 0.05, "send_backoff_max": 0.4}


async def greetings(stack: FaultStack, user_ids: list[int]) -> list[SimUser]:
    users = [stack.sb.user(uid, f"居民{uid % 100}") for uid in user_ids]
    for user in users:
        await user.command("start")
    return users


async def greeted_once(users: list[SimUser]) -> None:
    for user in users:
        await user.expect(lambda m: bool(m.buttons), timeout=WAIT)
    for user in users:
        seen = await user.transcript()
        assert sum(bool(m.buttons) for m in seen) == 1, [m.text for m in seen]
        assert not any(APOLOGY in (m.text or "") for m in seen), [m.text for m in seen]


@pytest.mark.parametrize("transport", ["ptb", "aiohttp"])
async def test_a_bot_api_500_for_seconds_loses_no_greeting(
    private_postgres: PrivatePostgres, private_redis: PrivateRedis, transport: str
) -> None:
    settings = fault_settings(
        private_postgres.url, private_redis.url, transport, **ONCE, **FAST_BACKOFF
    )
    async with faulty_bot(settings) as stack:
        stack.api.inject("sendMessage", Fault.error(500), seconds=2)
        users = await greetings(stack, [800501, 800502, 800503])
        await greeted_once(users)
        assert stack.api.tally.faulted["sendmessage"] >= 3


@pytest.mark.parametrize("transport", ["ptb", "aiohttp"])
async def test_a_429_for_longer_than_a_few_retries_never_turns_a_reply_into_an_apology(
    private_postgres: PrivatePostgres, private_redis: PrivateRedis, transport: str
) -> None:
    settings = fault_settings(private_postgres.url, private_redis.url, transport, **ONCE)
    async with faulty_bot(settings) as stack:
        # retry_after is whole seconds: 4 s of it refuse each greeting three times at
        # least (the first try, then one a second), more than a few retries.
        stack.api.inject("sendMessage", Fault.retry_after(1), seconds=4)
        users = await greetings(stack, [800511, 800512])
        await greeted_once(users)
        assert stack.api.tally.faulted["sendmessage"] >= 3 * len(users)


@pytest.mark.parametrize("transport", ["ptb", "aiohttp"])
async def test_a_send_answered_late_is_not_sent_twice(
    private_postgres: PrivatePostgres, private_redis: PrivateRedis, transport: str
) -> None:
    settings = fault_settings(private_postgres.url, private_redis.url, transport)
    async with faulty_bot(settings) as stack:
        # Later than the 5 s read timeout `AiohttpRequest` defaults to: a send must
        # wait for its answer as long as `TransportOptions.read_timeout` (60 s) says.
        # The bot's clock starts before the stand-in's (it sent first), so half a
        # second over is over on any machine (it was 6 s).
        stack.api.inject("sendMessage", Fault.slow(5.5), times=1)
        users = await greetings(stack, [800521])
        await greeted_once(users)
        texts = [m.text for m in await users[0].transcript()]
        assert len(texts) == len(set(texts)), texts  # no message twice
        assert stack.api.tally.faulted["sendmessage"] == 1
