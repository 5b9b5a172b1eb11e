"""The fault suite's own instruments do what the fault tests rely on."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import asyncpg
import pytest

from sandbox import SandboxServer
from sandbox.server import SANDBOX_TOKEN
from tests.faults.botapi import Fault, FaultyBotApi
from tests.faults.postgres_cluster import PrivatePostgres
from tests.faults.redis_server import PrivateRedis


async def test_private_redis_keeps_keys_over_a_restart_only_with_persistence(
    private_redis: PrivateRedis,
) -> None:
    async with private_redis.client() as redis:
        await redis.set("kept", "1")
    await private_redis.restart()  # AOF on: SIGTERM flushes it, the restart replays it
    async with private_redis.client() as redis:
        assert await redis.get("kept") == b"1"
    await private_redis.restart(persistent=False)
    async with private_redis.client() as redis:
        await redis.set("lost", "1")
    await private_redis.restart()
    async with private_redis.client() as redis:
        assert await redis.get("lost") is None
        await redis.set("flushed", "1")
    await private_redis.flush()
    async with private_redis.client() as redis:
        assert await redis.dbsize() == 0


async def test_private_postgres_refuses_connections_while_stopped(
    private_postgres: PrivatePostgres,
) -> None:
    connection = await asyncpg.connect(private_postgres.dsn, timeout=5)
    assert await connection.fetchval("SELECT 1") == 1
    await private_postgres.stop()
    with pytest.raises((OSError, asyncpg.PostgresError, asyncpg.InterfaceError)):
        await connection.fetchval("SELECT 1")
    with pytest.raises(OSError):
        await asyncpg.connect(private_postgres.dsn, timeout=5)
    await private_postgres.start()
    again = await asyncpg.connect(private_postgres.dsn, timeout=5)
    assert await again.fetchval("SELECT 1") == 1
    await again.close()
    connection.terminate()


async def _get_me(http: aiohttp.ClientSession, api: FaultyBotApi) -> tuple[int, dict[str, object]]:
    async with http.post(f"{api.url}/bot{SANDBOX_TOKEN}/getMe") as answer:
        return answer.status, await answer.json()


async def test_the_stand_in_injects_each_fault_for_a_count_or_a_window() -> None:
    async with (
        SandboxServer() as server,
        FaultyBotApi(server.url) as api,
        aiohttp.ClientSession() as http,
    ):
        rule = api.inject("GETME", Fault.error(502), times=2)
        statuses = [(await _get_me(http, api))[0] for _ in range(3)]
        assert statuses == [502, 502, 200] and rule.hits == 2
        rule = api.inject("getMe", Fault.error(502), times=1, after=1)
        statuses = [(await _get_me(http, api))[0] for _ in range(3)]
        assert statuses == [200, 502, 200] and (rule.passed, rule.hits) == (1, 1)

        api.inject("getMe", Fault.retry_after(7), seconds=30)
        status, body = await _get_me(http, api)
        assert status == 429 and body["parameters"] == {"retry_after": 7}
        api.clear()
        assert (await _get_me(http, api))[0] == 200

        api.inject("*", Fault.hang(), times=1)
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.3):
                await _get_me(http, api)
        assert api.tally.faulted["getme"] == 5

        delivered = api.tally.delivered["getme"]
        api.inject("getMe", Fault.slow(0.5), times=1)
        started = time.monotonic()
        slow = asyncio.create_task(_get_me(http, api))
        async with asyncio.timeout(5):
            await api.wait_for("delivered", "getMe", delivered + 1)  # done upstream...
        assert not slow.done()  # ...and not yet answered
        status, body = await slow
        assert status == 200 and body["ok"] is True
        assert time.monotonic() - started >= 0.5
        assert api.tally.requests["getme"] == 10
