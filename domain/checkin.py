"""Check-in at the door: the volunteer proves they came, and the hours follow the visit.

Two ways in, both once per order (the `checkins` row's primary key decides a race):

- a location (live or one-off) within `radius_m` of the order's place
  (`order_place_coordinates`); farther away is refused with `checkin-too-far`;
- the resident's QR code: `/start ci_<token>`, a token signed for the order
  (`domain.checkin_tokens`) that expires and is recorded as used in the same
  transaction that checks in, so a photo of it passed around works once at most.

The check-in time caps the hours credited at done (`credited_hours`, called by
`OrderDesk.finish`): no more than check-in to done, rounded up to the half hour.
The hours reported are kept; a coordinator over the order's site may credit them in
full (`approve`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import checkin_tokens, ledger
from domain.errors import Refused
from domain.geo import haversine_km
from domain.models import Order, OrderStatus, Site
from domain.order_details_models import OrderDetails
from domain.order_details_models import Visit as DetailsVisit
from domain.ports.checkin import CheckIn
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.reference import Reference
from domain.roles import Authority

DEFAULT_RADIUS_M = 200.0
DEFAULT_TOKEN_TTL = timedelta(minutes=30)
STEP_HOURS = 0.5  # the cap is rounded up to this, and never below it


def order_place_coordinates(
    order: Order, site: Site | None, details: OrderDetails | None = None
) -> tuple[float, float] | None:
    """Where the visit happens, as (latitude, longitude); None when unknown.

    The order's own place when it has one (the house's location pin, or the
    location the resident shared for it: `orders.lat` / `lon`, which dispatch
    measures to as well), unless the resident comes to the station (到站); else
    the order's point."""
    at_station = details is not None and details.visit is DetailsVisit.STATION
    if order.lat is not None and order.lon is not None and not at_station:
        return order.lat, order.lon
    if site is None or site.lat is None or site.lon is None:
        return None
    return site.lat, site.lon


def cap_hours(checked_in_at: datetime, done_at: datetime) -> float:
    """The most hours a visit from `checked_in_at` to `done_at` is credited: the time
    between, rounded up to the half hour, at least half an hour."""
    elapsed = max(0.0, (done_at - checked_in_at).total_seconds() / 3600)
    return max(STEP_HOURS, math.ceil(elapsed / STEP_HOURS - 1e-9) * STEP_HOURS)


async def credited_hours(tx: Tx, order_id: int, reported: float, now: datetime) -> float:
    """The hours to credit at done: `reported`, capped by the check-in when there is
    one (the reported hours are then kept, for a coordinator to approve)."""
    checkin = await tx.checkins.get(order_id)
    if checkin is None:
        return reported
    cap = cap_hours(checkin.at, now)
    if reported <= cap:
        return reported
    await tx.checkins.set_claimed(order_id, reported)
    return cap


@dataclass(frozen=True, slots=True)
class CheckedIn:
    order: Order
    checkin: CheckIn


@dataclass(frozen=True, slots=True)
class QrIssued:
    order: Order
    token: str  # what goes after `ci_`
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Capped:
    """The hours reported at done were more than the check-in allows."""

    order: Order
    reported: float
    credited: float
    coordinators: list[int]  # who may approve the rest


@dataclass(frozen=True, slots=True)
class Approved:
    order: Order
    volunteer_id: int
    hours: float  # now credited in all
    added: float
    level: ledger.LevelReached | None = None  # a star level the added hours reached


class Checkins:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        authority: Authority,
        reference: Reference,
        key: bytes,
        radius_m: float = DEFAULT_RADIUS_M,
        token_ttl: timedelta = DEFAULT_TOKEN_TTL,
    ) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._reference = reference
        self._key = key
        self.radius_m = radius_m
        self._ttl = token_ttl

    async def by_location(self, volunteer_id: int, lat: float, lon: float) -> CheckedIn | None:
        """Check in at the nearest place of the volunteer's tasks still waiting for
        one; None when none waits (the location is not a check-in)."""
        async with self._db.transaction() as tx:
            waiting = [
                order
                for order in await tx.orders.by_volunteer(volunteer_id, [OrderStatus.ACCEPTED])
                if await tx.checkins.get(order.id) is None
            ]
            if not waiting:
                return None
            sites = await self._reference.sites(tx)
            placed = []
            for order in waiting:
                details = await tx.order_details.get(order.id)
                where = order_place_coordinates(order, sites.get(order.site_id), details)
                if where is not None:
                    placed.append((haversine_km(lat, lon, *where) * 1000, order))
            if not placed:
                raise Refused("checkin-no-place")
            distance, order = min(placed, key=lambda pair: pair[0])
            if distance > self.radius_m:
                raise Refused(
                    "checkin-too-far", distance=round(distance), radius=round(self.radius_m)
                )
            checkin = CheckIn(order.id, volunteer_id, self._clock.now(), "location", distance)
            if not await tx.checkins.add(checkin):
                raise Refused("checkin-already", id=order.id)
            return CheckedIn(order, checkin)

    async def issue(self, order_id: int, resident_id: int) -> QrIssued:
        """A fresh QR token for the resident to show at the door."""
        async with self._db.read() as tx:
            order = await self._order(tx, order_id)
            if order.resident_id != resident_id:
                raise Refused("not-your-order")
            if order.status is not OrderStatus.ACCEPTED:
                raise Refused("order-not-open", id=order_id)
            if await tx.checkins.get(order_id) is not None:
                raise Refused("checkin-already", id=order_id)
        token = checkin_tokens.new_token(order_id, self._clock.now() + self._ttl)
        return QrIssued(order, checkin_tokens.encode(token, self._key), token.expires_at)

    async def by_token(self, volunteer_id: int, text: str) -> CheckedIn:
        """`/start ci_<token>` from the volunteer's phone: check in, once."""
        token = checkin_tokens.decode(text, self._key)
        if token is None:
            raise Refused("checkin-token-invalid")
        now = self._clock.now()
        if token.expired(now):
            raise Refused("checkin-token-expired")
        async with self._db.transaction() as tx:
            order = await self._order(tx, token.order_id)
            if order.volunteer_id != volunteer_id:
                raise Refused("not-your-task")
            if order.status is not OrderStatus.ACCEPTED:
                raise Refused("order-not-open", id=order.id)
            if not await tx.checkins.use_token(token.token_id, order.id, now):
                raise Refused("checkin-token-used")
            checkin = CheckIn(order.id, volunteer_id, now, "qr")
            if not await tx.checkins.add(checkin):
                raise Refused("checkin-already", id=order.id)
            return CheckedIn(order, checkin)

    async def capped(self, order_id: int) -> Capped | None:
        """After done: whether the check-in capped the hours, and who may approve more."""
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            checkin = await tx.checkins.get(order_id)
            if checkin is None or checkin.claimed_hours is None or order.hours is None:
                return None
            if checkin.approved_by is not None or checkin.claimed_hours <= order.hours:
                return None
            chain = [site.id for site in (await self._reference.sites(tx)).ancestors(order.site_id)]
            coordinators = await tx.roles.coordinators_of(chain)
            return Capped(order, checkin.claimed_hours, order.hours, coordinators)

    async def approve(self, order_id: int, coordinator_id: int) -> Approved:
        """Credit the hours the volunteer reported, past the check-in's cap."""
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
            checkin = await tx.checkins.get(order_id)
            if checkin is not None and checkin.approved_by is not None:
                raise Refused("checkin-approved-already", id=order_id)
            if (
                checkin is None
                or checkin.claimed_hours is None
                or order.hours is None
                or order.volunteer_id is None
                or order.status not in (OrderStatus.DONE, OrderStatus.RATED)
                or checkin.claimed_hours <= order.hours
            ):
                raise Refused("checkin-nothing-to-approve", id=order_id)
            if not await tx.checkins.approve(order_id, coordinator_id):
                raise Refused("checkin-approved-already", id=order_id)
            claimed, credited = checkin.claimed_hours, order.hours
            await tx.orders.set_fields(order_id, hours=claimed)
            added = await ledger.credit_hours(
                tx,
                order.volunteer_id,
                claimed - credited,
                f"order:{order_id}",
                actor_id=coordinator_id,  # served hours the check-in capped, approved
                at=self._clock.now(),
            )
            level = await ledger.level_news(tx, self._authority, added)
            return Approved(order, order.volunteer_id, claimed, claimed - credited, level)

    async def get(self, order_id: int) -> CheckIn | None:
        async with self._db.read() as tx:
            return await tx.checkins.get(order_id)

    @staticmethod
    async def _order(tx: Tx, order_id: int) -> Order:
        order = await tx.orders.get(order_id)
        if order is None:
            raise Refused("no-such-order", id=order_id)
        return order
