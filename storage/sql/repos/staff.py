"""What coordinators and admins read and change: grants, teams, rosters, site tallies."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select

from domain.admin_models import SiteTally
from domain.lifecycle import OPEN_STATUSES
from domain.models import Role, Team, Volunteer
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_team, to_volunteer
from storage.sql.repos.volunteers import _select as volunteer_select
from storage.sql.tables import orders, roles, teams, users, volunteers


class SqlStaffRepo(SqlRepo):
    async def revoke(self, user_id: int, role: Role, site_id: int | None) -> bool:
        where = roles.c.site_id.is_(None) if site_id is None else roles.c.site_id == site_id
        result = await self._s.execute(
            delete(roles)
            .where(roles.c.user_id == user_id, roles.c.role == str(role), where)
            .returning(roles.c.id)
        )
        return result.first() is not None

    async def teams_at(self, site_ids: Iterable[int]) -> list[Team]:
        stmt = select(teams).where(teams.c.site_id.in_(list(site_ids))).order_by(teams.c.id)
        return [to_team(r) for r in await self._s.execute(stmt)]

    async def roster(self, site_ids: Iterable[int], limit: int) -> list[Volunteer]:
        stmt = (
            volunteer_select()
            .where(teams.c.site_id.in_(list(site_ids)))
            .order_by(volunteers.c.active.desc(), users.c.first_name, volunteers.c.user_id)
            .limit(limit)
        )
        return [to_volunteer(r) for r in await self._s.execute(stmt)]

    async def roster_size(self, site_ids: Iterable[int]) -> int:
        stmt = (
            select(func.count())
            .select_from(volunteers.join(teams, teams.c.id == volunteers.c.team_id))
            .where(teams.c.site_id.in_(list(site_ids)))
        )
        return int((await self._s.execute(stmt)).scalar_one())

    async def admins(self) -> list[int]:
        stmt = (
            select(roles.c.user_id)
            .where(roles.c.role == str(Role.ADMIN))
            .distinct()
            .order_by(roles.c.user_id)
        )
        return list((await self._s.execute(stmt)).scalars())

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
