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
    """A resident asking to volunteer at a site; a coordinator over it decides.

    `team_id` is the team asked for (`/join <team code>`: set from the start, and
    `site_id` is that team's site) or, for `/join` alone, the one chosen on approval.
    """

    id: int
    user_id: int
    site_id: int
    status: ApplicationStatus
    created_at: datetime
    team_id: int | None = None
    decided_by: int | None = None
    decided_at: datetime | None = None
    first_name: str = ""  # the applicant's, for the coordinators' list
    reason_code: str | None = None  # a rejection's common reason (see REJECT_REASONS)
    reason: str | None = None  # or the words the coordinator typed


# The common reasons a coordinator rejects with by a button (locale `reject-reason-<code>`).
REJECT_REASONS = ("unknown", "outside", "full")
REASON_MAX = 200  # characters of a typed reason that are kept


@dataclass(frozen=True, slots=True)
class Notice:
    """The Approve / Reject message one coordinator was sent about an application."""

    user_id: int
    message_id: int


@dataclass(frozen=True, slots=True)
class SiteTally:
    """Counts that belong to one site itself (not its subtree)."""

    volunteers: int = 0  # active volunteers in teams at the site
    open_orders: int = 0  # new, offered or accepted orders placed at the site

    def __add__(self, other: SiteTally) -> SiteTally:
        return SiteTally(self.volunteers + other.volunteers, self.open_orders + other.open_orders)
