"""A private database and key prefix per test on the real services, and what to
do when one is missing. Where the services are is `benchmarks.common`'s answer.

On CI (`CI=true`) a backend test that cannot reach its service fails; elsewhere
it skips with a reason that says how to enable it.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
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
async def private_services(
    label: str, template: str | None = None
) -> AsyncIterator[PrivateServices]:
    """Create a fresh database (a copy of the database `template` when given) and a
    key prefix; drop both afterwards.

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
    copy = f' TEMPLATE "{template}"' if template else ""
    await admin.execute(f'CREATE DATABASE "{name}"{copy}')
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


async def seeded_template(label: str, seed: Callable[[str], Awaitable[object]]) -> str:
    """A new PostgreSQL database that `seed(url)` filled, to be copied by
    `private_services(..., template=name)`; its name. `drop_database` ends it.

    Copying a database (`CREATE DATABASE ... TEMPLATE`) takes a fraction of the
    migrations and seeding it holds. Nothing stays connected to it: PostgreSQL
    copies only a database no one is using.
    """
    pg = postgres_url()
    try:
        admin = await asyncpg.connect(asyncpg_dsn(pg), timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        unavailable("PostgreSQL", pg, error, "start it or set TEST_POSTGRES_URL")
    name = unique(worker_label(label))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            await seed(pg.rsplit("/", 1)[0] + f"/{name}")
        except BaseException:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            raise
    finally:
        await admin.close()
    return name


async def drop_database(name: str) -> None:
    admin = await asyncpg.connect(asyncpg_dsn(postgres_url()), timeout=5)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
