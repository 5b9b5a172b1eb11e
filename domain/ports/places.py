"""Places: the site tree, the catalogue of services, and the teams serving them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from domain.models import Catalogue, Category, LocalName, Service, Site, SiteLevel, SiteTally, Team


class SiteRepo(Protocol):
    """The sites as stored. The tree is walked in memory, on `domain.reference.SiteTree`
    (built from `all`), never by a query: that is the one walk of it."""

    async def get(self, site_id: int) -> Site | None: ...

    async def all(self) -> list[Site]: ...

    async def tallies(self) -> dict[int, SiteTally]:
        """Per site id, the counts of that site alone; sites with nothing are absent."""
        ...

    async def upsert(
        self,
        site_id: int,
        parent_id: int | None,
        level: SiteLevel,
        name: LocalName,
        lat: float | None,
        lon: float | None,
    ) -> Site: ...


class CatalogueRepo(Protocol):
    async def load(self) -> Catalogue:
        """All categories (by sort, code) and services (by id), retired ones included."""
        ...

    async def upsert_category(self, code: str, name: LocalName, sort: int) -> Category: ...

    async def upsert_service(
        self, code: str, category_code: str, name: LocalName, retired: bool = False
    ) -> Service:
        """Keyed by `code`; the id of an existing service never changes."""
        ...


class TeamRepo(Protocol):
    async def by_code(self, code: str) -> Team | None: ...

    async def get(self, team_id: int) -> Team | None: ...

    async def upsert(
        self, code: str, name: LocalName, site_id: int, category_code: str
    ) -> Team: ...

    async def teams_at(self, site_ids: Iterable[int]) -> list[Team]:
        """Teams based at any of `site_ids`, by id."""
        ...
