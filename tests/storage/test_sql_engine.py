"""Engine settings: SQLite gets foreign keys, WAL and a busy timeout; bad URLs fail early."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.pool import QueuePool

from bot.settings import Settings
from storage import SqlDatabase
from storage.sql.engine import SQLITE_BUSY_TIMEOUT_MS


async def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = SqlDatabase.from_url(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with db.engine.connect() as conn:
            pragmas = {
                name: (await conn.execute(text(f"PRAGMA {name}"))).scalar()
                for name in ("foreign_keys", "journal_mode", "busy_timeout")
            }
    finally:
        await db.dispose()
    assert pragmas == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
    }
    assert db.dialect == "sqlite"


@pytest.mark.parametrize("url", ["sqlite+aiosqlite://", "sqlite+aiosqlite:///:memory:"])
def test_in_memory_sqlite_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="in-memory"):
        SqlDatabase.from_url(url)


def test_schema_is_postgres_only(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="schema"):
        SqlDatabase.from_url(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", schema="s")


def test_too_many_clients_from_parallel_tests_is_avoided_by_a_pool_the_settings_size() -> None:
    # The pool is sized when the engine is built: no connection is opened here.
    settings = Settings(_env_file=None, db_pool_size=2, db_max_overflow=3)
    url = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    db = SqlDatabase.from_url(
        url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
    )
    pool = db.engine.pool
    assert isinstance(pool, QueuePool)
    assert (pool.size(), pool._max_overflow) == (2, 3)
    assert (Settings(_env_file=None).db_pool_size, Settings(_env_file=None).db_max_overflow) == (
        10,
        10,
    )
