"""The database commands of `civic-bot`, on the database of `DATABASE_URL`: `seed FILE`
loads a county, twice to the same rows; `recompute-hours FIRST LAST` rebuilds the
hours /stats reads from the ledger. (What they call is contract-tested on both
backends elsewhere: test_sql_seed.py, test_sql_ledger_rollups.py; this is the command
around it.) The installed `civic-bot` script itself runs `migrate` in a process of
its own: the bot processes of the kill and multi-worker tests are forked from one
that imported `bot.cli` (tests/launcher.py), so this is what runs the entry point."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import delete

from bot.cli import main
from storage.migrate import upgrade
from storage.sql import SqlDatabase
from storage.sql.tables import ledger_rollups, ledger_rollups_monthly
from tests.storage.test_sql_ledger_rollups import _served
from tests.storage.test_sql_monthly_rollups import _ledger_months
from tests.storage.test_sql_stats import _world

T = TypeVar("T")


async def _lose_the_rollups(url: str) -> list[dict[str, object]]:
    """A county with hours served, its roll-ups' monthly rows as kept, then none."""
    await upgrade(url)
    db = SqlDatabase.from_url(url)
    try:
        await _served(db, await _world(db))
        kept = await _ledger_months(db)
        async with db.transaction() as tx:
            await tx.session.execute(delete(ledger_rollups))
            await tx.session.execute(delete(ledger_rollups_monthly))
        return kept
    finally:
        await db.dispose()


def _read(url: str, read: Callable[[SqlDatabase], Awaitable[T]]) -> T:
    """`read` on the command's database, from outside any event loop (as `main` runs)."""

    async def on_it() -> T:
        db = SqlDatabase.from_url(url)
        try:
            return await read(db)
        finally:
            await db.dispose()

    return asyncio.run(on_it())


async def _sites(db: SqlDatabase) -> int:
    async with db.read() as tx:
        return len(await tx.sites.all())


def test_seed_loads_a_county_and_again_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'civic.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    seed = Path(__file__).resolve().parents[2] / "data" / "demo-county.yaml"
    counts = []
    for _ in range(2):
        assert main(["seed", str(seed)]) == 0
        assert "seeded" in capsys.readouterr().out
        counts.append(_read(url, _sites))
    assert counts[0] == counts[1] > 0


def test_recompute_hours_rebuilds_the_days_from_the_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'civic.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    kept = asyncio.run(_lose_the_rollups(url))
    assert kept and _read(url, _ledger_months) == []
    assert main(["recompute-hours", "2025-03-01", "2025-03-31"]) == 0
    assert "5 ledger transactions" in capsys.readouterr().out
    assert _read(url, _ledger_months) == kept


def test_days_out_of_order_or_not_days_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'civic.db'}")
    assert main(["recompute-hours", "2025-03-31", "2025-03-01"]) == 2
    assert "before the first" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        main(["recompute-hours", "March", "2025-03-31"])
    assert refused.value.code == 2
    assert "not a day (YYYY-MM-DD)" in capsys.readouterr().err


def test_the_installed_script_migrates_the_database_of_its_environment(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'civic.db'}"
    script = Path(sys.executable).with_name("civic-bot")
    ran = subprocess.run(
        [str(script), "migrate"],
        env={**os.environ, "DATABASE_URL": url},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    assert "database is at the latest schema" in ran.stdout
    assert _read(url, _sites) == 0  # migrated, and nothing seeded
