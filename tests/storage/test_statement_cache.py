"""The test processes' shared statement cache (tests/statement_cache.py): two
engines on two databases compile a statement once between them, and each still
reads its own database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import column, select, table, text

from storage.sql.engine import create_engine
from tests.statement_cache import SHARED

NOTES = table("notes", column("body"))


async def test_two_engines_compile_a_statement_once_and_read_their_own_rows(
    tmp_path: Path,
) -> None:
    engines = [create_engine(f"sqlite+aiosqlite:///{tmp_path / f'{n}.db'}") for n in range(2)]
    try:
        for n, engine in enumerate(engines):
            async with engine.begin() as conn:
                await conn.execute(text("CREATE TABLE notes (body TEXT)"))
                await conn.execute(text("INSERT INTO notes VALUES (:body)"), {"body": f"db{n}"})
        # A statement no other test runs, so it is new to the cache.
        wanted = select(NOTES.c.body).where(NOTES.c.body.like("db%")).limit(7)
        read, compiled = [], []
        for engine in engines:
            async with engine.connect() as conn:
                before = SHARED.misses
                read.append((await conn.execute(wanted)).scalar_one())
                compiled.append(SHARED.misses - before)
        assert read == ["db0", "db1"]
        assert compiled == [1, 0]  # compiled for the first engine, found for the second
    finally:
        for engine in engines:
            await engine.dispose()
