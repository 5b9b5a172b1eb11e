"""The demo county on SQLite, migrated and seeded once per test process.

Migrating a fresh database (every Alembic revision) and loading the seed file costs
about 0.7 s of CPU; a copy of the result costs about a millisecond. So the first
test of a process that wants the county builds a template file, and every test
copies it into its own `tmp_path` (SQLite's backup API, so the copy is whole
whatever journal the template was written with). Each test still has a database of
its own, as if it had been migrated and seeded for it; the template is never opened
by a test. With xdist every worker process builds its own.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import shutil
import sqlite3
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.seed import seed_database

SEED = Path(__file__).resolve().parents[1] / "data" / "demo-county.yaml"


@functools.cache
def county_template() -> Path:
    """The seeded template of this process (built on first use)."""
    folder = Path(tempfile.mkdtemp(prefix="civic-county-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    building, path = folder / "building.db", folder / "county.db"
    # On a loop of its own in a thread: callers may be inside a running loop. A
    # failure raises here (and is not cached: the next caller tries again).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, seed_database(f"sqlite+aiosqlite:///{building}", SEED)).result()
    copy_database(building, path)  # only a whole seeded county becomes the template
    building.unlink()
    return path


def copy_database(source: Path, target: Path) -> None:
    """`target` becomes a copy of the SQLite database `source`."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def copy_county(target: Path) -> None:
    """The seeded demo county at `target` (a new SQLite file)."""
    copy_database(county_template(), target)


def copied_county(url: str) -> bool:
    """Whether `url` named a new SQLite file, now a copy of the seeded county; any
    other database (PostgreSQL, or a file already there) is left for the caller to
    migrate and seed."""
    if not url.startswith("sqlite"):
        return False
    file = make_url(url).database
    if not file or file == ":memory:" or Path(file).exists():
        return False
    copy_county(Path(file))
    return True
