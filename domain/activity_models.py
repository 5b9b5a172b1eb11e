"""The value objects of activities (活动): storage returns these, `domain.activities`
decides with them. Apart from `domain.activities` so the port can name them
without importing the desk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.models import LocalName

# The deadline kinds activities schedule (`domain.activities` registers them).
OFFER_KIND = "activity.offer"  # ref: the sign-up offered a freed place
REMIND_KIND = "activity.remind"  # ref: the activity; a day and an hour before


class ActivityStatus(StrEnum):
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    CLOSED = "closed"  # after the event: attendance, beneficiaries and 结项 recorded


class Visibility(StrEnum):
    SUBTREE = "subtree"  # the site's whole subtree sees it
    TEAM = "team"  # only the team's volunteers (and the coordinators over it)


class SignupRole(StrEnum):
    VOLUNTEER = "volunteer"
    RESIDENT = "resident"


class SignupStatus(StrEnum):
    SIGNED = "signed"
    WAITLISTED = "waitlisted"
    OFFERED = "offered"  # a freed place, held until `offered_until`
    CANCELLED = "cancelled"


# Who holds a place: what the fill counters count.
HOLDS_PLACE = frozenset({SignupStatus.SIGNED, SignupStatus.OFFERED})
ACTIVE = frozenset({SignupStatus.SIGNED, SignupStatus.WAITLISTED, SignupStatus.OFFERED})


class CheckInHow(StrEnum):
    QR = "qr"  # the rotating code at the venue
    LOCATION = "location"  # a shared location inside the venue's radius
    STAFF = "staff"  # a volunteer or coordinator checked them in


@dataclass(frozen=True, slots=True)
class ActivityDraft:
    """Everything `/activity new` collects; times are aware (UTC or county time)."""

    title: LocalName
    category_code: str
    team_id: int | None
    site_id: int
    starts_at: datetime
    ends_at: datetime
    volunteer_quota: int
    resident_quota: int
    visibility: Visibility
    created_by: int
    lat: float | None = None
    lon: float | None = None
    poster_file_id: str | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    id: int
    title: LocalName
    category_code: str
    team_id: int | None
    site_id: int
    starts_at: datetime
    ends_at: datetime
    volunteer_quota: int
    resident_quota: int
    visibility: Visibility
    status: ActivityStatus
    created_by: int
    lat: float | None = None
    lon: float | None = None
    poster_file_id: str | None = None
    volunteers_signed: int = 0
    residents_signed: int = 0
    beneficiaries: dict[str, int] = field(default_factory=dict)
    report_text: str | None = None
    report_photos: tuple[str, ...] = ()

    def quota(self, role: SignupRole) -> int:
        return self.volunteer_quota if role is SignupRole.VOLUNTEER else self.resident_quota

    def signed(self, role: SignupRole) -> int:
        return self.volunteers_signed if role is SignupRole.VOLUNTEER else self.residents_signed

    @property
    def hours(self) -> float:
        """How long it runs, in hours (what a volunteer who served it is credited)."""
        return round((self.ends_at - self.starts_at).total_seconds() / 3600, 2)


@dataclass(frozen=True, slots=True)
class Signup:
    id: int
    activity_id: int
    person_id: int
    role: SignupRole
    status: SignupStatus
    position: int
    offered_until: datetime | None = None
    first_name: str = ""


@dataclass(frozen=True, slots=True)
class CheckIn:
    activity_id: int
    person_id: int
    how: CheckInHow
    at: datetime
    by_id: int | None = None
