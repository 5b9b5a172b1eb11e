"""Two workers' transports, one bot token, the sandbox enforcing Telegram's limits:
with the shared limiter (GCRA in Redis) they send at one bot's rate, with no 429."""

from __future__ import annotations

import asyncio
import time

import pytest
from pydantic import SecretStr
from redis.asyncio import Redis

from bot.settings import Settings
from bot.transports.base import TransportOptions
from bot.transports.factory import make_transport
from bot.transports.ratelimit import RateLimits
from bot.transports.ratelimit_redis import RedisRateLimiter
from sandbox import Limits, SandboxClient, SandboxServer
from tests.storage.state_fixtures import redis_or_skip, redis_url

pytestmark = pytest.mark.e2e

USERS = 90


async def test_two_workers_share_one_token_without_429() -> None:
    async with (
        redis_or_skip() as (_, prefix),
        SandboxServer(limits=Limits()) as server,
        SandboxClient(server.url) as sandbox,
    ):
        users = [sandbox.user(700_000 + n, f"V{n}") for n in range(USERS)]
        await asyncio.gather(*(u.send("/start") for u in users))
        clients = [Redis.from_url(redis_url()) for _ in ("ptb", "aiohttp")]
        transports = []
        for kind, client in zip(("ptb", "aiohttp"), clients, strict=True):
            settings = Settings(
                bot_token=SecretStr(server.token), bot_api_url=server.url, transport=kind
            )
            shared = RedisRateLimiter(client, server.token, RateLimits.paced(), prefix=prefix)
            transports.append(make_transport(settings, TransportOptions(limiter=shared)))
        for transport in transports:
            await transport.start()
        try:
            before = await sandbox.stats()
            started = time.monotonic()
            await asyncio.gather(
                *(transports[n % 2].messenger.send(user.id, "通知") for n, user in enumerate(users))
            )
            took = time.monotonic() - started
            after = await sandbox.stats()
        finally:
            for transport in transports:
                await transport.close()
            for client in clients:
                await client.aclose()
    assert after["rate_limited"] - before["rate_limited"] == 0
    assert after["sends"] - before["sends"] == USERS
    assert took >= (USERS - 5) / 29 - 0.2  # one bot's 29/s, not two workers' 58/s
