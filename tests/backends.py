"""A private database and key prefix per test on the real services, and what to
do when one is missing. Where the services are is `benchmarks.common`'s answer.

On CI (`CI=true`) a backend test that cannot reach its service fails; elsewhere
it skips with a reason that says how to enable it.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import NoReturn

import asyncpg
import pytest
from redis.asyncio import Redis

from benchmarks.common import asyncpg_dsn, postgres_url, redis_url, unique

# Tests' engines keep few connections idle: the suite runs on several xdist workers
# (and several clones may share one PostgreSQL) under its max_connections. The
# overflow still lets ten transactions race at once (tests/storage/test_sql_concurrency.py).
POOL_SIZE = 2
MAX_OVERFLOW = 10


def worker_label(label: str) -> str:
    """`label` with the xdist worker's id (gw0, gw1, ...), so a database or key left
    behind says which worker made it; names are unique without it too."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{label}_{worker}" if worker else label


def unavailable(what: str, url: str, error: BaseException, how: str) -> NoReturn:
    reason = f"{what} not reachable at {url} ({error!r}); {how}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass(frozen=True)
class PrivateServices:
    """A PostgreSQL database and a Redis key prefix that belong to one test."""

    database_url: str  # SQLAlchemy URL
    dsn: str  # the same database, for asyncpg
    redis_url: str
    prefix: str  # every Redis key of the test starts with it


@asynccontextmanager
async def private_services(label: str) -> AsyncIterator[PrivateServices]:
    """Create a fresh database and a key prefix; drop both afterwards.

    Unreachable services skip the test with how to enable them (fail on CI).
    """
    pg, rd = postgres_url(), redis_url()
    admin_dsn = asyncpg_dsn(pg)
    try:
        admin = await asyncpg.connect(admin_dsn, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        unavailable("PostgreSQL", pg, error, "start it or set TEST_POSTGRES_URL")
    try:
        async with Redis.from_url(rd) as probe:
            await probe.ping()
    except Exception as error:  # any failure means "not available"
        await admin.close()
        unavailable("Redis", rd, error, "start it or set TEST_REDIS_URL")
    name = unique(worker_label(label))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PrivateServices(
            pg.rsplit("/", 1)[0] + f"/{name}",
            admin_dsn.rsplit("/", 1)[0] + f"/{name}",
            rd,
            f"{name}:",
        )
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()
        async with Redis.from_url(rd) as cleanup:
            keys = [key async for key in cleanup.scan_iter(match=f"{name}:*")]
            if keys:
                await cleanup.delete(*keys)
