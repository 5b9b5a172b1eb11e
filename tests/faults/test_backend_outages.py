"""The worker's own pages while PostgreSQL or Redis is down: `/metrics` answers and
its gauges say which backend is down; `/healthz` names it."""

from __future__ import annotations

import aiohttp

from tests.faults.postgres_cluster import PrivatePostgres
from tests.faults.redis_server import PrivateRedis
from tests.faults.stack import FaultStack, fault_settings, faulty_bot


async def _page(stack: FaultStack, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(stack.web_url + path) as answer:
        return answer.status, await answer.text()


def _up(text: str, backend: str) -> str:
    (line,) = [line for line in text.splitlines() if f'backend="{backend}"' in line]
    return line.rsplit(" ", 1)[1]


async def test_metrics_answer_while_postgresql_or_redis_is_down(
    private_postgres: PrivatePostgres, private_redis: PrivateRedis
) -> None:
    # Before: the orders count raised while PostgreSQL was down, and /metrics was a 500.
    settings = fault_settings(private_postgres.url, private_redis.url, "aiohttp", webhook=True)
    async with faulty_bot(settings) as stack:
        status, text = await _page(stack, "/metrics")
        assert status == 200 and (_up(text, "sql"), _up(text, "redis")) == ("1.0", "1.0")

        await private_postgres.stop()
        status, text = await _page(stack, "/metrics")
        assert status == 200 and (_up(text, "sql"), _up(text, "redis")) == ("0.0", "1.0")
        assert "civic_orders{" not in text  # not counted, rather than stale
        status, health = await _page(stack, "/healthz")
        assert status == 503 and health.startswith("sql: ") and "\nredis: ok" in health
        await private_postgres.start()

        await private_redis.stop()
        status, text = await _page(stack, "/metrics")
        assert status == 200 and (_up(text, "sql"), _up(text, "redis")) == ("1.0", "0.0")
        await private_redis.start()
        status, text = await _page(stack, "/metrics")
        assert status == 200 and (_up(text, "sql"), _up(text, "redis")) == ("1.0", "1.0")
