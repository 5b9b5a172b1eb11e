"""Run the Alembic migrations from code: what `civic-bot migrate` and the tests call.

Alembic's command API is synchronous; we open an async connection and run the
command inside `run_sync`, handing the connection to `env.py` through
`config.attributes`, so the whole migration is one transaction on that connection.

The revision files are read once per process (`script`): Alembic's `command.upgrade`
and `command.downgrade` read and execute all of them again on every call, 0.1-0.4 s
for 28 revisions when Python keeps no bytecode, which was most of the time of the
tests that walk the migrations a step at a time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.sql.engine import create_engine

MIGRATIONS = Path(__file__).parent / "migrations"

T = TypeVar("T")


def alembic_config(connection: Connection | None = None, timezone: str | None = None) -> Config:
    """An Alembic config with no ini file, so it works from an installed package.

    `timezone` is the county's (settings `TIMEZONE`): data migrations that turn
    instants into calendar days read it (0006)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    if timezone is not None:
        config.attributes["timezone"] = timezone
    return config


@functools.cache
def script() -> ScriptDirectory:
    """The migration scripts, read once per process (their files never change under it)."""
    return ScriptDirectory.from_config(alembic_config())


def _migrate(connection: Connection, revision: str, timezone: str | None, up: bool) -> None:
    # What `alembic.command.upgrade` / `downgrade` do, on the scripts read once.
    scripts = script()

    def steps(current: Any, _context: EnvironmentContext) -> Any:
        if up:
            return scripts._upgrade_revs(revision, current)
        return scripts._downgrade_revs(revision, current)

    config = alembic_config(connection, timezone)
    with EnvironmentContext(config, scripts, fn=steps, destination_rev=revision):
        scripts.run_env()


async def upgrade(
    target: str | AsyncEngine, revision: str = "head", timezone: str | None = None
) -> None:
    """Migrate the database at `target` (a URL or an engine) up to `revision`."""
    await _run(target, lambda conn: _migrate(conn, revision, timezone, up=True))


async def downgrade(target: str | AsyncEngine, revision: str, timezone: str | None = None) -> None:
    """Migrate down to `revision` ("base" drops everything)."""
    await _run(target, lambda conn: _migrate(conn, revision, timezone, up=False))


async def current(target: str | AsyncEngine) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    return await _run(target, lambda conn: MigrationContext.configure(conn).get_current_revision())


async def _run(target: str | AsyncEngine, fn: Callable[[Connection], T]) -> T:
    engine = create_engine(target) if isinstance(target, str) else target
    try:
        async with engine.begin() as connection:
            return await connection.run_sync(fn)
    finally:
        if isinstance(target, str):
            await engine.dispose()
