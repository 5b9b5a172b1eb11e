"""Sites: the center, its stations and their points; and what each one holds.

The tree is walked in memory (`domain.reference.SiteTree`), not here."""

from __future__ import annotations

from sqlalchemy import func, select

from domain.lifecycle import OPEN_STATUSES
from domain.models import LocalName, Site, SiteLevel, SiteTally
from domain.reference import SITES
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_site
from storage.sql.tables import orders, sites, teams, volunteers


class SqlSiteRepo(SqlRepo):
    async def get(self, site_id: int) -> Site | None:
        row = (await self._s.execute(select(sites).where(sites.c.id == site_id))).first()
        return None if row is None else to_site(row)

    async def all(self) -> list[Site]:
        rows = await self._s.execute(select(sites).order_by(sites.c.id))
        return [to_site(r) for r in rows]

    async def tallies(self) -> dict[int, SiteTally]:
        # Two GROUP BYs over indexed columns: one row per site, never one per volunteer.
        people = await self._s.execute(
            select(teams.c.site_id, func.count())
            .select_from(volunteers.join(teams, teams.c.id == volunteers.c.team_id))
            .where(volunteers.c.active.is_(True))
            .group_by(teams.c.site_id)
        )
        open_orders = await self._s.execute(
            select(orders.c.site_id, func.count())
            .where(orders.c.status.in_([str(s) for s in OPEN_STATUSES]))
            .group_by(orders.c.site_id)
        )
        found: dict[int, SiteTally] = {}
        for site_id, count in people:
            found[site_id] = SiteTally(volunteers=int(count))
        for site_id, count in open_orders:
            found[site_id] = found.get(site_id, SiteTally()) + SiteTally(open_orders=int(count))
        return found

    async def upsert(
        self,
        site_id: int,
        parent_id: int | None,
        level: SiteLevel,
        name: LocalName,
        lat: float | None,
        lon: float | None,
    ) -> Site:
        values = {
            "parent_id": parent_id,
            "level": str(level),
            "name_zh": name.zh,
            "name_en": name.en,
            "lat": lat,
            "lon": lon,
        }
        stmt = self._insert(sites).values(id=site_id, **values)
        stmt = stmt.on_conflict_do_update(index_elements=[sites.c.id], set_=values)
        self._mark(SITES)
        row = (await self._s.execute(stmt.returning(*sites.c))).one()
        return to_site(row)
