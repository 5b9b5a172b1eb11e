"""派单: offer an order in waves to the best-ranked volunteers, escalate what nobody takes.

A wave offers the next `wave_size` ranked candidates and sets a deadline. When
everyone in it declined, or the deadline passes, the next wave goes out. When
candidates run out, or `dispatch_deadline` passes, the order is escalated to the
coordinators of its point, then (each `escalation_deadline` later) of its station,
then of the center (督办). Each wave, decline and escalation is an order_events row.

All methods work inside the caller's transaction and return what happened, so
deadlines fire in the same transaction that claimed them. `register` names the
order's deadline kinds and their handlers in a `domain.deadlines` registry; each
handler returns a `Dispatched` (or None: the order no longer needs it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from domain import lifecycle, notes, ranking
from domain.deadlines import DeadlineKinds
from domain.lifecycle import Action
from domain.models import (
    Deadline,
    Offer,
    OfferStatus,
    Order,
    OrderStatus,
    Site,
    SiteLevel,
    Volunteer,
)
from domain.ports.clock import Clock
from domain.ports.database import Tx
from domain.reference import Reference, SiteTree

# The order's deadline kinds (stored in `deadlines.kind`; renamed by migration 0009).
WAVE = "order.wave"  # the running wave's offers time out: the next wave
DISPATCH = "order.dispatch"  # the overall dispatch deadline: start escalating
ESCALATE = "order.escalate"  # one escalation level's time is up: the next level
REMIND = "order.remind"  # remind the resident to rate a finished order
# Nobody took it after the last level's time: the resident is told (`domain.complaints`).
UNCLAIMED = "order.unclaimed"
TOP_LEVEL = 3  # 1 point, 2 station, 3 center
SEARCH_KM = (2.0, 10.0)  # widen the search step by step; the last step is the county
SITES_TTL = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Policy:
    wave_size: int = 5
    offer_timeout: timedelta = timedelta(minutes=30)
    dispatch_deadline: timedelta = timedelta(hours=2)
    escalation_deadline: timedelta = timedelta(hours=1)
    rating_reminder: timedelta = timedelta(hours=24)
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))


@dataclass(frozen=True, slots=True)
class OfferNotice:
    offer_id: int
    volunteer: Volunteer


@dataclass(frozen=True, slots=True)
class Dispatched:
    """What one dispatch step did, for the handlers to tell people about."""

    order: Order
    offers: list[OfferNotice] = field(default_factory=list)
    exhausted: bool = False  # nobody left to offer it to
    escalated_to: int = 0  # the escalation level reached in this step, if any
    coordinators: list[int] = field(default_factory=list)  # to alert about this step
    remind: bool = False  # the resident should be reminded to rate


class Dispatcher:
    def __init__(
        self,
        clock: Clock,
        policy: Policy,
        admins: frozenset[int] = frozenset(),
        reference: Reference | None = None,
    ) -> None:
        self._clock = clock
        self.policy = policy
        self._admins = admins  # told at the center level, with its coordinators
        # The site tree, cached in process; every call passes its own transaction.
        self._reference = reference or Reference(None, clock, SITES_TTL)

    async def open(self, tx: Tx, order: Order) -> Dispatched:
        """A new order: set its overall deadline and send the first wave.

        Nothing was offered yet and no wave timer runs, so the first wave skips
        reading offers and cancelling timers, and both deadlines go in as one row set.
        """
        due = (DISPATCH, order.id, self._now() + self.policy.dispatch_deadline)
        return await self._wave(tx, order, [], {order.resident_id}, first=due)

    async def wave(self, tx: Tx, order: Order, exclude: Iterable[int] | None = None) -> Dispatched:
        """Offer the order to the next best volunteers, or escalate if none are left."""
        await tx.deadlines.cancel(WAVE, order.id, self._now())
        offers = await tx.offers.for_order(order.id)
        excluded = {o.volunteer_id for o in offers} if exclude is None else set(exclude)
        excluded.add(order.resident_id)
        return await self._wave(tx, order, offers, excluded)

    async def _wave(
        self,
        tx: Tx,
        order: Order,
        offers: list[Offer],
        excluded: set[int],
        first: tuple[str, int, datetime] | None = None,
    ) -> Dispatched:
        """`wave` once the earlier offers are known; `first` is a deadline to add
        (the new order's dispatch deadline), before the wave's own."""
        now = self._now()
        chosen = await self._best(tx, order, excluded)
        if not chosen:
            if first is not None:
                await tx.deadlines.schedule(*first)
            return await self._run_out(tx, order, offers)
        number = max((o.ring for o in offers), default=-1) + 1
        if order.status is OrderStatus.NEW:
            order = await self._move(tx, order, Action.OFFER, notes.wave(number)) or order
        else:
            await tx.orders.add_event(order.id, None, order.status, notes.wave(number), now)
        # One INSERT for the wave; an offer made before the order was released opens again.
        created = await tx.offers.create_many(order.id, [v.user_id for v in chosen], number, now)
        notices = [OfferNotice(o.id, v) for o, v in zip(created, chosen, strict=True)]
        timers = [] if first is None else [first]
        await tx.deadlines.schedule_many(
            [*timers, (WAVE, order.id, now + self.policy.offer_timeout)]
        )
        return Dispatched(order, notices)

    async def refill(self, tx: Tx, order: Order, count: int) -> Dispatched:
        """`count` offers of the running wave were withdrawn unseen: offer the order
        to as many of the next ranked volunteers, in the same wave and under its
        timer. With nobody left and no offer open, it goes on as if all declined."""
        offers = await tx.offers.for_order(order.id)
        excluded = {o.volunteer_id for o in offers} | {order.resident_id}
        chosen = await self._best(tx, order, excluded, count)
        if not chosen:
            if any(o.status is OfferStatus.OPEN for o in offers):
                return Dispatched(order)
            return await self.wave(tx, order)
        ring = max((o.ring for o in offers), default=0)
        created = await tx.offers.create_many(
            order.id, [v.user_id for v in chosen], ring, self._now()
        )
        # Withdrawn offers leave no trace on the order otherwise: the history says why
        # others were asked in the middle of a wave.
        await tx.orders.add_event(order.id, None, order.status, notes.refilled(count), self._now())
        return Dispatched(
            order, [OfferNotice(o.id, v) for o, v in zip(created, chosen, strict=True)]
        )

    async def escalate(self, tx: Tx, order: Order) -> Dispatched:
        """Hand the order up one level (point, station, center), skipping levels with
        no coordinators, and set the deadline for the next level."""
        now = self._now()
        chain = (await self._reference.sites(tx)).ancestors(order.site_id)
        for level in range(order.escalation + 1, TOP_LEVEL + 1):
            site = _level_site(chain, level)
            coordinators = await tx.roles.coordinators_of([site.id]) if site else []
            if level == TOP_LEVEL:
                coordinators = sorted(set(coordinators) | self._admins)
            if not coordinators and level < TOP_LEVEL:
                continue
            await tx.orders.set_fields(order.id, escalation=level)
            await tx.orders.add_event(order.id, None, order.status, notes.escalated(level), now)
            await tx.deadlines.cancel(ESCALATE, order.id, now)
            due = now + self.policy.escalation_deadline
            # The last level's time up, the order is not forgotten: `domain.complaints`.
            await tx.deadlines.schedule(ESCALATE if level < TOP_LEVEL else UNCLAIMED, order.id, due)
            return Dispatched(
                replace(order, escalation=level), escalated_to=level, coordinators=coordinators
            )
        return Dispatched(order)

    def register(self, kinds: DeadlineKinds) -> None:
        """Name the order's deadline kinds and what each does when due."""
        kinds.register(WAVE, Dispatched, self._wave_due)
        kinds.register(DISPATCH, Dispatched, self._dispatch_due)
        kinds.register(ESCALATE, Dispatched, self._escalate_due)
        kinds.register(REMIND, Dispatched, self._remind_due)

    async def _wave_due(self, tx: Tx, deadline: Deadline) -> Dispatched | None:
        order = await tx.orders.get(deadline.ref_id)
        if order is None or order.status not in lifecycle.PENDING_STATUSES:
            return None
        note = notes.wave_timed_out()
        await tx.orders.add_event(order.id, None, order.status, note, self._now())
        return await self.wave(tx, order)

    async def _dispatch_due(self, tx: Tx, deadline: Deadline) -> Dispatched | None:
        # Starts escalating, unless running out of candidates already did.
        order = await tx.orders.get(deadline.ref_id)
        if order is None or order.status not in lifecycle.PENDING_STATUSES or order.escalation:
            return None
        return await self.escalate(tx, order)

    async def _escalate_due(self, tx: Tx, deadline: Deadline) -> Dispatched | None:
        order = await tx.orders.get(deadline.ref_id)
        if order is None or order.status not in lifecycle.PENDING_STATUSES:
            return None
        return await self.escalate(tx, order) if order.escalation < TOP_LEVEL else None

    async def _remind_due(self, tx: Tx, deadline: Deadline) -> Dispatched | None:
        order = await tx.orders.get(deadline.ref_id)
        if order is None or order.status is not OrderStatus.DONE:
            return None
        return Dispatched(order, remind=True)

    async def settle(self, tx: Tx, order_id: int) -> None:
        """The order left dispatch (taken or cancelled): its timers stop."""
        now = self._now()
        for kind in (WAVE, DISPATCH, ESCALATE):
            await tx.deadlines.cancel(kind, order_id, now)

    async def remind_later(self, tx: Tx, order_id: int) -> None:
        await tx.deadlines.schedule(REMIND, order_id, self._now() + self.policy.rating_reminder)

    # --- internals ---------------------------------------------------------

    async def _run_out(self, tx: Tx, order: Order, offers: list[Offer]) -> Dispatched:
        if order.status is OrderStatus.OFFERED and not any(
            o.status is OfferStatus.OPEN for o in offers
        ):
            order = await self._move(tx, order, Action.REOPEN, notes.no_volunteers()) or order
        escalated = await self.escalate(tx, order) if order.escalation == 0 else Dispatched(order)
        return replace(escalated, exhausted=True)

    async def _best(
        self, tx: Tx, order: Order, excluded: set[int], wanted: int | None = None
    ) -> list[Volunteer]:
        return [r.volunteer for r in await self.ranked(tx, order, excluded, wanted)]

    async def ranked(
        self, tx: Tx, order: Order, excluded: set[int], wanted: int | None = None
    ) -> list[ranking.Ranked]:
        """The best `wanted` (else a wave's worth) for `order`, ranked as a wave is:
        also what a coordinator's candidate buttons show (`domain.candidates`)."""
        tree = await self._reference.sites(tx)
        sites = tree.by_id
        point = sites.get(order.site_id)
        station = sites.get(point.parent_id) if point and point.parent_id else None
        if station is not None and station.level is not SiteLevel.STATION:
            station = None
        lat = order.lat if order.lat is not None else (point.lat if point else None)
        lon = order.lon if order.lon is not None else (point.lon if point else None)
        place = ranking.Place(order.site_id, station.id if station else None, lat, lon)
        local = self._now().astimezone(self.policy.timezone).time()
        near = {order.site_id} | ({station.id} | _children(tree, station.id) if station else set())
        wave_size = wanted or self.policy.wave_size
        for radius in (*SEARCH_KM, None):
            if radius is None or lat is None or lon is None:
                site_ids = set(sites)
            else:
                site_ids = near | set(ranking.sites_within(tree.all(), lat, lon, radius))
            # Quiet hours and a per-site pre-limit in SQL: the ranking below reads at
            # most `wave_size` rows per site instead of every fitting volunteer.
            found = await tx.volunteers.candidates(
                order.category_code,
                site_ids,
                excluded,
                per_site=wave_size,
                awake_at=local.hour * 60 + local.minute,
            )
            awake = [v for v in found if not ranking.in_quiet_hours(v, local)]
            if len(awake) >= wave_size or radius is None or lat is None:
                return ranking.rank(awake, place, sites)[:wave_size]
        return []

    async def _move(self, tx: Tx, order: Order, action: Action, note: str) -> Order | None:
        return await tx.orders.transition(
            order.id,
            lifecycle.allowed_from(action),
            lifecycle.target(action),
            None,
            self._now(),
            note,
        )

    def _now(self) -> datetime:
        return self._clock.now()


def _children(tree: SiteTree, parent_id: int) -> set[int]:
    return {s.id for s in tree.children(parent_id)}


def _level_site(chain: list[Site], level: int) -> Site | None:
    wanted = {1: SiteLevel.POINT, 2: SiteLevel.STATION, 3: SiteLevel.CENTER}[level]
    return next((s for s in chain if s.level is wanted), None)
