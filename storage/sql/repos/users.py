"""Users: everyone who has talked to the bot, and the addresses they are reached at.

A person's id is their Telegram user id when Telegram is where the bot first met
them (every user from before migration 0011, and every later one first met there),
so admins' ids in the settings, seeds and logs by id keep their meaning. A person
first met on another channel gets an id from `FIRST_OTHER_ID` up: Telegram ids
have at most 52 significant bits, so the two ranges never meet. Nothing may send
to a person id: `addresses` says where they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, exists, func, select, update

from domain.models import TELEGRAM, Address, Role, UserProfile
from domain.ports.people import UserView
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_user
from storage.sql.tables import roles, user_addresses, users, volunteers


def _granted(role: Role) -> Any:
    return exists().where(roles.c.user_id == users.c.id, roles.c.role == str(role))


# Built once: it runs on every update, and building the statement cost more CPU
# than running it (SQLAlchemy caches the compiled form; the bound id varies).
_VIEW = select(
    users,
    exists().where(volunteers.c.user_id == users.c.id).label("is_volunteer"),
    _granted(Role.COORDINATOR).label("has_coordinator"),
    _granted(Role.ADMIN).label("has_admin"),
)
_VIEW_BY_ID = _VIEW.where(users.c.id == bindparam("user_id"))
# The same by address, for every update: still one round trip (a primary key lookup more).
_VIEW_AT = _VIEW.join_from(users, user_addresses, user_addresses.c.person_id == users.c.id).where(
    user_addresses.c.channel == bindparam("channel"),
    user_addresses.c.address == bindparam("address"),
)
# 2**53: above every Telegram user id (at most 52 significant bits).
FIRST_OTHER_ID = 1 << 53


class SqlUserRepo(SqlRepo):
    async def get(self, user_id: int) -> UserProfile | None:
        row = (await self._s.execute(select(users).where(users.c.id == user_id))).first()
        return None if row is None else to_user(row)

    async def view(self, user_id: int) -> UserView | None:
        # One round trip per update instead of three (user, volunteer row, grants):
        # the EXISTS probes are index lookups on the primary key and on roles.
        return _view((await self._s.execute(_VIEW_BY_ID, {"user_id": user_id})).first())

    async def view_at(self, address: Address) -> UserView | None:
        params = {"channel": address.channel, "address": address.address}
        return _view((await self._s.execute(_VIEW_AT, params)).first())

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
        profile = to_user((await self._s.execute(stmt)).one())
        await self._add_address(user_id, Address(TELEGRAM, str(user_id)))
        return profile

    async def create(self, address: Address, first_name: str, username: str | None) -> UserProfile:
        # The next id of the other range, in the INSERT itself. Two first contacts
        # at once may pick the same one: the loser's primary key conflict fails its
        # update, which the drainer tries again.
        fresh = select(func.coalesce(func.max(users.c.id) + 1, FIRST_OTHER_ID)).where(
            users.c.id >= FIRST_OTHER_ID
        )
        stmt = (
            self._insert(users)
            .values(id=fresh.scalar_subquery(), first_name=first_name, username=username)
            .returning(*users.c)
        )
        profile = to_user((await self._s.execute(stmt)).one())
        await self._add_address(profile.id, address)
        return profile

    async def addresses(self, user_ids: Iterable[int]) -> dict[int, list[Address]]:
        wanted = sorted(set(user_ids))
        if not wanted:
            return {}
        rows = await self._s.execute(
            select(user_addresses.c.person_id, user_addresses.c.channel, user_addresses.c.address)
            .where(user_addresses.c.person_id.in_(wanted))
            .order_by(user_addresses.c.created_at, user_addresses.c.channel)
        )
        found: dict[int, list[Address]] = {}
        for row in rows:
            found.setdefault(row.person_id, []).append(Address(row.channel, row.address))
        return found

    async def _add_address(self, user_id: int, address: Address) -> None:
        # An address already someone's stays theirs: one address is one person.
        stmt = self._insert(user_addresses).values(
            person_id=user_id, channel=address.channel, address=address.address
        )
        await self._s.execute(stmt.on_conflict_do_nothing())

    async def rename(self, user_id: int, first_name: str, username: str | None) -> None:
        await self._set(user_id, first_name=first_name, username=username)

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


def _view(row: Any) -> UserView | None:
    if row is None:
        return None
    return UserView(
        to_user(row), bool(row.is_volunteer), bool(row.has_coordinator), bool(row.has_admin)
    )
