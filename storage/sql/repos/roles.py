"""Role grants: coordinators at a site (and its subtree), admins everywhere; granted,
revoked and listed here."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import BigInteger, String, bindparam, delete, exists, literal, select

from domain.models import Role, RoleGrant
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import roles


class SqlRoleRepo(SqlRepo):
    async def grants(self, user_id: int) -> list[RoleGrant]:
        rows = await self._s.execute(
            select(roles).where(roles.c.user_id == user_id).order_by(roles.c.id)
        )
        return [RoleGrant(user_id=r.user_id, role=Role(r.role), site_id=r.site_id) for r in rows]

    async def grant(self, user_id: int, role: Role, site_id: int | None) -> None:
        if site_id is not None:
            stmt = self._insert(roles).values(user_id=user_id, role=str(role), site_id=site_id)
            await self._s.execute(stmt.on_conflict_do_nothing())
            return
        # NULLs never collide in a unique constraint, so the "everywhere" grant
        # checks for itself in the same statement.
        already = exists().where(
            roles.c.user_id == user_id, roles.c.role == str(role), roles.c.site_id.is_(None)
        )
        source = select(literal(user_id, BigInteger), literal(str(role), String)).where(~already)
        await self._s.execute(roles.insert().from_select([roles.c.user_id, roles.c.role], source))

    async def coordinators_of(self, site_ids: Iterable[int]) -> list[int]:
        sites = list(site_ids)
        if not sites:
            return []
        return list((await self._s.execute(_COORDINATORS_OF, {"sites": sites})).scalars())

    async def revoke(self, user_id: int, role: Role, site_id: int | None) -> bool:
        where = roles.c.site_id.is_(None) if site_id is None else roles.c.site_id == site_id
        result = await self._s.execute(
            delete(roles)
            .where(roles.c.user_id == user_id, roles.c.role == str(role), where)
            .returning(roles.c.id)
        )
        return result.first() is not None

    async def admins(self) -> list[int]:
        stmt = (
            select(roles.c.user_id)
            .where(roles.c.role == str(Role.ADMIN))
            .distinct()
            .order_by(roles.c.user_id)
        )
        return list((await self._s.execute(stmt)).scalars())


# Built once: it runs with every new order (and every escalation).
_COORDINATORS_OF = (
    select(roles.c.user_id)
    .where(
        roles.c.role == str(Role.COORDINATOR),
        roles.c.site_id.in_(bindparam("sites", expanding=True)),
    )
    .distinct()
    .order_by(roles.c.user_id)
)
