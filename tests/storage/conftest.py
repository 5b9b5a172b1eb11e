"""Fixtures for the SQL contract tests: one `db` fixture over SQLite and PostgreSQL.

The schema always comes from the Alembic migration, never `create_all`. It is
migrated once per session (a template SQLite file that each test copies; a
PostgreSQL schema with a random name that each test empties) and dropped at
the end, so parallel and repeated runs never see each other's tables.

PostgreSQL: `TEST_POSTGRES_URL`, else `DATABASE_URL` when it is PostgreSQL, else
a local default. Unreachable, it skips, except with `CI=true`, where it fails.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import Table, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.common import postgres_url
from domain.models import LocalName, SiteLevel
from storage.migrate import upgrade
from storage.sql import SqlDatabase, create_engine, metadata
from tests.backends import MAX_OVERFLOW, POOL_SIZE, unavailable, worker_label
from tests.county import copy_database

T = TypeVar("T")


def run_in_thread(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine on its own loop in a worker thread.

    Session fixtures are synchronous; a thread keeps their loop apart from the
    per-test loops pytest-asyncio manages.
    """

    async def main() -> T:
        return await make()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


async def _exec(url: str, sql: str) -> None:
    engine = create_engine(url)
    try:
        async with asyncio.timeout(10), engine.begin() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The PostgreSQL URL, once it has answered; skip (or fail on CI) otherwise."""
    url = postgres_url()
    try:
        run_in_thread(lambda: _exec(url, "SELECT 1"))
    except Exception as exc:  # any failure means "not available"
        how = "start it or set TEST_POSTGRES_URL=postgresql+asyncpg://user@host:port/db"
        unavailable("PostgreSQL", url, exc, how)
    return url


def new_schema_name() -> str:
    return f"{worker_label('civic_test')}_{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def pg_schema(pg_url: str) -> Iterator[str]:
    """A migrated schema private to this test session, dropped at the end."""
    schema = new_schema_name()
    run_in_thread(lambda: _exec(pg_url, f'CREATE SCHEMA "{schema}"'))
    try:

        async def migrate() -> None:
            engine = create_engine(pg_url, schema=schema)
            try:
                await upgrade(engine)
            finally:
                await engine.dispose()

        run_in_thread(migrate)
        yield schema
    finally:
        run_in_thread(lambda: _exec(pg_url, f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    run_in_thread(lambda: upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


# Children before their parents, so no foreign key is ever left pointing at a deleted row.
_CHILDREN_FIRST = [t.name for t in reversed(metadata.sorted_tables)]
_TABLES = "ARRAY[" + ", ".join(f"'{name}'" for name in _CHILDREN_FIRST) + "]"
# One round trip (planning the 58-way UNION that found the tables written to, and
# the sequences drawn from, cost more than the cleanup). The ledger's triggers
# refuse DELETE, so it runs as a replica applying changes (session_replication_role
# fires no ordinary trigger), which only a superuser may set; any other role
# truncates. A drawn sequence gets is_called false: its next id is its start, and
# pg_sequences shows it as never drawn from, as RESTART IDENTITY leaves it.
_EMPTY = f"""
DO $$
DECLARE
    name text;
    held boolean;
    dirty text[] := '{{}}';
    seq oid;
BEGIN
    FOREACH name IN ARRAY {_TABLES} LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', name) INTO held;
        IF held THEN
            dirty := dirty || name;
        END IF;
    END LOOP;
    IF cardinality(dirty) > 0 AND current_setting('is_superuser') = 'on' THEN
        SET LOCAL session_replication_role = replica;
        FOREACH name IN ARRAY dirty LOOP
            EXECUTE format('DELETE FROM %I', name);
        END LOOP;
    ELSIF cardinality(dirty) > 0 THEN
        EXECUTE 'TRUNCATE ' || array_to_string(
            ARRAY(SELECT format('%I', d) FROM unnest(dirty) AS d), ', ') || ' CASCADE';
    END IF;
    FOR seq IN SELECT oid FROM pg_class
        WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace
    LOOP
        IF pg_sequence_last_value(seq) IS NOT NULL THEN
            PERFORM setval(seq, (SELECT seqstart FROM pg_sequence WHERE seqrelid = seq), false);
        END IF;
    END LOOP;
END
$$
"""


async def _empty(db: SqlDatabase) -> None:
    """Every table empty and every id sequence restarted, as `TRUNCATE` of all the
    tables `RESTART IDENTITY CASCADE` leaves them.

    `DELETE` of the tables the last test wrote to, children first, and `setval` of
    the sequences it drew from (`_EMPTY`): PostgreSQL truncates a table by giving
    it (and every table its foreign keys reach, with CASCADE) new files, so even
    `TRUNCATE users` took 0.3-0.5 s of every test; deleting a test's few rows takes
    milliseconds. A table with no row is referenced by no row, so the tables left
    alone never hold a key to a deleted one."""
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql(_EMPTY)


async def empty_database(
    request: pytest.FixtureRequest, tmp_path: Path, kind: str, *, world: bool = False
) -> tuple[SqlDatabase, Callable[[], SqlDatabase]]:
    """An empty, migrated database of `kind` ("sqlite" or "postgresql"), and how to
    open another engine on the same one (another worker's). With `world`, it holds
    the small county of `World` instead, laid down from the session's copy."""
    if kind == "sqlite":
        path = tmp_path / "civic.db"
        if world:
            shutil.copy(request.getfixturevalue("sqlite_world").path, path)
        else:
            shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url, schema = f"sqlite+aiosqlite:///{path}", None
    else:
        url, schema = request.getfixturevalue("pg_url"), request.getfixturevalue("pg_schema")

    def engine() -> SqlDatabase:
        if kind == "sqlite":
            return SqlDatabase.from_url(url)
        return SqlDatabase.from_url(
            url, schema=schema, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW
        )

    database = engine()
    if kind != "sqlite":
        await _empty(database)
        if world:
            await request.getfixturevalue("pg_world").lay(database)
    if world:
        seeded = request.getfixturevalue("sqlite_world" if kind == "sqlite" else "pg_world")
        request.node.stash[_WORLD] = seeded.world
    return database, engine


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[SqlDatabase]:
    """An empty, migrated database on each backend; holding the small county when
    the test also asks for `world`."""
    world = "world" in request.fixturenames
    database, _ = await empty_database(request, tmp_path, request.param, world=world)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def empty_engine(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[AsyncEngine]:
    """An engine on a database (or schema) with no tables at all, for migration tests."""
    if request.param == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
        try:
            yield engine
        finally:
            await engine.dispose()
        return
    url = request.getfixturevalue("pg_url")
    schema = new_schema_name()
    await _exec(url, f'CREATE SCHEMA "{schema}"')
    engine = create_engine(url, schema=schema, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW)
    try:
        yield engine
    finally:
        await engine.dispose()
        await _exec(url, f'DROP SCHEMA "{schema}" CASCADE')


@dataclass(frozen=True)
class World:
    """A small county: center 1 > station 10 > points 11, 12; station 20 > point 21."""

    service_id: int
    other_service_id: int
    team_id: int  # civility at point 11
    station_team_id: int  # civility at station 10
    resident: int = 500
    volunteers: tuple[int, ...] = (901, 902, 903)


async def seed_world(db: SqlDatabase) -> World:
    """The small county, written through the repositories."""
    async with db.transaction() as tx:
        for site_id, parent, level in [
            (1, None, SiteLevel.CENTER),
            (10, 1, SiteLevel.STATION),
            (11, 10, SiteLevel.POINT),
            (12, 10, SiteLevel.POINT),
            (20, 1, SiteLevel.STATION),
            (21, 20, SiteLevel.POINT),
        ]:
            name = LocalName(f"站{site_id}", f"Site {site_id}")
            await tx.sites.upsert(site_id, parent, level, name, 30.0, 120.0)
        await tx.catalogue.upsert_category("civility", LocalName("乡风文明", "Civility"), 7)
        await tx.catalogue.upsert_category("sports", LocalName("体育健身", "Sports"), 6)
        haircut = await tx.catalogue.upsert_service(
            "haircut", "civility", LocalName("爱心义剪", "Free haircuts")
        )
        fitness = await tx.catalogue.upsert_service(
            "fitness", "sports", LocalName("健身指导", "Fitness coaching")
        )
        team = await tx.teams.upsert("HAIR-11", LocalName("义剪队", "Hair"), 11, "civility")
        station = await tx.teams.upsert("HAIR-10", LocalName("镇义剪队", "Hair"), 10, "civility")
        await tx.users.upsert(500, "居民", None)
        for user_id, team_id in [(901, team.id), (902, team.id), (903, station.id)]:
            await tx.users.upsert(user_id, f"V{user_id}", None)
            await tx.volunteers.upsert(user_id, team_id)
    return World(haircut.id, fitness.id, team.id, station.id)


_WORLD = pytest.StashKey[World]()


@pytest.fixture
async def world(request: pytest.FixtureRequest, db: SqlDatabase) -> World:
    """The small county in `db`: laid down by `db` itself from the session's copy
    (seeding it through the repositories took most of a short test's time), or
    seeded here when `db` came from elsewhere."""
    laid = request.node.stash.get(_WORLD, None)
    return laid if laid is not None else await seed_world(db)


@dataclass(frozen=True)
class SqliteWorld:
    path: Path  # a migrated SQLite file holding the small county, never opened by a test
    world: World


@pytest.fixture(scope="session")
def sqlite_world(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> SqliteWorld:
    """The migrated template with the small county seeded in it, once per session."""
    folder = tmp_path_factory.mktemp("sqlite-world")
    building, path = folder / "building.db", folder / "world.db"
    shutil.copy(sqlite_template, building)

    async def build() -> World:
        database = SqlDatabase.from_url(f"sqlite+aiosqlite:///{building}")
        try:
            return await seed_world(database)
        finally:
            await database.dispose()

    world = run_in_thread(build)
    copy_database(building, path)  # whole, whatever the journal held
    return SqliteWorld(path, world)


@dataclass(frozen=True)
class PgWorld:
    """The small county's rows and sequence positions, as seeding left them once."""

    rows: list[tuple[Table, list[dict[str, Any]]]]  # parents first, by primary key
    sequences: list[tuple[str, int]]  # (qualified name, last value) of those drawn from
    world: World

    async def lay(self, db: SqlDatabase) -> None:
        """The same rows, ids and next ids in the (empty) schema of `db`."""
        async with db.engine.begin() as conn:
            for table, rows in self.rows:
                await conn.execute(table.insert(), rows)
            for name, value in self.sequences:
                await conn.execute(_SETVAL, {"name": name, "value": value})


_SETVAL = text("SELECT setval(CAST(CAST(:name AS TEXT) AS REGCLASS), :value, true)")
_SEQUENCES = text(
    "SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences "
    "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
)


@pytest.fixture(scope="session")
def pg_world(pg_url: str, pg_schema: str) -> PgWorld:
    """The small county seeded once in the session's schema, read back, and emptied."""

    async def build() -> PgWorld:
        database = SqlDatabase.from_url(pg_url, schema=pg_schema)
        try:
            await _empty(database)
            world = await seed_world(database)
            rows = []
            async with database.engine.connect() as conn:
                for table in metadata.sorted_tables:
                    query = select(table).order_by(*table.primary_key.columns)
                    found = [dict(row._mapping) for row in await conn.execute(query)]
                    if found:
                        rows.append((table, found))
                sequences = [(str(n), int(v)) for n, v in await conn.execute(_SEQUENCES)]
            await _empty(database)
            return PgWorld(rows, sequences, world)
        finally:
            await database.dispose()

    return run_in_thread(build)
