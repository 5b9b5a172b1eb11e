"""The read model of the catalogue and the site tree, cached in the process.

`SiteTree` is the one model of the sites, and the one walk of the tree: every
part of the domain that asks for a site's ancestors, its subtree, its children
or a depth-first listing asks a `SiteTree`, got from `Reference.sites`. The tree
is small and read on every order and every coordinator's action, so walking it
in memory saves a round trip per step over a recursive query. `Reference` also
answers the flows' look-ups (`conversations.model.ReferenceData`) itself.

Both are county-wide reference data that change only when a coordinator edits
them, yet the hot path read them again and again: every flow step that shows
services, every order summary, every notified person (three queries each), every
`place`. They are small (tens of services, a few hundred sites), so each worker
keeps one copy:

- a TTL (`DEFAULT_TTL`, on the injected clock) bounds how long another worker's
  edit can go unseen;
- every write committed through this process's database invalidates at once:
  `storage.sql.database.SqlDatabase` reports which reference data a transaction
  changed (`changed`), so our own editing commands and the tests' direct writes
  are seen on the next read;
- `invalidate()` is there for anything else (e.g. an edit made with raw SQL);
- a part built without the process's shared copy (tests, tools) gets `uncached()`,
  which reads the tree afresh in each caller's transaction.

A load that raced an invalidation is returned to its caller but not kept, so a
stale copy never outlives the write that made it stale.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from domain.clock import SystemClock
from domain.geo import nearest
from domain.models import Catalogue, Site, SiteLevel
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx

CATALOGUE = "catalogue"  # categories and services
SITES = "sites"  # the site tree
DEFAULT_TTL = timedelta(seconds=60)
NO_CACHE = timedelta(0)  # a TTL that keeps nothing: every read loads
_MAX_DEPTH = 32  # the tree is three levels deep; the cap only stops a corrupt parent cycle

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SiteTree:
    """Every site, indexed by id and by parent: the tree queries without SQL."""

    by_id: dict[int, Site]
    children_of: dict[int | None, list[Site]] = field(default_factory=dict)

    @classmethod
    def of(cls, sites: Iterable[Site]) -> SiteTree:
        ordered = sorted(sites, key=lambda s: s.id)
        children: dict[int | None, list[Site]] = {}
        for site in ordered:
            children.setdefault(site.parent_id, []).append(site)
        return cls({s.id: s for s in ordered}, children)

    def get(self, site_id: int) -> Site | None:
        return self.by_id.get(site_id)

    def all(self) -> list[Site]:
        """By id."""
        return list(self.by_id.values())

    def children(self, site_id: int | None) -> list[Site]:
        """Direct children by id; None gives the roots."""
        return list(self.children_of.get(site_id, ()))

    def ancestors(self, site_id: int) -> list[Site]:
        """The site itself first, then its parent, up to the root; [] for an unknown site."""
        chain: list[Site] = []
        seen: set[int] = set()
        site = self.by_id.get(site_id)
        # `seen` stops a corrupt parent cycle at its first repeat.
        while site is not None and site.id not in seen and len(chain) <= _MAX_DEPTH:
            chain.append(site)
            seen.add(site.id)
            site = self.by_id.get(site.parent_id) if site.parent_id is not None else None
        return chain

    def subtree_ids(self, site_id: int) -> list[int]:
        """The site and every site below it, ascending; [] for an unknown site."""
        if site_id not in self.by_id:
            return []
        found, frontier = {site_id}, [site_id]
        for _ in range(_MAX_DEPTH):
            frontier = [
                c.id for p in frontier for c in self.children_of.get(p, ()) if c.id not in found
            ]
            if not frontier:
                break
            found.update(frontier)
        return sorted(found)

    def walk(self, roots: Iterable[int]) -> list[tuple[Site, int]]:
        """(site, depth) depth first from `roots` (by id), children by id."""
        out: list[tuple[Site, int]] = []
        stack = [(self.by_id[r], 0) for r in sorted(roots, reverse=True) if r in self.by_id]
        seen: set[int] = set()
        while stack:
            site, depth = stack.pop()
            if site.id in seen:  # a corrupt parent cycle
                continue
            seen.add(site.id)
            out.append((site, depth))
            stack.extend((c, depth + 1) for c in reversed(self.children_of.get(site.id, [])))
        return out

    def stations(self) -> list[Site]:
        """The roots' children, root by root."""
        return [s for root in self.children(None) for s in self.children(root.id)]

    def points(self) -> list[Site]:
        return [s for s in self.by_id.values() if s.level is SiteLevel.POINT]


class _Slot(Generic[T]):
    """One cached value: when it was loaded, and a generation that invalidation bumps."""

    __slots__ = ("generation", "loaded_at", "lock", "value")

    def __init__(self) -> None:
        self.value: T | None = None
        self.loaded_at: datetime | None = None
        self.generation = 0
        self.lock = asyncio.Lock()

    def fresh(self, now: datetime, ttl: timedelta) -> T | None:
        if self.value is None or self.loaded_at is None or ttl <= NO_CACHE:
            return None
        # A clock moved backwards (tests do) counts as stale too.
        return self.value if timedelta(0) <= now - self.loaded_at <= ttl else None

    def clear(self) -> None:
        self.generation += 1
        self.value = None
        self.loaded_at = None


class Reference:
    """The cached catalogue and site tree (see the module docstring for freshness).

    `db` may be None when every caller passes its own transaction (the dispatcher,
    the powers); the flows' look-ups (`site`, `children`, ...) need it.
    """

    def __init__(self, db: Database | None, clock: Clock, ttl: timedelta = DEFAULT_TTL) -> None:
        self._db = db
        self._clock = clock
        self._ttl = ttl
        self._catalogue: _Slot[Catalogue] = _Slot()
        self._sites: _Slot[SiteTree] = _Slot()

    async def catalogue(self, tx: Tx | None = None) -> Catalogue:
        """Every category and service, retired ones included (as `CatalogueRepo.load`)."""

        async def load(t: Tx) -> Catalogue:
            return await t.catalogue.load()

        return await self._get(self._catalogue, load, tx)

    async def sites(self, tx: Tx | None = None) -> SiteTree:
        async def load(t: Tx) -> SiteTree:
            return SiteTree.of(await t.sites.all())

        return await self._get(self._sites, load, tx)

    # --- the flows' look-ups (`conversations.model.ReferenceData`) ------------

    async def site(self, site_id: int) -> Site | None:
        return (await self.sites()).get(site_id)

    async def children(self, site_id: int | None) -> list[Site]:
        return (await self.sites()).children(site_id)

    async def stations(self) -> list[Site]:
        return (await self.sites()).stations()

    async def nearest_point(self, lat: float, lon: float) -> Site | None:
        return nearest((await self.sites()).points(), lat, lon)

    def invalidate(self, *what: str) -> None:
        """Forget the cached copies (`CATALOGUE`, `SITES`; nothing named: both).

        Editing commands call this after their transaction commits; writes through
        `SqlDatabase` do it by themselves (`changed`)."""
        names = set(what) or {CATALOGUE, SITES}
        if CATALOGUE in names:
            self._catalogue.clear()
        if SITES in names:
            self._sites.clear()

    def changed(self, what: Iterable[str]) -> None:
        """A committed transaction changed these reference data (the database's hook)."""
        names = set(what) & {CATALOGUE, SITES}
        if names:
            self.invalidate(*names)

    async def _get(self, slot: _Slot[T], load: Callable[[Tx], Awaitable[T]], tx: Tx | None) -> T:
        value = slot.fresh(self._clock.now(), self._ttl)
        if value is not None:
            return value
        if tx is not None:
            # A caller inside a transaction holds a pooled connection: it loads on
            # that connection rather than wait for another loader, which may itself
            # be waiting for a free connection.
            return await self._load_into(slot, load, tx)
        # One load at a time among the others: a burst of misses (start-up, just
        # after an edit) waits for the first instead of each asking the database.
        async with slot.lock:
            value = slot.fresh(self._clock.now(), self._ttl)
            if value is not None:
                return value
            return await self._load_into(slot, load, None)

    async def _load_into(
        self, slot: _Slot[T], load: Callable[[Tx], Awaitable[T]], tx: Tx | None
    ) -> T:
        generation, loaded_at = slot.generation, self._clock.now()
        value = await self._load(load, tx)
        if slot.generation == generation:  # no write committed meanwhile
            slot.value, slot.loaded_at = value, loaded_at
        return value

    async def _load(self, load: Callable[[Tx], Awaitable[T]], tx: Tx | None) -> T:
        if tx is not None:
            return await load(tx)
        if self._db is None:
            raise RuntimeError("Reference without a database needs the caller's transaction")
        async with self._db.transaction() as own:
            return await load(own)


def uncached(clock: Clock | None = None) -> Reference:
    """A `Reference` that keeps nothing: each read loads in the caller's transaction,
    as fresh as the database. For parts built without the process's shared copy."""
    return Reference(None, clock or SystemClock(), NO_CACHE)
