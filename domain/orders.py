"""The order loop: place, accept, decline, release, finish, rate, cancel, assign.

Each method is one transaction and returns an outcome that says who must be
told what; the handlers do the telling. Dispatch itself (waves, escalation,
deadlines) is `domain.offers`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from domain import checkin, ledger, lifecycle, notes, order_details
from domain.audit import AuditAction, record_action
from domain.errors import Refused
from domain.lifecycle import Action
from domain.models import Offer, OfferStatus, Order, OrderDraft, OrderEvent, OrderStatus, Volunteer
from domain.offers import Dispatched, Dispatcher
from domain.order_details_models import OrderDetails
from domain.points import valid_hours
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.reference import Reference
from domain.roles import Authority

_ASSIGNED = notes.assigned()  # the note of an order a coordinator assigned


@dataclass(frozen=True, slots=True)
class Placed:
    dispatched: Dispatched
    coordinators: list[int]  # told of every new order in their subtree
    details: OrderDetails | None = None  # where, when in the day, for whom
    beneficiary_id: int | None = None  # the person it is for, when they are here: told

    @property
    def order(self) -> Order:
        return self.dispatched.order


@dataclass(frozen=True, slots=True)
class Taken:
    """An order got its volunteer (accepted or assigned)."""

    order: Order
    volunteer: Volunteer
    closed_offers: list[Offer]  # other volunteers' offers, now taken
    # The assignee's own offer, made theirs by a coordinator's assignment: its
    # message must show the task, never "taken by another volunteer".
    own_offer: Offer | None = None


@dataclass(frozen=True, slots=True)
class Done:
    """A task finished: its hours and points are on the ledger."""

    order: Order
    credited: ledger.Credited
    level: ledger.LevelReached | None  # a star level newly reached


@dataclass(frozen=True, slots=True)
class Cancelled:
    order: Order
    closed_offers: list[Offer]
    volunteer_id: int | None  # who had it, to be told


@dataclass(frozen=True, slots=True)
class Reassigned:
    taken: Taken
    previous_volunteer_id: int | None  # to be told the task is no longer theirs
    # Their won offer, now closed as taken: its message still says "you accepted".
    previous_offer: Offer | None = None


@dataclass(frozen=True, slots=True)
class Released:
    dispatched: Dispatched  # the order back in dispatch, and the new offers
    volunteer: Volunteer


class OrderDesk:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        authority: Authority,
        dispatcher: Dispatcher,
        reference: Reference | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self.dispatcher = dispatcher
        # The catalogue and site tree, cached in process (shared with the dispatcher
        # and the flows when `bot.app` wires them).
        self._reference = reference or Reference(db, clock)

    async def place(self, draft: OrderDraft, details: OrderDetails | None = None) -> Placed:
        """Store a confirmed order (with its details) and send its first wave of offers."""
        async with self._db.transaction() as tx:
            service = (await self._reference.catalogue(tx)).service(draft.service_id)
            if service is None:  # perhaps added by another worker since we cached
                self._reference.invalidate()
                service = (await self._reference.catalogue(tx)).service(draft.service_id)
            if service is None or service.retired:
                raise Refused("service-gone")
            sites = await self._reference.sites(tx)
            if sites.get(draft.site_id) is None:
                self._reference.invalidate()
                sites = await self._reference.sites(tx)
                if sites.get(draft.site_id) is None:
                    raise Refused("site-gone")
            order = await tx.orders.create(draft, service.category_code, self._clock.now())
            attached = None
            if details is not None:
                attached = await order_details.attach(
                    tx, self._authority, order, details, draft.resident_id
                )
            chain = [site.id for site in sites.ancestors(order.site_id)]
            coordinators = await tx.roles.coordinators_of(chain)
            return Placed(
                await self.dispatcher.open(tx, order),
                coordinators,
                attached.details if attached else None,
                attached.beneficiary_id if attached else None,
            )

    async def record_offer_messages(self, pairs: list[tuple[int, int]]) -> list[Offer]:
        """Remember which message carries each offer, (offer_id, message_id), at once.

        Returns the offers that were closed (taken by someone else, or withdrawn),
        or given to their volunteer by a coordinator, before their message id was
        known: whoever did it could not edit the message, so the caller must. An
        offer its volunteer accepted names its message itself, so it is not among them.
        """
        if not pairs:
            return []
        async with self._db.transaction() as tx:
            offers = await tx.offers.set_messages(pairs)
        return [o for o in offers if o.status is not OfferStatus.OPEN]

    async def accept(
        self, order_id: int, volunteer_id: int, message_id: int | None = None
    ) -> Taken:
        """A volunteer pressed Accept on `message_id`; exactly one of many wins the
        compare-and-set."""
        async with self._db.transaction() as tx:
            offer = await tx.offers.get(order_id, volunteer_id)
            if offer is None:
                raise Refused("not-offered")
            if offer.message_id is None and message_id is not None:
                # The wave's ids are recorded once all its sends are back; this press
                # answers for its own, so the recording does not edit it a second time.
                await tx.offers.set_messages([(offer.id, message_id)])
            if offer.status is OfferStatus.WON:  # e.g. assigned before its message was known
                raise Refused("offer-yours", id=order_id)
            if offer.status is not OfferStatus.OPEN:
                raise Refused("offer-closed")
            order = await self._move(
                tx, order_id, Action.ACCEPT, volunteer_id, volunteer_id=volunteer_id
            )
            if order is None:
                await tx.offers.set_status(offer.id, OfferStatus.TAKEN, OfferStatus.OPEN)
                raise Refused("offer-taken")
            await tx.offers.set_status(offer.id, OfferStatus.WON)
            return await self._taken(tx, order, volunteer_id)

    async def unreached(self, order_id: int, offer_ids: list[int]) -> Dispatched | None:
        """These offers never reached their volunteer (the bot was blocked, or never
        started): withdraw them and offer the order to as many others at once, so it
        never waits out the wave for people who never saw it."""
        if not offer_ids:
            return None
        async with self._db.transaction() as tx:
            withdrawn = 0
            for offer_id in offer_ids:
                if await tx.offers.set_status(offer_id, OfferStatus.WITHDRAWN, OfferStatus.OPEN):
                    withdrawn += 1
            order = await self._order(tx, order_id)
            if not withdrawn or order.status is not OrderStatus.OFFERED:
                return None
            return await self.dispatcher.refill(tx, order, withdrawn)

    async def decline(self, order_id: int, volunteer_id: int) -> Dispatched | None:
        """Drop this volunteer's offer; once nobody has an open offer, the next wave."""
        async with self._db.transaction() as tx:
            offer = await tx.offers.get(order_id, volunteer_id)
            if offer is None or not await tx.offers.set_status(
                offer.id, OfferStatus.DECLINED, OfferStatus.OPEN
            ):
                raise Refused("offer-closed")
            order = await self._order(tx, order_id)
            await tx.orders.add_event(
                order_id, volunteer_id, order.status, notes.declined(), self._clock.now()
            )
            offers = await tx.offers.for_order(order_id)
            if order.status is not OrderStatus.OFFERED or any(
                o.status is OfferStatus.OPEN for o in offers
            ):
                return None
            return await self.dispatcher.wave(tx, order)

    async def release(self, order_id: int, volunteer_id: int, reason: str) -> Released:
        """The volunteer gives the task back; it goes back to dispatch without them."""
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            if order.volunteer_id != volunteer_id:
                raise Refused("not-your-task")
            note = notes.released(reason)
            moved = await self._move(
                tx, order_id, Action.RELEASE, volunteer_id, note, volunteer_id=None
            )
            if moved is None:
                raise Refused("order-not-open", id=order_id)
            await tx.volunteers.tally(volunteer_id, open_tasks=-1)
            volunteer = await self._volunteer(tx, volunteer_id)
            offers = await tx.offers.for_order(order_id)
            declined = {o.volunteer_id for o in offers if o.status is OfferStatus.DECLINED}
            dispatched = await self.dispatcher.wave(tx, moved, exclude=declined | {volunteer_id})
            return Released(dispatched, volunteer)

    async def assign(self, order_id: int, volunteer_id: int, coordinator_id: int) -> Taken:
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
            await self._assignable(tx, volunteer_id, order)
            moved = await self._move(
                tx, order_id, Action.ACCEPT, coordinator_id, _ASSIGNED, volunteer_id=volunteer_id
            )
            if moved is None:
                raise Refused("order-not-pending", id=order_id)
            await record_action(
                tx,
                self._clock.now(),
                AuditAction.ASSIGN,
                coordinator_id,
                moved.site_id,
                order_id,
                volunteer=volunteer_id,
            )
            return await self._taken(tx, moved, volunteer_id, assigned=True)

    async def reassign(self, order_id: int, volunteer_id: int, coordinator_id: int) -> Reassigned:
        """Give an accepted (or still pending) order to another volunteer."""
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
            if order.volunteer_id == volunteer_id:
                raise Refused("already-assigned", id=order_id)
            await self._assignable(tx, volunteer_id, order)
            previous = order.volunteer_id
            moved = await tx.orders.transition(
                order_id,
                lifecycle.allowed_from(Action.ACCEPT) | {OrderStatus.ACCEPTED},
                OrderStatus.ACCEPTED,
                coordinator_id,
                self._clock.now(),
                notes.reassigned(previous),
                volunteer_id=volunteer_id,
            )
            if moved is None:
                raise Refused("order-not-open", id=order_id)
            previous_offer = None
            if previous is not None:  # only an accepted order has a volunteer
                await tx.volunteers.tally(previous, open_tasks=-1)
                previous_offer = await self._lost(tx, order_id, previous)
            await record_action(
                tx,
                self._clock.now(),
                AuditAction.REASSIGN,
                coordinator_id,
                moved.site_id,
                order_id,
                volunteer=volunteer_id,
                previous=previous,
            )
            taken = await self._taken(tx, moved, volunteer_id, assigned=True)
            return Reassigned(taken, previous, previous_offer)

    async def _lost(self, tx: Tx, order_id: int, volunteer_id: int) -> Offer | None:
        """The offer the volunteer won, closed as taken now that the order moved on
        (so that giving it back to them later makes it theirs again); None when they
        had no won offer (assigned without one)."""
        offer = await tx.offers.get(order_id, volunteer_id)
        if offer is None or not await tx.offers.set_status(
            offer.id, OfferStatus.TAKEN, OfferStatus.WON
        ):
            return None
        return replace(offer, status=OfferStatus.TAKEN)

    async def finish(self, order_id: int, volunteer_id: int, hours: float) -> Order:
        return (await self.finish_credited(order_id, volunteer_id, hours)).order

    async def finish_credited(self, order_id: int, volunteer_id: int, hours: float) -> Done:
        """`finish`, saying also what the hours earned (`domain.ledger`)."""
        if not valid_hours(hours):
            raise Refused("bad-hours")
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            if order.volunteer_id != volunteer_id:
                raise Refused("not-your-task")
            # No more than check-in to done, when the volunteer checked in (`domain.checkin`).
            hours = await checkin.credited_hours(tx, order_id, hours, self._clock.now())
            done = await self._move(tx, order_id, Action.FINISH, volunteer_id, hours=hours)
            if done is None:
                raise Refused("order-not-open", id=order_id)
            credited = await ledger.credit_hours(
                tx, volunteer_id, hours, f"order:{order_id}", at=self._clock.now()
            )
            level = await ledger.level_news(tx, self._authority, credited)
            await tx.volunteers.tally(volunteer_id, open_tasks=-1)
            await self.dispatcher.remind_later(tx, order_id)
        return Done(done, credited, level)

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
            if rated.volunteer_id is not None:
                await tx.volunteers.tally(rated.volunteer_id, rating=stars)
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
            return await self._cancel(tx, order, resident_id, notes.cancelled_by_resident())

    async def cancel_by_coordinator(
        self, order_id: int, coordinator_id: int, reason: str
    ) -> Cancelled:
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
            await record_action(
                tx,
                self._clock.now(),
                AuditAction.CANCEL,
                coordinator_id,
                order.site_id,
                order_id,
                reason=reason.strip()[:500],
            )
            return await self._cancel(
                tx, order, coordinator_id, notes.cancelled_by_coordinator(reason)
            )

    async def history(self, order_id: int, coordinator_id: int) -> tuple[Order, list[OrderEvent]]:
        """The order and its whole audit trail, for a coordinator over its site."""
        async with self._db.transaction() as tx:
            order = await self._order(tx, order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
            return order, await tx.orders.events(order_id)

    async def details(self, order_id: int) -> OrderDetails | None:
        """Where, when in the day and for whom (None: placed before they were asked)."""
        async with self._db.read() as tx:
            return await tx.order_details.get(order_id)

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

    async def _taken(
        self, tx: Tx, order: Order, volunteer_id: int, assigned: bool = False
    ) -> Taken:
        """The order is the volunteer's: everyone else's open offer closes as taken.

        An assigned volunteer may hold an offer of this order (still open, or
        closed when someone else accepted first): it becomes theirs (won) before
        the others close, so it is never told "taken by another volunteer".
        """
        await tx.volunteers.tally(volunteer_id, open_tasks=1, task_at=self._clock.now())
        own = await tx.offers.get(order.id, volunteer_id) if assigned else None
        if own is not None and own.status is not OfferStatus.WON:
            await tx.offers.set_status(own.id, OfferStatus.WON)
            own = replace(own, status=OfferStatus.WON)
        else:
            own = None  # accepted by pressing: the handler edits the pressed message
        closed = await tx.offers.close_open(order.id, OfferStatus.TAKEN)
        await self.dispatcher.settle(tx, order.id)
        return Taken(order, await self._volunteer(tx, volunteer_id), closed, own)

    async def _cancel(self, tx: Tx, order: Order, actor: int, note: str) -> Cancelled:
        cancelled = await self._move(tx, order.id, Action.CANCEL, actor, note)
        if cancelled is None:
            raise Refused("order-not-open", id=order.id)
        # Read from the cancelled row, not the earlier snapshot: only an accepted
        # order has a volunteer, whose open task ends here.
        if cancelled.volunteer_id is not None:
            await tx.volunteers.tally(cancelled.volunteer_id, open_tasks=-1)
        closed = await tx.offers.close_open(order.id, OfferStatus.WITHDRAWN)
        await self.dispatcher.settle(tx, order.id)
        return Cancelled(cancelled, closed, cancelled.volunteer_id)

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

    @staticmethod
    async def _assignable(tx: Tx, user_id: int, order: Order) -> Volunteer:
        """Who a coordinator may give the order to: an active volunteer of a team
        that serves its category, whom the bot can reach (started it, not blocked).
        Each refusal names its reason, so the coordinator knows what to fix."""
        volunteer = await tx.volunteers.get(user_id)
        if volunteer is None:
            raise Refused("not-a-volunteer", user=user_id)
        if not volunteer.active:
            raise Refused("volunteer-inactive", user=user_id)
        if volunteer.category_code != order.category_code:
            raise Refused("volunteer-wrong-category", user=user_id, id=order.id)
        profile = await tx.users.get(user_id)
        if profile is None or profile.unreachable:
            raise Refused("volunteer-unreachable", user=user_id)
        return volunteer
