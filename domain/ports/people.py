"""People: users, volunteers, and the role grants (granted, revoked, listed) that make staff."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.models import Address, Role, RoleGrant, UserProfile, Volunteer


@dataclass(frozen=True, slots=True)
class UserView:
    """A user and what their roles rest on, read in one round trip (`People.touch`)."""

    profile: UserProfile
    volunteer: bool  # has a volunteer row
    coordinator_grant: bool  # holds a coordinator grant somewhere
    admin_grant: bool  # holds an admin grant (the settings' admins come on top)


class UserRepo(Protocol):
    async def get(self, user_id: int) -> UserProfile | None: ...

    async def view(self, user_id: int) -> UserView | None:
        """The profile with the volunteer row and role grants checked in the same query."""
        ...

    async def view_at(self, address: Address) -> UserView | None:
        """`view` of the person reached at `address`; None: nobody is, yet."""
        ...

    async def locales(self, user_ids: Iterable[int]) -> dict[int, str | None]:
        """The chosen locale of each known user (None: never chose); one query."""
        ...

    async def upsert(self, user_id: int, first_name: str, username: str | None) -> UserProfile:
        """Create the person first met on Telegram as `user_id` (the row, with that
        id, and their Telegram address), or refresh their names; keeps locale, home
        site and phone."""
        ...

    async def rename(self, user_id: int, first_name: str, username: str | None) -> None:
        """Refresh a known person's names (whatever channel they came by)."""
        ...

    async def create(self, address: Address, first_name: str, username: str | None) -> UserProfile:
        """A new person, first met at `address` on a channel other than Telegram: a
        fresh id no Telegram id can take (see `storage.sql.repos.users`)."""
        ...

    async def addresses(self, user_ids: Iterable[int]) -> dict[int, list[Address]]:
        """Where each of these people can be reached, oldest address first; one query.
        A person without any is missing from the answer."""
        ...

    async def set_locale(self, user_id: int, locale: str) -> None: ...

    async def set_home_site(self, user_id: int, site_id: int) -> None: ...

    async def set_phone(self, user_id: int, phone: str) -> None: ...

    async def set_unreachable(self, user_id: int, unreachable: bool) -> None: ...


class VolunteerRepo(Protocol):
    async def get(self, user_id: int) -> Volunteer | None: ...

    async def upsert(self, user_id: int, team_id: int, active: bool = True) -> Volunteer:
        """Join (or move to) a team; site and category come from the team."""
        ...

    async def candidates(
        self,
        category_code: str,
        site_ids: Iterable[int],
        exclude: Iterable[int] = (),
        *,
        per_site: int | None = None,
        awake_at: int | None = None,
    ) -> list[Volunteer]:
        """Active, available, reachable volunteers of teams serving `category_code` at
        one of `site_ids`, by user id.

        `per_site` keeps only each site's first so many by the part of the ranking
        that differs within one site (open tasks, average rating, last task, user
        id: see `domain.ranking`), so the ranking reads a few rows per site instead
        of every volunteer. `awake_at` (minutes after local midnight) leaves out
        those in their quiet hours, as `ranking.in_quiet_hours` does.
        """
        ...

    async def tally(
        self,
        user_id: int,
        *,
        open_tasks: int = 0,
        rating: int | None = None,
        task_at: datetime | None = None,
    ) -> None:
        """Move the running tallies ranking reads: open tasks, ratings, last task."""
        ...

    async def set_available(self, user_id: int, available: bool) -> None: ...

    async def set_quiet(self, user_id: int, start: int | None, end: int | None) -> None:
        """Quiet hours in minutes after local midnight; None, None clears them."""
        ...

    async def roster(self, site_ids: Iterable[int], limit: int) -> list[Volunteer]:
        """Volunteers of teams at `site_ids`, active first, then by name and id."""
        ...

    async def roster_size(self, site_ids: Iterable[int]) -> int: ...


class RoleRepo(Protocol):
    async def grants(self, user_id: int) -> list[RoleGrant]: ...

    async def grant(self, user_id: int, role: Role, site_id: int | None) -> None:
        """Idempotent."""
        ...

    async def coordinators_of(self, site_ids: Iterable[int]) -> list[int]:
        """User ids holding the coordinator role at any of `site_ids`, ascending."""
        ...

    async def revoke(self, user_id: int, role: Role, site_id: int | None) -> bool:
        """Remove one grant (`site_id` None: the everywhere grant); True if it existed."""
        ...

    async def admins(self) -> list[int]:
        """Users granted the admin role in the database (not those from the settings)."""
        ...
