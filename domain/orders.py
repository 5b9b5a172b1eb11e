"""The order loop: place, offer, accept, decline, finish, rate, cancel, assign.

Each method is one transaction and returns an outcome that says who must be
told what; the handlers do the telling.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain import dispatch, lifecycle
from domain.errors import Refused
from domain.lifecycle import Action
from domain.models import (
    Offer,
    OfferStatus,
    Order,
    OrderDraft,
    OrderEvent,
    OrderStatus,
    Volunteer,
)
from domain.points import points_for, valid_hours
from domain.ports import Clock, Database, Tx
from domain.roles import Authority


@dataclass(frozen=True, slots=True)
class OfferNotice:
    offer: Offer
    volunteer: Volunteer


@dataclass(frozen=True, slots=True)
class Dispatched:
    """What one dispatch step did: new offers to push, or nobody left to ask."""

    order: Order
    offers: list[OfferNotice] = field(default_factory=list)
    exhausted: bool = False  # no candidates left: the coordinators must act
    coordinators: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Taken:
    """An order got its volunteer (accepted or assigned)."""

    order: Order
    volunteer: Volunteer
    closed_offers: list[Offer]  # other volunteers' offers, now taken


@dataclass(frozen=True, slots=True)
class Cancelled:
    order: Order
    closed_offers: list[Offer]


@dataclass(frozen=True, slots=True)
class Reassigned:
    taken: Taken
    previous_volunteer_id: int | None  # to be told the task is no longer theirs


class OrderDesk:
    def __init__(self, db: Database, clock: Clock, authority: Authority) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority

    async def place(self, draft: OrderDraft) -> Dispatched:
        """Store a confirmed order and offer it to the first ring that has anyone."""
        async with self._db.transaction() as tx:
            catalogue = await tx.catalogue.load()
            service = catalogue.service(draft.service_id)
            if service is None or service.retired:
                raise Refused("service-gone")
            if await tx.sites.get(draft.site_id) is None:
                raise Refused("site-gone")
            order = await tx.orders.create(draft, service.category_code, self._clock.now())
            dispatched = await self._dispatch(tx, order, exclude=set())
            coordinators = await self._coordinators_over(tx, order.site_id)
        return Dispatched(dispatched.order, dispatched.offers, dispatched.exhausted, coordinators)

    async def record_offer_message(self, offer_id: int, message_id: int) -> None:
        async with self._db.transaction() as tx:
            await tx.offers.set_message(offer_id, message_id)

    async def accept(self, order_id: int, volunteer_id: int) -> Taken:
        """A volunteer pressed Accept; exactly one of many wins the compare-and-set."""
        async with self._db.transaction() as tx:
            offer = await tx.offers.get(order_id, volunteer_id)
            if offer is None:
                raise Refused("not-offered")
            if offer.status is not OfferStatus.OPEN:
                raise Refused("offer-closed")
            order = await self._move(
                tx, order_id, Action.ACCEPT, volunteer_id, volunteer_id=volunteer_id
            )
            if order is None:
                await tx.offers.set_status(offer.id, OfferStatus.TAKEN, OfferStatus.OPEN)
                raise Refused("offer-taken")
            await tx.offers.set_status(offer.id, OfferStatus.WON)
            closed = await tx.offers.close_open(order_id, OfferStatus.TAKEN)
            volunteer = await self._volunteer(tx, volunteer_id)
        return Taken(order, volunteer, closed)

    async def decline(self, order_id: int, volunteer_id: int) -> Dispatched | None:
        """Drop this volunteer's offer; when the whole ring has declined, ask the next."""
        async with self._db.transaction() as tx:
            offer = await tx.offers.get(order_id, volunteer_id)
            if offer is None or not await tx.offers.set_status(
                offer.id, OfferStatus.DECLINED, OfferStatus.OPEN
            ):
                raise Refused("offer-closed")
            offers = await tx.offers.for_order(order_id)
            order = await tx.orders.get(order_id)
            if (
                order is None
                or order.status is not OrderStatus.OFFERED
                or any(o.status is OfferStatus.OPEN for o in offers)
            ):
                return None
            dispatched = await self._dispatch(
                tx, order, exclude={o.volunteer_id for o in offers}, start_ring=offer.ring + 1
            )
            if dispatched.exhausted:
                coordinators = await self._coordinators_over(tx, order.site_id)
                return Dispatched(dispatched.order, [], True, coordinators)
        return dispatched

    async def assign(self, order_id: int, volunteer_id: int, coordinator_id: int) -> Taken:
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
            volunteer = await tx.volunteers.get(volunteer_id)
            if volunteer is None or not volunteer.active:
                raise Refused("not-a-volunteer", user=volunteer_id)
            moved = await self._move(
                tx, order_id, Action.ACCEPT, coordinator_id, "assigned", volunteer_id=volunteer_id
            )
            if moved is None:
                raise Refused("order-not-pending", id=order_id)
            closed = await tx.offers.close_open(order_id, OfferStatus.TAKEN)
        return Taken(moved, volunteer, closed)

    async def reassign(self, order_id: int, volunteer_id: int, coordinator_id: int) -> Reassigned:
        """Give an accepted (or still pending) order to another volunteer."""
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
            volunteer = await tx.volunteers.get(volunteer_id)
            if volunteer is None or not volunteer.active:
                raise Refused("not-a-volunteer", user=volunteer_id)
            if order.volunteer_id == volunteer_id:
                raise Refused("already-assigned", id=order_id)
            moved = await tx.orders.transition(
                order_id,
                lifecycle.allowed_from(Action.ACCEPT) | {OrderStatus.ACCEPTED},
                OrderStatus.ACCEPTED,
                coordinator_id,
                self._clock.now(),
                f"reassigned from {order.volunteer_id}" if order.volunteer_id else "assigned",
                volunteer_id=volunteer_id,
            )
            if moved is None:
                raise Refused("order-not-open", id=order_id)
            closed = await tx.offers.close_open(order_id, OfferStatus.TAKEN)
        return Reassigned(Taken(moved, volunteer, closed), order.volunteer_id)

    async def cancel_by_coordinator(
        self, order_id: int, coordinator_id: int, reason: str
    ) -> Cancelled:
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
            return await self._cancel(
                tx, order_id, coordinator_id, reason[:500] or "by coordinator"
            )

    async def history(self, order_id: int, coordinator_id: int) -> tuple[Order, list[OrderEvent]]:
        """The order and its whole audit trail, for a coordinator over its site."""
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
            return order, await tx.orders.events(order_id)

    async def finish(self, order_id: int, volunteer_id: int, hours: float) -> Order:
        if not valid_hours(hours):
            raise Refused("bad-hours")
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            if order.volunteer_id != volunteer_id:
                raise Refused("not-your-task")
            done = await self._move(tx, order_id, Action.FINISH, volunteer_id, hours=hours)
            if done is None:
                raise Refused("order-not-open", id=order_id)
            await tx.volunteers.add_hours(volunteer_id, hours, points_for(hours))
        return done

    async def rate(self, order_id: int, resident_id: int, stars: int) -> Order:
        if not 1 <= stars <= 5:
            raise Refused("bad-rating")
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            if order.resident_id != resident_id:
                raise Refused("not-your-order")
            rated = await self._move(tx, order_id, Action.RATE, resident_id, rating=stars)
            if rated is None:
                raise Refused("already-rated")
        return rated

    async def comment(self, order_id: int, resident_id: int, text: str) -> None:
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            if order.resident_id != resident_id or order.status is not OrderStatus.RATED:
                raise Refused("not-your-order")
            await tx.orders.set_fields(order_id, comment=text[:1000])

    async def cancel_by_resident(self, order_id: int, resident_id: int) -> Cancelled:
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            if order.resident_id != resident_id:
                raise Refused("not-your-order")
            return await self._cancel(tx, order_id, resident_id, "by resident")

    async def get(self, order_id: int) -> Order | None:
        async with self._db.transaction() as tx:
            return await tx.orders.get(order_id)

    async def for_resident(self, resident_id: int) -> list[Order]:
        async with self._db.transaction() as tx:
            return await tx.orders.by_resident(resident_id)

    async def tasks(self, volunteer_id: int) -> list[Order]:
        async with self._db.transaction() as tx:
            return await tx.orders.by_volunteer(volunteer_id, [OrderStatus.ACCEPTED])

    async def pending(self, coordinator_id: int) -> list[Order]:
        async with self._db.transaction() as tx:
            sites = await self._authority.sites_of(tx, coordinator_id)
            if sites is None:
                sites = [site.id for site in await tx.sites.all()]
            return await tx.orders.pending(sites)

    # --- internals ---------------------------------------------------------

    async def _cancel(self, tx: Tx, order_id: int, actor: int, note: str) -> Cancelled:
        order = await self._move(tx, order_id, Action.CANCEL, actor, note)
        if order is None:
            raise Refused("order-not-open", id=order_id)
        closed = await tx.offers.close_open(order_id, OfferStatus.WITHDRAWN)
        return Cancelled(order, closed)

    async def _dispatch(
        self, tx: Tx, order: Order, exclude: set[int], start_ring: int = 0
    ) -> Dispatched:
        ancestors = await tx.sites.ancestors(order.site_id)
        subtrees = [await tx.sites.subtree_ids(site.id) for site in ancestors]
        for ring_no, ring in enumerate(dispatch.rings(subtrees)):
            if ring_no < start_ring or not ring:
                continue
            volunteers = [
                v
                for v in await tx.volunteers.candidates(order.category_code, ring, exclude)
                if v.user_id != order.resident_id
            ]
            if not volunteers:
                continue
            if order.status is OrderStatus.NEW:
                moved = await self._move(tx, order.id, Action.OFFER, None, f"ring {ring_no}")
                order = moved or order
            else:
                await tx.orders.add_event(
                    order.id, None, order.status, f"ring {ring_no}", self._clock.now()
                )
            now = self._clock.now()
            offers = [
                OfferNotice(await tx.offers.create(order.id, v.user_id, ring_no, now), v)
                for v in volunteers
            ]
            return Dispatched(order, offers)
        if order.status is OrderStatus.OFFERED:
            order = await self._move(tx, order.id, Action.REOPEN, None, "no volunteers") or order
        return Dispatched(order, exhausted=True)

    async def _coordinators_over(self, tx: Tx, site_id: int) -> list[int]:
        return await tx.roles.coordinators_of([s.id for s in await tx.sites.ancestors(site_id)])

    async def _move(
        self,
        tx: Tx,
        order_id: int,
        action: Action,
        actor: int | None,
        note: str = "",
        **fields: object,
    ) -> Order | None:
        return await tx.orders.transition(
            order_id,
            lifecycle.allowed_from(action),
            lifecycle.target(action),
            actor,
            self._clock.now(),
            note,
            **fields,
        )

    @staticmethod
    async def _order(tx: Tx, order_id: int) -> Order:
        order = await tx.orders.get(order_id)
        if order is None:
            raise Refused("no-such-order", id=order_id)
        return order

    @staticmethod
    async def _volunteer(tx: Tx, user_id: int) -> Volunteer:
        volunteer = await tx.volunteers.get(user_id)
        if volunteer is None:
            raise Refused("not-a-volunteer", user=user_id)
        return volunteer
