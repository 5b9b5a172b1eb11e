"""The in-process catalogue and site tree: TTL, invalidation, and the tree queries."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, cast

from domain.clock import ManualClock
from domain.models import Catalogue, Site
from domain.ports.database import Database
from domain.reference import CATALOGUE, SITES, Reference, SiteTree
from tests.unit.fakes import CATALOGUE as FAKE_CATALOGUE
from tests.unit.fakes import CENTER, EAST, EAST_A, EAST_B, WEST, WEST_A
from tests.unit.fakes import SITES as FAKE_SITES


class CountingDb:
    """A `Database` whose transactions count the loads; `gate` can hold a load."""

    def __init__(self) -> None:
        self.loads = {"catalogue": 0, "sites": 0}
        self.gate: asyncio.Event | None = None
        outer = self

        class Catalogues:
            async def load(self) -> Catalogue:
                outer.loads["catalogue"] += 1
                if outer.gate is not None:
                    await outer.gate.wait()
                return FAKE_CATALOGUE

        class Sites:
            async def all(self) -> list[Site]:
                outer.loads["sites"] += 1
                return list(FAKE_SITES)

        self.tx: Any = type("Tx", (), {"catalogue": Catalogues(), "sites": Sites()})()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Any]:
        yield self.tx


def make(ttl_s: float = 60.0) -> tuple[Reference, CountingDb, ManualClock]:
    db, clock = CountingDb(), ManualClock()
    return Reference(cast(Database, db), clock, timedelta(seconds=ttl_s)), db, clock


async def test_loaded_once_within_the_ttl_then_again() -> None:
    reference, db, clock = make()
    for _ in range(3):
        assert await reference.catalogue() is FAKE_CATALOGUE
        await reference.sites()
    assert db.loads == {"catalogue": 1, "sites": 1}
    clock.advance(seconds=61)
    await reference.catalogue()
    assert db.loads["catalogue"] == 2


async def test_invalidation_and_commit_reports() -> None:
    reference, db, _clock = make()
    await reference.catalogue()
    await reference.sites()
    reference.changed({"something-else"})
    await reference.catalogue()
    assert db.loads == {"catalogue": 1, "sites": 1}
    reference.changed({CATALOGUE})
    await reference.catalogue()
    await reference.sites()
    assert db.loads == {"catalogue": 2, "sites": 1}
    reference.invalidate(SITES)
    await reference.sites()
    reference.invalidate()
    await reference.catalogue()
    await reference.sites()
    assert db.loads == {"catalogue": 3, "sites": 3}


async def test_a_load_that_raced_a_write_is_not_kept() -> None:
    reference, db, _clock = make()
    db.gate = asyncio.Event()
    loading = asyncio.create_task(reference.catalogue())
    await asyncio.sleep(0)  # let it start the load and wait on the gate
    reference.invalidate(CATALOGUE)  # a write committed while it read
    db.gate.set()
    await loading
    await reference.catalogue()
    assert db.loads["catalogue"] == 2


async def test_concurrent_misses_load_once() -> None:
    reference, db, _clock = make()
    db.gate = asyncio.Event()
    waiting = [asyncio.create_task(reference.catalogue()) for _ in range(5)]
    await asyncio.sleep(0)
    db.gate.set()
    assert all(c is FAKE_CATALOGUE for c in await asyncio.gather(*waiting))
    assert db.loads["catalogue"] == 1


async def test_a_callers_transaction_is_used_when_given() -> None:
    reference = Reference(None, ManualClock())
    db = CountingDb()
    assert await reference.catalogue(db.tx) is FAKE_CATALOGUE
    assert db.loads["catalogue"] == 1


def test_the_tree_queries() -> None:
    tree = SiteTree.of(reversed(FAKE_SITES))
    assert tree.get(EAST_A.id) == EAST_A and tree.get(999) is None
    assert tree.children(None) == [CENTER] and tree.children(EAST.id) == [EAST_A, EAST_B]
    assert tree.ancestors(EAST_B.id) == [EAST_B, EAST, CENTER] and tree.ancestors(999) == []
    assert tree.subtree_ids(EAST.id) == [EAST.id, EAST_A.id, EAST_B.id]
    assert tree.subtree_ids(CENTER.id) == sorted(s.id for s in FAKE_SITES)
    assert tree.stations() == [EAST, WEST] and tree.points() == [EAST_A, EAST_B, WEST_A]
    assert [s.id for s in tree.all()] == sorted(s.id for s in FAKE_SITES)
