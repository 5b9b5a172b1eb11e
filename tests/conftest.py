"""The whole suite's collection order (the long tests first) and where its files go
(in memory when the machine has room).

xdist hands tests to its workers in collection order, so a minute-long test
collected last keeps one worker busy after the other has finished everything
else. Starting the long poles first lets the short tests fill in around them.

Every test's files (`tmp_path`: its SQLite databases, Redis and bot logs) live
under pytest's base temporary folder. On a disk that others write to as well,
SQLite's writes there made the flow tests twice as slow as on tmpfs, so the
folder goes to /dev/shm when it is writable with room to spare; pytest still
numbers the runs and keeps the last three, as in /tmp. `--basetemp` or
`PYTEST_DEBUG_TEMPROOT` choose the place as usual.

`-n auto` starts one xdist worker more than the machine has cores: about a third of
the suite's time is spent waiting (on the bot processes the fault and end-to-end
tests start, on leases and retries running out), and a third worker fills it. On two
cores the suite went from 6 min 19 s to 4 min 45 s, with every test still passing.

Each of those processes, and every bot process the tests start, would otherwise
compile the project's sources afresh when PYTHONDONTWRITEBYTECODE is set (about 3 s
of CPU for each worker, half a second for each bot): the controller compiles them
into their `__pycache__` folders (ignored by git) before the workers start, and the
test processes keep pytest's rewritten test modules there too, as Python does by
default. And the engines of a test process share one statement cache
(tests/statement_cache.py): compiling each statement again for each test's engine
was a quarter of the flow tests' CPU.

An xdist worker ends without tearing its interpreter down: freeing the objects of a
thousand tests one by one took its process five seconds after the last test, and
the run waited for it. By the time the worker's last exit handler runs, every result
went to the controller and every test's files are closed; the log handlers and
standard streams are flushed first.
"""

from __future__ import annotations

import atexit
import compileall
import logging
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.statement_cache import share_statements

TESTS = Path(__file__).resolve().parent
COMPILED = (
    *("bot", "handlers", "conversations", "domain", "storage", "locales", "sandbox"),
    *("benchmarks", "tests"),
)
# pytest compiles the test modules and conftests itself, with their asserts rewritten.
REWRITTEN = re.compile(r"(test_[^/]*|conftest)\.py$")

# Slowest first: the three-worker kill, the fault files, the benchmark smokes, then
# the rest of the end-to-end tier; everything else keeps its order after them.
LONG_FIRST = (
    TESTS / "e2e" / "test_workers.py",
    TESTS / "faults",
    TESTS / "test_benchmarks_smoke.py",
    TESTS / "e2e",
)


def _rank(item: pytest.Item) -> int:
    path = Path(str(item.path))
    for rank, place in enumerate(LONG_FIRST):
        if path == place or place in path.parents:
            return rank
    return len(LONG_FIRST)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    return len(os.sched_getaffinity(0)) + 1


def _exit_at_once() -> None:
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if os.environ.get("PYTEST_XDIST_WORKER"):
    # Registered while the worker starts, before any test's handlers: it runs last.
    atexit.register(_exit_at_once)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_rank)  # stable: the same order in every xdist worker


RAM = Path("/dev/shm")
RAM_SPARE = 2 * 1024**3  # bytes free on it, at least, before the tests' files go there


def _cache_bytecode(config: pytest.Config) -> None:
    sys.dont_write_bytecode = False
    if hasattr(config, "workerinput"):
        return  # an xdist worker: the controller has compiled them
    for name in COMPILED:
        compileall.compile_dir(TESTS.parent / name, quiet=1, rx=REWRITTEN)


def pytest_configure(config: pytest.Config) -> None:
    _cache_bytecode(config)
    share_statements()
    # xdist workers get their folder from the controller (`--basetemp`): only the
    # controller, or a run without xdist, chooses.
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    try:
        room = shutil.disk_usage(RAM).free
    except OSError:
        return
    if room >= RAM_SPARE and os.access(RAM, os.W_OK | os.X_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(RAM)
