"""Where the server binaries the fault suite starts are, and what to do without one.

On CI (`CI=true`) a missing binary fails the test; elsewhere it skips with a reason
that says what to install.
"""

from __future__ import annotations

import glob
import os
import shutil
from typing import NoReturn

import pytest


def missing(what: str, how: str) -> NoReturn:
    """Fail on CI, skip elsewhere: `what` is not installed, `how` says how to get it."""
    reason = f"{what} not found; {how}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def redis_server() -> str:
    """The path of `redis-server` (on PATH)."""
    found = shutil.which("redis-server")
    if found is None:
        missing("redis-server", "install redis-server (apt-get install redis-server)")
    return found


def postgres_bin() -> str:
    """The folder holding `initdb` and `pg_ctl`: on PATH, else the newest
    /usr/lib/postgresql/*/bin (Debian keeps them off PATH)."""
    on_path = shutil.which("initdb")
    if on_path is not None and shutil.which("pg_ctl") is not None:
        return os.path.dirname(on_path)
    folders = [
        folder
        for folder in glob.glob("/usr/lib/postgresql/*/bin")
        if os.path.exists(os.path.join(folder, "initdb"))
    ]
    if not folders:
        missing("initdb", "install postgresql (apt-get install postgresql)")
    return max(folders, key=lambda folder: int(folder.split("/")[-2].split(".")[0]))
