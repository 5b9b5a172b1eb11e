"""Which command menu each person was last given (`command_menus`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, union, update

from storage.sql.repos.base import SqlRepo
from storage.sql.tables import command_menus, roles, users, volunteers

M = command_menus


class SqlMenuRepo(SqlRepo):
    async def given(self, person_id: int) -> str | None:
        stmt = select(M.c.menu).where(M.c.person_id == person_id)
        return (await self._s.execute(stmt)).scalar_one_or_none()

    async def swap(self, person_id: int, was: str | None, menu: str | None, at: datetime) -> bool:
        if was is None:
            if menu is None:
                return False
            stmt = (
                self._insert(M)
                .values(person_id=person_id, menu=menu, set_at=at)
                .on_conflict_do_nothing(index_elements=[M.c.person_id])
            )
            return (await self._s.execute(stmt)).rowcount == 1
        if menu is None:
            gone = delete(M).where(M.c.person_id == person_id).where(M.c.menu == was)
            return (await self._s.execute(gone)).rowcount == 1
        moved = (
            update(M)
            .where(M.c.person_id == person_id)
            .where(M.c.menu == was)
            .values(menu=menu, set_at=at)
        )
        return (await self._s.execute(moved)).rowcount == 1

    async def people(self) -> list[int]:
        # Who cannot be reached (blocked, or seeded and never started) is left out:
        # no chat to set a menu in; they are synced on a start-up after they write.
        anyone = union(
            select(volunteers.c.user_id.label("id")),
            select(roles.c.user_id.label("id")),
            select(M.c.person_id.label("id")),
        ).subquery()
        stmt = (
            select(anyone.c.id)
            .join(users, users.c.id == anyone.c.id)
            .where(users.c.unreachable.is_(False))
        )
        return sorted(int(i) for i in (await self._s.execute(stmt)).scalars())
