"""Teams (志愿服务队): a category served from one site."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from domain.models import LocalName, Team
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_team
from storage.sql.tables import teams


class SqlTeamRepo(SqlRepo):
    async def by_code(self, code: str) -> Team | None:
        row = (await self._s.execute(select(teams).where(teams.c.code == code))).first()
        return None if row is None else to_team(row)

    async def get(self, team_id: int) -> Team | None:
        row = (await self._s.execute(select(teams).where(teams.c.id == team_id))).first()
        return None if row is None else to_team(row)

    async def upsert(self, code: str, name: LocalName, site_id: int, category_code: str) -> Team:
        values = {
            "name_zh": name.zh,
            "name_en": name.en,
            "site_id": site_id,
            "category_code": category_code,
        }
        stmt = self._insert(teams).values(code=code, **values)
        stmt = stmt.on_conflict_do_update(index_elements=[teams.c.code], set_=values)
        row = (await self._s.execute(stmt.returning(*teams.c))).one()
        return to_team(row)

    async def teams_at(self, site_ids: Iterable[int]) -> list[Team]:
        stmt = select(teams).where(teams.c.site_id.in_(list(site_ids))).order_by(teams.c.id)
        return [to_team(r) for r in await self._s.execute(stmt)]
