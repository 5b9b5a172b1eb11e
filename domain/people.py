"""Users, their language and home site, and volunteers joining teams."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import Refused
from domain.geo import nearest
from domain.models import Catalogue, Site, SiteLevel, Team, UserProfile, Volunteer
from domain.ports import Database
from domain.roles import Authority, Roles


@dataclass(frozen=True, slots=True)
class Person:
    profile: UserProfile
    roles: Roles


class People:
    def __init__(self, db: Database, authority: Authority) -> None:
        self._db = db
        self._authority = authority

    async def touch(self, user_id: int, first_name: str, username: str | None) -> Person:
        """The user behind an update: created on first contact, names kept fresh."""
        async with self._db.transaction() as tx:
            profile = await tx.users.get(user_id)
            if profile is None or (profile.first_name, profile.username) != (
                first_name,
                username,
            ):
                profile = await tx.users.upsert(user_id, first_name, username)
            roles = await self._authority.roles(tx, user_id)
        return Person(profile, roles)

    async def set_locale(self, user_id: int, locale: str) -> None:
        async with self._db.transaction() as tx:
            await tx.users.set_locale(user_id, locale)

    async def set_phone(self, user_id: int, phone: str) -> None:
        async with self._db.transaction() as tx:
            await tx.users.set_phone(user_id, phone)

    async def set_unreachable(self, user_id: int, unreachable: bool) -> None:
        async with self._db.transaction() as tx:
            await tx.users.set_unreachable(user_id, unreachable)

    async def set_home_site(self, user_id: int, site_id: int) -> Site:
        async with self._db.transaction() as tx:
            site = await tx.sites.get(site_id)
            if site is None or site.level is SiteLevel.CENTER:
                raise Refused("no-such-site")
            await tx.users.set_home_site(user_id, site_id)
        return site

    async def join(self, user_id: int, team_code: str) -> tuple[Volunteer, Team]:
        async with self._db.transaction() as tx:
            team = await tx.teams.by_code(team_code.strip().upper())
            if team is None:
                raise Refused("no-such-team", code=team_code)
            return await tx.volunteers.upsert(user_id, team.id), team

    async def set_available(self, user_id: int, available: bool) -> None:
        async with self._db.transaction() as tx:
            if await tx.volunteers.get(user_id) is None:
                raise Refused("not-a-volunteer", user=user_id)
            await tx.volunteers.set_available(user_id, available)

    async def set_quiet(self, user_id: int, start: int | None, end: int | None) -> None:
        async with self._db.transaction() as tx:
            if await tx.volunteers.get(user_id) is None:
                raise Refused("not-a-volunteer", user=user_id)
            await tx.volunteers.set_quiet(user_id, start, end)

    async def volunteer(self, user_id: int) -> Volunteer | None:
        async with self._db.transaction() as tx:
            return await tx.volunteers.get(user_id)

    async def profile(self, user_id: int) -> UserProfile | None:
        async with self._db.transaction() as tx:
            return await tx.users.get(user_id)


class Directory:
    """Read-only look-ups the flows need: the catalogue and the site tree."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def catalogue(self) -> Catalogue:
        async with self._db.transaction() as tx:
            return await tx.catalogue.load()

    async def site(self, site_id: int) -> Site | None:
        async with self._db.transaction() as tx:
            return await tx.sites.get(site_id)

    async def children(self, site_id: int | None) -> list[Site]:
        async with self._db.transaction() as tx:
            return await tx.sites.children(site_id)

    async def stations(self) -> list[Site]:
        async with self._db.transaction() as tx:
            roots = await tx.sites.children(None)
            return [s for root in roots for s in await tx.sites.children(root.id)]

    async def nearest_point(self, lat: float, lon: float) -> Site | None:
        async with self._db.transaction() as tx:
            points = [s for s in await tx.sites.all() if s.level is SiteLevel.POINT]
        return nearest(points, lat, lon)
