"""Engine settings: SQLite gets foreign keys, WAL and a busy timeout; bad URLs fail early."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

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
