"""Plain value objects the domain works with; storage returns these, never ORM rows.

One flat module for every aggregate (`domain.ports` says which owns what);
the audit trail's entries live in `domain.audit`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.when import When


class SiteLevel(StrEnum):
    CENTER = "center"  # 实践中心
    STATION = "station"  # 实践所
    POINT = "point"  # 实践站


class OrderStatus(StrEnum):
    NEW = "new"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DONE = "done"
    RATED = "rated"
    CANCELLED = "cancelled"


class OfferStatus(StrEnum):
    OPEN = "open"
    DECLINED = "declined"
    WON = "won"
    TAKEN = "taken"  # someone else won, or the order left dispatch
    WITHDRAWN = "withdrawn"


class Role(StrEnum):
    COORDINATOR = "coordinator"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class LocalName:
    """A name in both languages; `pick` falls back to Chinese."""

    zh: str
    en: str

    def pick(self, locale: str) -> str:
        return self.en if locale.startswith("en") and self.en else self.zh


@dataclass(frozen=True, slots=True)
class Site:
    id: int
    parent_id: int | None
    level: SiteLevel
    name: LocalName
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name: LocalName
    sort: int = 0


@dataclass(frozen=True, slots=True)
class Service:
    id: int
    code: str
    category_code: str
    name: LocalName
    retired: bool = False


@dataclass(frozen=True, slots=True)
class Team:
    id: int
    code: str
    name: LocalName
    site_id: int
    category_code: str


# The channel every person of before migration 0011 came through.
TELEGRAM = "telegram"


@dataclass(frozen=True, slots=True)
class Address:
    """One way to reach a person: a channel and their address on it (for Telegram
    the user id, as text). Personal data: never logged."""

    channel: str
    address: str


@dataclass(frozen=True, slots=True)
class UserProfile:
    """Everyone who has talked to the bot; `locale` None means "use Telegram's".

    `id` is the person's id, not a chat id: they are reached at their `Address`es.
    """

    id: int
    first_name: str
    username: str | None = None
    locale: str | None = None
    home_site_id: int | None = None
    phone: str | None = None
    unreachable: bool = False
    notice_at: datetime | None = None  # when the privacy notice was shown; None: not yet


@dataclass(frozen=True, slots=True)
class Volunteer:
    user_id: int
    first_name: str
    team_id: int
    site_id: int
    category_code: str
    active: bool = True
    hours: float = 0.0
    points: int = 0
    available: bool = True  # /available off pauses offers
    quiet_start: int | None = None  # minutes after local midnight
    quiet_end: int | None = None
    open_tasks: int = 0
    rating_total: int = 0
    rating_count: int = 0
    last_task_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RoleGrant:
    user_id: int
    role: Role
    site_id: int | None  # None for admins: everywhere


@dataclass(frozen=True, slots=True)
class OrderDraft:
    """What the order conversation collects before the resident confirms."""

    resident_id: int
    service_id: int
    site_id: int
    when: When  # a date in the county's time zone (or "by" a date: this week)
    details: str = ""
    lat: float | None = None
    lon: float | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Order:
    id: int
    resident_id: int
    service_id: int
    category_code: str
    site_id: int
    when: When
    status: OrderStatus
    created_at: datetime
    updated_at: datetime
    details: str = ""
    lat: float | None = None
    lon: float | None = None
    phone: str | None = None
    volunteer_id: int | None = None
    rating: int | None = None
    comment: str | None = None
    hours: float | None = None
    escalation: int = 0  # 0 none; 1 point; 2 station; 3 center coordinators (督办)


@dataclass(frozen=True, slots=True)
class OrderEvent:
    order_id: int
    actor_id: int | None
    from_status: OrderStatus | None
    to_status: OrderStatus
    at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class Offer:
    id: int
    order_id: int
    volunteer_id: int
    ring: int
    status: OfferStatus
    message_id: int | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    """Something due at a time: an offer wave running out, an escalation, a reminder."""

    id: int
    kind: str
    ref_id: int
    due_at: datetime


@dataclass(slots=True)
class Catalogue:
    """The menu residents order from: categories in order, services under each."""

    categories: list[Category] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)

    def services_in(self, category_code: str) -> list[Service]:
        return [s for s in self.services if s.category_code == category_code and not s.retired]

    def service(self, service_id: int) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)


# --- applications to volunteer, and per-site tallies -------------------------


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
