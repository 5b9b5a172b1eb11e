"""What activities need from storage (`storage/sql/repos/activities.py`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from domain.activity_models import (
    Activity,
    ActivityDraft,
    ActivityStatus,
    CheckIn,
    CheckInHow,
    Signup,
    SignupRole,
    SignupStatus,
    Visibility,
)
from domain.models import LocalName


class ActivityRepo(Protocol):
    async def create(self, draft: ActivityDraft, now: datetime) -> Activity: ...

    async def get(self, activity_id: int, lock: bool = False) -> Activity | None:
        """`lock`: the row is this transaction's until it ends (PostgreSQL)."""
        ...

    async def upcoming(
        self, site_ids: Iterable[int] | None, after: datetime, limit: int = 20
    ) -> list[Activity]:
        """Published activities at these sites (None: anywhere) ending after `after`,
        soonest first."""
        ...

    async def set_status(
        self, activity_id: int, allowed: Iterable[ActivityStatus], to: ActivityStatus, now: datetime
    ) -> Activity | None:
        """Compare-and-set; None when the status was none of `allowed`."""
        ...

    async def move(
        self, activity_id: int, starts_at: datetime, ends_at: datetime, now: datetime
    ) -> Activity | None: ...

    async def edit(
        self,
        activity_id: int,
        now: datetime,
        title: LocalName | None = None,
        venue: tuple[float | None, float | None] | None = None,
        quotas: tuple[int, int] | None = None,
        *,
        category_code: str | None = None,
        team_id: int | None = None,
        site_id: int | None = None,
        visibility: Visibility | None = None,
        poster: str | None = None,
    ) -> Activity | None:
        """Change what is given (None: unchanged; a `poster` of "" takes it away),
        if the activity is published and (for `quotas`, volunteers then residents)
        neither falls below those who hold a place."""
        ...

    async def take_place(self, activity_id: int, role: SignupRole) -> bool:
        """One more place of `role` taken, if one is left (the sign-up's statement)."""
        ...

    async def close(
        self,
        activity_id: int,
        beneficiaries: Mapping[str, int],
        report_text: str,
        report_photos: Sequence[str],
        now: datetime,
    ) -> Activity | None: ...

    async def sign_up(
        self, activity_id: int, person_id: int, role: SignupRole, now: datetime
    ) -> Signup | None:
        """A place if one is left (the counter taken in the same statement), else the
        wait-list; None when they already hold a place or a wait-list spot."""
        ...

    async def signup(self, activity_id: int, person_id: int) -> Signup | None: ...

    async def signup_by_id(self, signup_id: int) -> Signup | None: ...

    async def set_signup(
        self,
        signup_id: int,
        allowed: Iterable[SignupStatus],
        to: SignupStatus,
        offered_until: datetime | None = None,
    ) -> Signup | None:
        """Compare-and-set of one sign-up's status; counters are the caller's."""
        ...

    async def release_place(self, activity_id: int, role: SignupRole) -> None:
        """One place of `role` freed (the counter down by one)."""
        ...

    async def first_waitlisted(self, activity_id: int, role: SignupRole) -> Signup | None: ...

    async def signups(
        self, activity_id: int, statuses: Iterable[SignupStatus] | None = None
    ) -> list[Signup]: ...

    async def mine(self, person_id: int, after: datetime) -> list[tuple[Activity, Signup]]:
        """The person's active sign-ups for activities not over yet."""
        ...

    async def audience(self, team_ids: Iterable[int]) -> list[int]:
        """The active volunteers of these teams."""
        ...

    async def follow(self, person_id: int, site_id: int, now: datetime) -> bool:
        """False when they already followed it."""
        ...

    async def unfollow(self, person_id: int, site_id: int) -> bool: ...

    async def follows(self, person_id: int) -> list[int]: ...

    async def followers(self, site_ids: Iterable[int]) -> list[int]: ...

    async def check_in(
        self, activity_id: int, person_id: int, how: CheckInHow, by_id: int | None, now: datetime
    ) -> bool:
        """False when they were already checked in (one check-in per person)."""
        ...

    async def uncheck(self, activity_id: int, person_id: int) -> bool: ...

    async def checkins(self, activity_id: int) -> list[CheckIn]: ...
