"""Value objects of the powers part: volunteer applications and per-site tallies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ApplicationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Application:
    """A resident asking to volunteer at a site; a coordinator over it decides."""

    id: int
    user_id: int
    site_id: int
    status: ApplicationStatus
    created_at: datetime
    team_id: int | None = None  # set on approval
    decided_by: int | None = None
    decided_at: datetime | None = None
    first_name: str = ""  # the applicant's, for the coordinators' list


@dataclass(frozen=True, slots=True)
class SiteTally:
    """Counts that belong to one site itself (not its subtree)."""

    volunteers: int = 0  # active volunteers in teams at the site
    open_orders: int = 0  # new, offered or accepted orders placed at the site

    def __add__(self, other: SiteTally) -> SiteTally:
        return SiteTally(self.volunteers + other.volunteers, self.open_orders + other.open_orders)
