"""Fixtures of the fault suite: a private Redis per test, one private PostgreSQL
cluster per session with a database per test. Both may be stopped, restarted or
flushed by the test; the machine's shared services are never touched.

A test's database is a copy of one the session migrated and seeded with the demo
county once (`CREATE DATABASE ... TEMPLATE`): a copy takes a tenth of a second,
migrating and seeding a fresh one a second or two.

A missing `redis-server` or `initdb` fails the test on CI and skips it elsewhere.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from benchmarks.common import unique
from storage.seed import seed_database
from tests.faults import binaries
from tests.faults.postgres_cluster import PrivateCluster, PrivatePostgres
from tests.faults.redis_server import PrivateRedis
from tests.faults.stack import SEED

TEMPLATE = "civic_fault_seeded"


@pytest.fixture
async def private_redis(tmp_path: Path) -> AsyncIterator[PrivateRedis]:
    """A running `redis-server` of this test's own, with AOF persistence (restart it
    with `persistent=False` for one without); killed at the end."""
    server = PrivateRedis(binaries.redis_server(), tmp_path / "redis")
    await server.start(persistent=True)
    try:
        yield server
    finally:
        await server.stop(kill=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PrivateCluster]:
    """One private cluster for the session (initdb is the slow part)."""
    cluster = PrivateCluster(binaries.postgres_bin())
    try:
        cluster.create()
    except Exception:
        cluster.destroy()
        raise
    try:
        yield cluster
    finally:
        cluster.destroy()


async def _create_database(cluster: PrivateCluster, name: str, template: str) -> None:
    admin = await asyncpg.connect(cluster.dsn(), timeout=10)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PrivateCluster) -> str:
    """The database each test's is copied from: migrated and seeded (`stack.SEED`)
    once. Nothing stays connected to it, which a copy requires. Its own event loop:
    the tests' loops are per test."""

    async def make() -> None:
        await _create_database(pg_cluster, TEMPLATE, "template1")
        await seed_database(pg_cluster.url(TEMPLATE), SEED)

    asyncio.run(make())
    return TEMPLATE


@pytest.fixture
async def private_postgres(
    pg_cluster: PrivateCluster, pg_template: str
) -> AsyncIterator[PrivatePostgres]:
    """A fresh database on the private cluster, migrated and seeded with the demo
    county (a copy of `pg_template`); the cluster is running at the start, and is
    started again at the end if the test left it stopped."""
    await pg_cluster.start()
    name = unique("civic_fault")
    await _create_database(pg_cluster, name, pg_template)
    try:
        yield PrivatePostgres(pg_cluster, name)
    finally:
        await pg_cluster.start()
        admin = await asyncpg.connect(pg_cluster.dsn(), timeout=10)
        try:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        finally:
            await admin.close()


FAULTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under xdist each fault file runs in one worker, one test after another: its
    kills and restarts time none of its own file's tests, and the files spread over
    the workers instead of making one of them the suite's long pole."""
    for item in items:
        if FAULTS in item.path.parents:
            item.add_marker(pytest.mark.xdist_group(f"faults-{item.path.stem}"))
