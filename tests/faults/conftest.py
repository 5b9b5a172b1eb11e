"""Fixtures of the fault suite: a private Redis per test, one private PostgreSQL
cluster per session with a database per test. Both may be stopped, restarted or
flushed by the test; the machine's shared services are never touched.

A missing `redis-server` or `initdb` fails the test on CI and skips it elsewhere.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from benchmarks.common import unique
from tests.faults import binaries
from tests.faults.postgres_cluster import PrivateCluster, PrivatePostgres
from tests.faults.redis_server import PrivateRedis


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


@pytest.fixture
async def private_postgres(pg_cluster: PrivateCluster) -> AsyncIterator[PrivatePostgres]:
    """A fresh database on the private cluster, which is running at the start; the
    cluster is started again at the end if the test left it stopped."""
    await pg_cluster.start()
    name = unique("civic_fault")
    admin = await asyncpg.connect(pg_cluster.dsn(), timeout=10)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
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
