"""Users: everyone who has talked to the bot, keyed by their Telegram user id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, exists, select, update

from domain.models import Role, UserProfile
from domain.ports.people import UserView
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_user
from storage.sql.tables import roles, users, volunteers


def _granted(role: Role) -> Any:
    return exists().where(roles.c.user_id == users.c.id, roles.c.role == str(role))


# Built once: it runs on every update, and building the statement cost more CPU
# than running it (SQLAlchemy caches the compiled form; the bound id varies).
_VIEW = select(
    users,
    exists().where(volunteers.c.user_id == users.c.id).label("is_volunteer"),
    _granted(Role.COORDINATOR).label("has_coordinator"),
    _granted(Role.ADMIN).label("has_admin"),
).where(users.c.id == bindparam("user_id"))


class SqlUserRepo(SqlRepo):
    async def get(self, user_id: int) -> UserProfile | None:
        row = (await self._s.execute(select(users).where(users.c.id == user_id))).first()
        return None if row is None else to_user(row)

    async def view(self, user_id: int) -> UserView | None:
        # One round trip per update instead of three (user, volunteer row, grants):
        # the EXISTS probes are index lookups on the primary key and on roles.
        row = (await self._s.execute(_VIEW, {"user_id": user_id})).first()
        if row is None:
            return None
        return UserView(
            to_user(row), bool(row.is_volunteer), bool(row.has_coordinator), bool(row.has_admin)
        )

    async def locales(self, user_ids: Iterable[int]) -> dict[int, str | None]:
        wanted = sorted(set(user_ids))
        if not wanted:
            return {}
        rows = await self._s.execute(
            select(users.c.id, users.c.locale).where(users.c.id.in_(wanted))
        )
        return {row.id: row.locale for row in rows}

    async def upsert(self, user_id: int, first_name: str, username: str | None) -> UserProfile:
        stmt = self._insert(users).values(id=user_id, first_name=first_name, username=username)
        stmt = stmt.on_conflict_do_update(
            index_elements=[users.c.id],
            set_={"first_name": stmt.excluded.first_name, "username": stmt.excluded.username},
        ).returning(*users.c)
        return to_user((await self._s.execute(stmt)).one())

    async def set_locale(self, user_id: int, locale: str) -> None:
        await self._set(user_id, locale=locale)

    async def set_home_site(self, user_id: int, site_id: int) -> None:
        await self._set(user_id, home_site_id=site_id)

    async def set_phone(self, user_id: int, phone: str) -> None:
        await self._set(user_id, phone=phone)

    async def set_unreachable(self, user_id: int, unreachable: bool) -> None:
        await self._set(user_id, unreachable=unreachable)
        # Dispatch reads the copy on the volunteer row; same transaction, same value.
        await self._s.execute(
            update(volunteers)
            .where(volunteers.c.user_id == user_id)
            .values(unreachable=unreachable)
        )

    async def _set(self, user_id: int, **values: Any) -> None:
        await self._s.execute(update(users).where(users.c.id == user_id).values(**values))
