"""Users, their language, home site and volunteer settings.

Nobody joins a team here: that takes a coordinator's approval (`domain.applications`)
or a coordinator's invite (`domain.invites`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from domain.errors import Refused
from domain.models import TELEGRAM, Address, Site, SiteLevel, UserProfile, Volunteer
from domain.ports.database import Database, Tx
from domain.ports.people import UserView
from domain.roles import Authority, Roles


@dataclass(frozen=True, slots=True)
class Person:
    profile: UserProfile
    roles: Roles


class People:
    def __init__(self, db: Database, authority: Authority) -> None:
        self._db = db
        self._authority = authority

    async def touch(self, where: Address | int, first_name: str, username: str | None) -> Person:
        """The person behind an update, by the address it came from (an int: a
        Telegram user id): created with that address on first contact, names kept
        fresh.

        One query in the common case (a known address, same names): the profile, the
        volunteer row and the role grants come back together. Roles are read on
        every update, never cached, so a new volunteer or a promoted coordinator
        has the new role from their very next update, whichever worker serves it.
        """
        address = where if isinstance(where, Address) else Address(TELEGRAM, str(where))
        async with self._db.read() as reader:  # no BEGIN / COMMIT for the common case
            view = await reader.users.view_at(address)
        if view is None or (view.profile.first_name, view.profile.username) != (
            first_name,
            username,
        ):
            async with self._db.transaction() as tx:
                if view is None:
                    view = await _first_contact(tx, address, first_name, username)
                else:
                    await tx.users.rename(view.profile.id, first_name, username)
                    profile = replace(view.profile, first_name=first_name, username=username)
                    view = replace(view, profile=profile)
        return Person(view.profile, self._roles(view.profile.id, view))

    async def addresses(self, user_ids: Iterable[int]) -> dict[int, list[Address]]:
        """Where each person can be reached (a person without any is left out)."""
        async with self._db.read() as reader:
            return await reader.users.addresses(user_ids)

    def _roles(self, user_id: int, view: UserView) -> Roles:
        # As `Authority.roles`, from facts read in the same query as the profile.
        admin = self._authority.is_admin(user_id) or view.admin_grant
        return Roles(
            volunteer=view.volunteer, coordinator=admin or view.coordinator_grant, admin=admin
        )

    async def locales(self, user_ids: Iterable[int]) -> dict[int, str | None]:
        """Each known user's chosen locale (None: never chose), in one query."""
        async with self._db.read() as reader:
            return await reader.users.locales(user_ids)

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
        """A village point or a town station becomes the user's home; the county
        center is no one's home (it would make "home" mean the whole county)."""
        async with self._db.transaction() as tx:
            site = await tx.sites.get(site_id)
            if site is None:
                raise Refused("unknown-home-site")
            if site.level is SiteLevel.CENTER:
                raise Refused("center-not-home")
            await tx.users.set_home_site(user_id, site_id)
        return site

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

    async def profile_at(self, address: Address) -> UserProfile | None:
        """The profile of whoever is reached at `address`, if anyone is."""
        async with self._db.read() as reader:
            view = await reader.users.view_at(address)
        return None if view is None else view.profile

    async def profile(self, user_id: int) -> UserProfile | None:
        async with self._db.transaction() as tx:
            return await tx.users.get(user_id)


async def _first_contact(
    tx: Tx, address: Address, first_name: str, username: str | None
) -> UserView:
    """The person first met at `address`: one first met on Telegram keeps their
    Telegram id as person id (as every user did before there were channels, and
    a row of that id written ahead, by a seed or a grant, is theirs); anyone else
    gets a fresh id (`UserRepo.create`)."""
    if address.channel == TELEGRAM and address.address.isdigit():
        user_id = int(address.address)
        await tx.users.upsert(user_id, first_name, username)
    else:
        user_id = (await tx.users.create(address, first_name, username)).id
    view = await tx.users.view(user_id)  # grants may predate the user row
    assert view is not None  # just written in this transaction
    return view
