"""Migrations: the stairway (up, down, up) and that the models match revision 0001."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import current, downgrade, upgrade
from storage.sql import metadata

TABLES = {
    "users",
    "sites",
    "categories",
    "services",
    "teams",
    "volunteers",
    "roles",
    "orders",
    "order_events",
    "offers",
    "deadlines",
}


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    return set(names) - {"alembic_version"}


async def test_stairway_up_down_up(empty_engine: AsyncEngine) -> None:
    assert await current(empty_engine) is None
    await upgrade(empty_engine)
    assert await current(empty_engine) == "0001"
    assert await _tables(empty_engine) == TABLES

    await downgrade(empty_engine, "base")
    assert await current(empty_engine) is None
    assert await _tables(empty_engine) == set()

    await upgrade(empty_engine)
    assert await _tables(empty_engine) == TABLES


async def test_models_match_the_migration(empty_engine: AsyncEngine) -> None:
    await upgrade(empty_engine)
    async with empty_engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), metadata
            )
        )
    assert diff == []


async def test_upgrade_takes_a_url(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'by-url.db'}"
    await upgrade(url)
    assert await current(url) == "0001"
    await upgrade(url)  # already at head: nothing to do
    assert await current(url) == "0001"
