"""Ports: what the domain needs from the outside world, as typing Protocols.

`storage/` implements them (SQL repositories, memory and Redis state stores);
the domain and the layers above only ever see these shapes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from domain.admin_ports import ApplicationRepo, InviteRepo, StaffRepo
from domain.audit_ports import AuditRepo
from domain.models import (
    Catalogue,
    Category,
    Deadline,
    LocalName,
    Offer,
    OfferStatus,
    Order,
    OrderDraft,
    OrderEvent,
    OrderStatus,
    Role,
    RoleGrant,
    Service,
    Site,
    SiteLevel,
    Team,
    UserProfile,
    Volunteer,
)
from domain.privacy_ports import PrivacyRepo


class Clock(Protocol):
    """Time, injectable so tests move it instead of sleeping. Always timezone-aware UTC."""

    def now(self) -> datetime: ...


# --- SQL repositories -------------------------------------------------------


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

    async def locales(self, user_ids: Iterable[int]) -> dict[int, str | None]:
        """The chosen locale of each known user (None: never chose); one query."""
        ...

    async def upsert(self, user_id: int, first_name: str, username: str | None) -> UserProfile:
        """Create the user or refresh their names; keeps locale, home site and phone."""
        ...

    async def set_locale(self, user_id: int, locale: str) -> None: ...

    async def set_home_site(self, user_id: int, site_id: int) -> None: ...

    async def set_phone(self, user_id: int, phone: str) -> None: ...

    async def set_unreachable(self, user_id: int, unreachable: bool) -> None: ...


class SiteRepo(Protocol):
    async def get(self, site_id: int) -> Site | None: ...

    async def all(self) -> list[Site]: ...

    async def children(self, site_id: int | None) -> list[Site]:
        """Direct children, ordered by id; `None` gives the roots (the center)."""
        ...

    async def ancestors(self, site_id: int) -> list[Site]:
        """The site itself first, then its parent, up to the root."""
        ...

    async def subtree_ids(self, site_id: int) -> list[int]:
        """The site and every site below it."""
        ...

    async def upsert(
        self,
        site_id: int,
        parent_id: int | None,
        level: SiteLevel,
        name: LocalName,
        lat: float | None,
        lon: float | None,
    ) -> Site: ...


class CatalogueRepo(Protocol):
    async def load(self) -> Catalogue:
        """All categories (by sort, code) and services (by id), retired ones included."""
        ...

    async def upsert_category(self, code: str, name: LocalName, sort: int) -> Category: ...

    async def upsert_service(
        self, code: str, category_code: str, name: LocalName, retired: bool = False
    ) -> Service:
        """Keyed by `code`; the id of an existing service never changes."""
        ...


class TeamRepo(Protocol):
    async def by_code(self, code: str) -> Team | None: ...

    async def get(self, team_id: int) -> Team | None: ...

    async def upsert(
        self, code: str, name: LocalName, site_id: int, category_code: str
    ) -> Team: ...


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

    async def add_hours(self, user_id: int, hours: float, points: int) -> None: ...

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


class RoleRepo(Protocol):
    async def grants(self, user_id: int) -> list[RoleGrant]: ...

    async def grant(self, user_id: int, role: Role, site_id: int | None) -> None:
        """Idempotent."""
        ...

    async def coordinators_of(self, site_ids: Iterable[int]) -> list[int]:
        """User ids holding the coordinator role at any of `site_ids`, ascending."""
        ...


class OrderRepo(Protocol):
    async def create(self, draft: OrderDraft, category_code: str, now: datetime) -> Order:
        """Insert with status `new` and its first `order_events` row (from None to new)."""
        ...

    async def get(self, order_id: int) -> Order | None: ...

    async def transition(
        self,
        order_id: int,
        allowed_from: Iterable[OrderStatus],
        to: OrderStatus,
        actor_id: int | None,
        now: datetime,
        note: str = "",
        **fields: Any,
    ) -> Order | None:
        """Compare-and-set: move to `to` only if the status is one of `allowed_from`.

        `fields` (volunteer_id, rating, comment, hours) are written in the same
        UPDATE. Appends the `order_events` row in the same transaction. Returns
        the updated order, or None if the order was not in an allowed status.
        """
        ...

    async def set_fields(self, order_id: int, **fields: Any) -> None:
        """Write fields that are not a transition (e.g. the rating comment)."""
        ...

    async def add_event(
        self,
        order_id: int,
        actor_id: int | None,
        status: OrderStatus,
        note: str,
        now: datetime,
    ) -> None:
        """An audit row that is not a status change (from == to), e.g. a dispatch wave."""
        ...

    async def events(self, order_id: int) -> list[OrderEvent]:
        """Oldest first."""
        ...

    async def by_resident(self, resident_id: int, limit: int = 20) -> list[Order]:
        """Newest first."""
        ...

    async def by_volunteer(self, volunteer_id: int, statuses: Iterable[OrderStatus]) -> list[Order]:
        """Oldest first."""
        ...

    async def pending(self, site_ids: Iterable[int], limit: int = 50) -> list[Order]:
        """Status new or offered, at one of `site_ids`, oldest first."""
        ...


class OfferRepo(Protocol):
    async def create(self, order_id: int, volunteer_id: int, ring: int, now: datetime) -> Offer:
        """One offer per (order, volunteer); creating it again returns the existing one."""
        ...

    async def get(self, order_id: int, volunteer_id: int) -> Offer | None: ...

    async def for_order(self, order_id: int) -> list[Offer]:
        """By id."""
        ...

    async def set_message(self, offer_id: int, message_id: int) -> None: ...

    async def set_messages(self, pairs: Iterable[tuple[int, int]]) -> list[Offer]:
        """Record many (offer_id, message_id) at once; the offers as they are now, by id."""
        ...

    async def create_many(
        self, order_id: int, volunteer_ids: Iterable[int], ring: int, now: datetime
    ) -> list[Offer]:
        """`create` for a whole wave in one statement, in the order of `volunteer_ids`.

        An offer that exists already (the order was released and is offered again)
        keeps its ring and is opened again."""
        ...

    async def set_status(
        self, offer_id: int, status: OfferStatus, expected: OfferStatus | None = None
    ) -> bool:
        """Compare-and-set when `expected` is given; True if the row changed."""
        ...

    async def close_open(self, order_id: int, status: OfferStatus) -> list[Offer]:
        """Move every OPEN offer of the order to `status`; return them (new status)."""
        ...


class DeadlineRepo(Protocol):
    async def schedule(self, kind: str, ref_id: int, due_at: datetime) -> None: ...

    async def schedule_many(self, due: Iterable[tuple[str, int, datetime]]) -> None:
        """Several `schedule`s in one statement, inserted in the given order."""
        ...

    async def claim_due(self, now: datetime, limit: int = 1) -> list[Deadline]:
        """Due, unfired deadlines, locked for this transaction (others skip them)."""
        ...

    async def mark_fired(self, deadline_id: int, now: datetime, worker: str = "") -> None: ...

    async def cancel(self, kind: str, ref_id: int, now: datetime) -> None:
        """Settle the pending deadlines of one kind for one thing."""
        ...

    async def next_due(self) -> datetime | None: ...

    async def pending(self, kind: str, ref_id: int) -> list[Deadline]: ...


class Tx(Protocol):
    """One transaction: the repositories share it and commit together."""

    users: UserRepo
    sites: SiteRepo
    catalogue: CatalogueRepo
    teams: TeamRepo
    volunteers: VolunteerRepo
    roles: RoleRepo
    orders: OrderRepo
    offers: OfferRepo
    deadlines: DeadlineRepo
    applications: ApplicationRepo
    staff: StaffRepo
    invites: InviteRepo
    privacy: PrivacyRepo
    audit: AuditRepo


class Database(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        """Commit on a clean exit, roll back on an exception."""
        ...

    def read(self) -> AbstractAsyncContextManager[Tx]:
        """For a look-up of one statement: no BEGIN / COMMIT where the backend can
        skip them (two round trips each on PostgreSQL). Each statement stands alone,
        so never write through it: writes go in a `transaction()`."""
        ...


# --- Conversation state and coordination (memory or Redis) -----------------


@dataclass(frozen=True, slots=True)
class StateKey:
    bot_id: int
    chat_id: int
    user_id: int

    def key(self, prefix: str = "conv") -> str:
        return f"{prefix}:{self.bot_id}:{self.chat_id}:{self.user_id}"


@dataclass(frozen=True, slots=True)
class ConversationState:
    flow: str
    step: str
    version: int
    updated_at: float  # unix seconds, from the Clock
    data: dict[str, Any] = field(default_factory=dict)


class StateStore(Protocol):
    async def get(self, key: StateKey) -> ConversationState | None: ...

    async def put(self, key: StateKey, state: ConversationState, expected: int | None) -> bool:
        """Write `state` if the stored version equals `expected` (absent counts as 0).

        `expected=None` writes unconditionally. Returns False when the version did
        not match: someone else advanced the conversation first.
        """
        ...

    async def delete(self, key: StateKey, expected: int | None = None) -> bool:
        """Delete, compare-and-set like `put`; deleting an absent key is True only if
        expected is None or 0."""
        ...

    async def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class StoredUpdate:
    """One received update as the inbox keeps it until it is handled."""

    update_id: int
    payload: str


@dataclass(frozen=True, slots=True)
class NewUpdate:
    """One update of a received batch, to store in its chat's inbox."""

    chat_id: int
    update_id: int
    payload: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An update the transport could not parse, set aside for inspection (never handled)."""

    update_id: int
    raw: str  # the update as received: holds personal data, so it is never logged
    error: str


@dataclass(frozen=True, slots=True)
class AsideUpdate:
    """An update set aside instead of handled (the handler failed on it every time,
    or it could not be read), kept with why for someone to look at."""

    update_id: int
    chat_id: int
    reason: str
    payload: str


class UpdateInbox(Protocol):
    """Updates received but not yet handled, per chat, and whose turn it is to handle them.

    The receiver stores an update before it acknowledges it. A chat is handled in
    turns: `claim` takes the chat's lease and gives its oldest update; `done` marks
    that one handled and gives the next, until none is left, when the same step
    lets the lease go. Because storing and letting go are each one atomic step, an
    update stored while a turn runs is either seen by that turn or finds the chat
    free, so nothing waits for a janitor in the normal course. A worker that dies
    mid-turn loses nothing: its lease runs out after `lease` seconds.
    """

    lease: float  # seconds a turn keeps its chat without `done` or `renew`

    async def put(self, bot_id: int, chat_id: int, update_id: int, payload: str) -> bool:
        """Store an update unless it is stored or done already; True when it was new."""
        ...

    async def put_many(self, bot_id: int, updates: Sequence[NewUpdate]) -> list[bool]:
        """`put` for a whole batch in one round trip; True for each update that was new.

        Polling stores a fetched batch this way before it asks for the next one,
        which confirms this one to Telegram."""
        ...

    async def put_unreadable(self, bot_id: int, updates: Sequence[Unreadable]) -> None:
        """Keep updates that could not be parsed for inspection, for a limited time."""
        ...

    async def unreadable(self, bot_id: int, limit: int = 100) -> list[Unreadable]:
        """The newest updates set aside as unreadable, oldest first."""
        ...

    async def claim(
        self, bot_id: int, chat_id: int, holder: str, first: StoredUpdate | None = None
    ) -> StoredUpdate | None:
        """Store `first` as `put` would, then take the chat's lease for `holder` and
        return its oldest stored update.

        None when the chat has nothing stored (no lease is taken) or another
        holder's lease is live (that turn will see what was stored)."""
        ...

    async def done(
        self, bot_id: int, chat_id: int, update_id: int, holder: str
    ) -> StoredUpdate | None:
        """Forget a handled update, refuse it if it is delivered again, and return the
        chat's next stored update with the lease renewed.

        None ends the turn: nothing is left (the lease is let go in the same step)
        or the lease was lost to another holder."""
        ...

    async def set_aside(
        self, bot_id: int, chat_id: int, update_id: int, holder: str, reason: str
    ) -> StoredUpdate | None:
        """As `done`, but the update is kept among the set-aside ones with `reason`
        (a short word, never user data), for inspection."""
        ...

    async def aside(self, bot_id: int, limit: int = 100) -> list[AsideUpdate]:
        """Up to `limit` set-aside updates, oldest update id first."""
        ...

    async def release(self, bot_id: int, chat_id: int, holder: str) -> None:
        """Let the lease go before the turn's end (shutdown, failure); what is still
        stored waits for the next update or the janitor."""
        ...

    async def renew(self, bot_id: int, leases: Mapping[int, str]) -> set[int]:
        """Extend the leases held on these chats (chat -> holder); returns the chats
        whose lease had already gone to someone else or run out."""
        ...

    async def chats(self, bot_id: int, limit: int = 100) -> list[int]:
        """Up to `limit` chats that have stored updates (for the janitor's round)."""
        ...


class FloodGate(Protocol):
    """Counts each user's updates per window, shared by every worker (per bot)."""

    window: float  # seconds a window lasts, from the first update counted in it

    async def hit(self, bot_id: int, user_id: int) -> int:
        """Count one more update of `user_id`; how many the window now holds (1: the
        first, which opened it)."""
        ...
