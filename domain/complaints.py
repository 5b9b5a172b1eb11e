"""Complaints and reopening, and the orders nobody took.

- A rating of 1-2 stars, or a comment the resident marks as a complaint, files one
  complaint per visit (order and volunteer). The coordinators over the order's site
  are told, with its card and history. The resident may have the order done again
  once (`reopen`): `rated -> new` (`Action.REDO`), back to dispatch with that
  volunteer barred. Their offer closes as declined, so no later wave, refill or
  release offers it to them again. "Once" is a compare-and-set on the complaint.
- An order still waiting after the last escalation level's time (`order.unclaimed`,
  scheduled by `Dispatcher.escalate`) is not forgotten: the resident is told it is
  delayed, with the point's phone number (its own, or the nearest above it), and may
  keep waiting (a fresh dispatch round, once per notice: `keep_waiting`) or cancel.
  The center's coordinators and the admins get a daily list of such orders
  (`order.unclaimed_digest`, rearmed each day while any is left).
- The coordinators' new-order notices are recorded (`record_notices`) so that the
  handlers can edit them as the order moves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain import lifecycle, notes
from domain.deadlines import DeadlineKinds
from domain.errors import Refused
from domain.lifecycle import Action
from domain.models import Deadline, OfferStatus, Order, OrderEvent, OrderStatus, SiteLevel
from domain.offers import DISPATCH, ESCALATE, TOP_LEVEL, UNCLAIMED, Dispatched, Dispatcher
from domain.ports.clock import Clock
from domain.ports.complaints import Complaint, OrderNotice
from domain.ports.database import Database, Tx
from domain.reference import Reference

DIGEST = "order.unclaimed_digest"  # the daily list of orders nobody took
DIGEST_REF = 0  # one digest for the county
DIGEST_AT = time(9, 0)  # county time
LOW_STARS = 2  # this many stars or fewer is a complaint
RATING, COMMENT = "rating", "comment"  # what made it a complaint


@dataclass(frozen=True, slots=True)
class Complained:
    """A complaint was filed: the coordinators over the site are to see the order."""

    order: Order
    complaint: Complaint
    events: list[OrderEvent]
    coordinators: list[int]
    reopenable: bool  # the resident may still have it done again


@dataclass(frozen=True, slots=True)
class Redone:
    """The order is back in dispatch after a complaint, without `barred`."""

    dispatched: Dispatched
    barred: int | None
    coordinators: list[int]


@dataclass(frozen=True, slots=True)
class Unclaimed:
    """Nobody took it after the last escalation: the resident is told, with a phone."""

    order: Order
    phone: str | None
    phone_site_id: int | None  # whose phone it is


@dataclass(frozen=True, slots=True)
class KeptWaiting:
    """The resident keeps waiting: the order is in dispatch again; they hear again
    when someone takes it, or by `hear_by` at the latest (the next delay notice)."""

    dispatched: Dispatched
    hear_by: datetime


@dataclass(frozen=True, slots=True)
class UnclaimedDigest:
    orders: list[Order]
    coordinators: list[int] = field(default_factory=list)


def _notice_unanswered(events: list[OrderEvent]) -> bool:
    """A delay notice was sent and not yet answered with Keep waiting."""
    for event in reversed(events):
        note = notes.decode(event.note)
        if note is not None and note.code == notes.DELAYED:
            return True
        if note is not None and note.code == notes.KEPT_WAITING:
            return False
    return False


def is_complaint(stars: int) -> bool:
    return stars <= LOW_STARS


def next_digest(now: datetime, zone: ZoneInfo) -> datetime:
    """The next `DIGEST_AT` in the county's time, strictly after `now`."""
    local = now.astimezone(zone)
    at = datetime.combine(local.date(), DIGEST_AT, zone)
    return at if at > local else datetime.combine(local.date() + timedelta(days=1), DIGEST_AT, zone)


class Complaints:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        dispatcher: Dispatcher,
        admins: frozenset[int] = frozenset(),
        reference: Reference | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._dispatcher = dispatcher
        self._admins = admins
        self._reference = reference or Reference(db, clock)

    async def file(self, order_id: int, resident_id: int, cause: str) -> Complained | None:
        """The resident complains about a rated order; None: this visit has one already."""
        async with self._db.transaction() as tx:
            order = await self._own(tx, order_id, resident_id)
            if order.status is not OrderStatus.RATED:
                raise Refused("complaint-not-rated", id=order_id)
            now = self._clock.now()
            complaint = await tx.complaints.file(
                order_id, resident_id, order.volunteer_id, cause, now
            )
            if complaint is None:
                return None
            await tx.orders.add_event(
                order_id, resident_id, order.status, notes.complaint(cause), now
            )
            earlier = await tx.complaints.for_order(order_id)
            return Complained(
                order,
                complaint,
                await tx.orders.events(order_id),
                await self._coordinators_over(tx, order.site_id),
                reopenable=not any(c.reopened_at for c in earlier),
            )

    async def reopen(self, order_id: int, resident_id: int) -> Redone:
        """Have the order done again by someone else: once per order."""
        async with self._db.transaction() as tx:
            order = await self._own(tx, order_id, resident_id)
            complaints = await tx.complaints.for_order(order_id)
            if not complaints:
                raise Refused("complaint-none", id=order_id)
            now = self._clock.now()
            latest = complaints[-1]
            if any(c.reopened_at for c in complaints) or not await tx.complaints.mark_reopened(
                latest.id, order_id, now
            ):
                raise Refused("complaint-reopened-once", id=order_id)
            barred = order.volunteer_id
            moved = await tx.orders.transition(
                order_id,
                lifecycle.allowed_from(Action.REDO),
                lifecycle.target(Action.REDO),
                resident_id,
                now,
                notes.redone(barred),
                volunteer_id=None,
                escalation=0,
            )
            if moved is None:
                raise Refused("complaint-not-rated", id=order_id)
            offers = await tx.offers.for_order(order_id)
            if barred is not None:  # their offer declined: no later wave asks them again
                offer = next((o for o in offers if o.volunteer_id == barred), None)
                ring = max((o.ring for o in offers), default=0)
                offer = offer or await tx.offers.create(order_id, barred, ring, now)
                await tx.offers.set_status(offer.id, OfferStatus.DECLINED)
            declined = {o.volunteer_id for o in offers if o.status is OfferStatus.DECLINED}
            excluded = declined | ({barred} if barred is not None else set())
            due = now + self._dispatcher.policy.dispatch_deadline
            await tx.deadlines.schedule(DISPATCH, order_id, due)
            dispatched = await self._dispatcher.wave(tx, moved, exclude=excluded)
            coordinators = await self._coordinators_over(tx, order.site_id)
            return Redone(dispatched, barred, coordinators)

    async def keep_waiting(self, order_id: int, resident_id: int) -> KeptWaiting:
        """The resident keeps waiting after a delay notice: the order goes back into
        dispatch with a fresh round (offers to the ranked volunteers again, who did
        not decline it, the dispatch deadline and the escalation after it), once per
        notice. A second press, or one with no notice unanswered, is refused."""
        async with self._db.transaction() as tx:
            order = await self._own(tx, order_id, resident_id)
            if order.status not in lifecycle.PENDING_STATUSES:
                raise Refused("order-not-pending", id=order_id)
            if not _notice_unanswered(await tx.orders.events(order_id)):
                raise Refused("unclaimed-kept-already", id=order_id)
            # The compare-and-set that makes it once: of two presses at once, one
            # finds the order still at the top level.
            if not await tx.orders.restart_escalation(order_id, order.escalation):
                raise Refused("unclaimed-kept-already", id=order_id)
            now = self._clock.now()
            await tx.orders.add_event(
                order_id, resident_id, order.status, notes.kept_waiting(), now
            )
            for kind in (DISPATCH, ESCALATE, UNCLAIMED):
                await tx.deadlines.cancel(kind, order_id, now)
            policy = self._dispatcher.policy
            await tx.deadlines.schedule(DISPATCH, order_id, now + policy.dispatch_deadline)
            offers = await tx.offers.for_order(order_id)
            declined = {o.volunteer_id for o in offers if o.status is OfferStatus.DECLINED}
            fresh = replace(order, escalation=0)
            dispatched = await self._dispatcher.wave(tx, fresh, exclude=declined)
            # Nobody takes it: the round climbs the levels again, and at the end of
            # the last one the resident hears again (at the latest).
            latest = now + policy.dispatch_deadline + TOP_LEVEL * policy.escalation_deadline
            return KeptWaiting(dispatched, latest)

    async def record_notices(self, notices: Iterable[OrderNotice]) -> None:
        wanted = list(notices)
        if wanted:
            async with self._db.transaction() as tx:
                await tx.complaints.add_notices(wanted)

    async def notices(self, order_id: int) -> list[OrderNotice]:
        async with self._db.read() as tx:
            return await tx.complaints.notices(order_id)

    # --- deadlines -----------------------------------------------------------

    def register(self, kinds: DeadlineKinds) -> None:
        kinds.register(UNCLAIMED, Unclaimed, self._unclaimed_due)
        kinds.register(DIGEST, UnclaimedDigest, self._digest_due)

    async def _unclaimed_due(self, tx: Tx, deadline: Deadline) -> Unclaimed | None:
        order = await tx.orders.get(deadline.ref_id)
        if (
            order is None
            or order.status not in lifecycle.PENDING_STATUSES
            or order.escalation < TOP_LEVEL
        ):
            return None
        now = self._clock.now()
        await tx.orders.add_event(order.id, None, order.status, notes.delayed(), now)
        if not await tx.deadlines.pending(DIGEST, DIGEST_REF):
            await tx.deadlines.schedule(DIGEST, DIGEST_REF, self._next_digest(now))
        phone, site_id = await self._phone(tx, order.site_id)
        return Unclaimed(order, phone, site_id)

    async def _digest_due(self, tx: Tx, deadline: Deadline) -> UnclaimedDigest | None:
        orders = await tx.complaints.unclaimed(TOP_LEVEL)
        if not orders:
            return None  # the next unclaimed order arms it again
        now = self._clock.now()
        await tx.deadlines.schedule(DIGEST, DIGEST_REF, self._next_digest(now))
        tree = await self._reference.sites(tx)
        centers = [s.id for s in tree.all() if s.level is SiteLevel.CENTER]
        coordinators = set(await tx.roles.coordinators_of(centers)) | self._admins
        return UnclaimedDigest(orders, sorted(coordinators))

    def _next_digest(self, now: datetime) -> datetime:
        return next_digest(now, self._dispatcher.policy.timezone)

    # --- internals -----------------------------------------------------------

    async def _phone(self, tx: Tx, site_id: int) -> tuple[str | None, int | None]:
        """The point's phone, else the nearest site above it that has one."""
        for site in (await self._reference.sites(tx)).ancestors(site_id):  # itself first
            phone = await tx.complaints.site_phone(site.id)
            if phone:
                return phone, site.id
        return None, None

    async def _coordinators_over(self, tx: Tx, site_id: int) -> list[int]:
        chain = [site.id for site in (await self._reference.sites(tx)).ancestors(site_id)]
        return await tx.roles.coordinators_of(chain)

    @staticmethod
    async def _own(tx: Tx, order_id: int, resident_id: int) -> Order:
        order = await tx.orders.get(order_id)
        if order is None:
            raise Refused("no-such-order", id=order_id)
        if order.resident_id != resident_id:
            raise Refused("not-your-order")
        return order
