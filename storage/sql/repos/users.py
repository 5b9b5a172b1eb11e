"""Users: everyone who has talked to the bot, keyed by their Telegram user id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from domain.models import UserProfile
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_user
from storage.sql.tables import users


class SqlUserRepo(SqlRepo):
    async def get(self, user_id: int) -> UserProfile | None:
        row = (await self._s.execute(select(users).where(users.c.id == user_id))).first()
        return None if row is None else to_user(row)

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

    async def _set(self, user_id: int, **values: Any) -> None:
        await self._s.execute(update(users).where(users.c.id == user_id).values(**values))
