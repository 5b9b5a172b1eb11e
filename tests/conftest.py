"""The whole suite's collection order: the long tests first.

xdist hands tests to its workers in collection order, so a minute-long test
collected last keeps one worker busy after the other has finished everything
else. Starting the long poles first lets the short tests fill in around them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_rank)  # stable: the same order in every xdist worker
