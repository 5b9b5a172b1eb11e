"""Personal data under China's PIPL: the notice, a copy of everything, and erasure.

- Nothing personal is stored before the person was told what is kept and why: the
  notice is due until `notice_shown` records it (new users, users from before the
  notice existed, and users who were erased).
- `export` is everything stored about one person. What they did for others (tasks
  served as a volunteer) comes without those residents' phone, details, location
  or comment: a copy of my data never carries someone else's.
- `forget` erases the name, phone, home site, the orders' phone, details, location,
  comment and voice notes, and the wishes' words and voice, and keeps the orders
  themselves (status, category, site, rating, hours) as anonymous counts. The notes
  and photos of their household's awards, and the typed reasons on the ledger's
  transactions about them, go too; the ledger's transactions and entries stay, so
  every sum is as it was. What is still open is settled through the order desk so
  that everyone involved can be told: my open orders are cancelled, the tasks I hold
  go back to dispatch, my open offers are declined (the wave goes on).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field, replace

from domain.certificate_models import Certificate
from domain.errors import Refused
from domain.household_models import HouseAward, Household
from domain.lifecycle import OPEN_STATUSES
from domain.models import (
    Address,
    Application,
    Offer,
    OfferStatus,
    Order,
    OrderEvent,
    OrderStatus,
    RoleGrant,
    UserProfile,
    Volunteer,
)
from domain.offers import Dispatched
from domain.orders import Cancelled, OrderDesk, Released
from domain.ports.clock import Clock
from domain.ports.database import Database
from domain.ports.voice import VoiceNote
from domain.visit_models import VisitNote
from domain.wish_models import Wish


@dataclass(frozen=True, slots=True)
class MyData:
    """Everything stored about one person (`/mydata`)."""

    profile: UserProfile
    grants: list[RoleGrant]
    volunteer: Volunteer | None
    orders: list[Order]  # placed by them, oldest first
    events: list[OrderEvent]  # the history of those orders
    tasks: list[Order]  # served or held as a volunteer, others' private fields left out
    offers: list[Offer]  # made to them as a volunteer
    applications: list[Application]
    addresses: list[Address] = field(default_factory=list)  # where they are reached
    # What volunteers noted about their home for the next one ("家里有狗").
    visit_notes: list[VisitNote] = field(default_factory=list)
    household: Household | None = None  # the household they head or belong to
    household_awards: list[HouseAward] = field(default_factory=list)  # newest first
    certificates: list[Certificate] = field(default_factory=list)
    wishes: list[Wish] = field(default_factory=list)  # on the wish wall, with any voice
    voice_notes: list[VoiceNote] = field(default_factory=list)  # said while ordering


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What erasing one person settled, so that everyone involved can be told."""

    cancelled: list[Cancelled]  # their open orders
    released: list[Released]  # tasks they held, back in dispatch
    declined: list[Dispatched]  # waves that went on once their open offers were declined
    closed_offers: list[Offer]  # their own offer messages, to lose the buttons
    closed_wishes: list[int] = field(default_factory=list)  # their wishes still open: closed


def without_private_fields(order: Order) -> Order:
    """An order as its volunteer may keep it in their own copy: no resident's data."""
    return replace(order, phone=None, details="", lat=None, lon=None, comment=None)


class Privacy:
    def __init__(self, db: Database, clock: Clock, desk: OrderDesk) -> None:
        self._db = db
        self._clock = clock
        self._desk = desk

    @staticmethod
    def notice_due(profile: UserProfile) -> bool:
        return profile.notice_at is None

    async def notice_shown(self, user_id: int) -> None:
        async with self._db.transaction() as tx:
            await tx.privacy.mark_notice(user_id, self._clock.now())

    async def export(self, user_id: int) -> MyData:
        async with self._db.transaction() as tx:
            profile = await tx.users.get(user_id)
            if profile is None:
                raise Refused("no-such-user", user=user_id)
            orders = await tx.privacy.orders_of(user_id)
            household = await tx.households.of_person(user_id)
            return MyData(
                profile=profile,
                grants=await tx.privacy.grants(user_id),
                volunteer=await tx.volunteers.get(user_id),
                orders=orders,
                events=await tx.privacy.events_of(o.id for o in orders),
                tasks=[without_private_fields(o) for o in await tx.privacy.tasks_of(user_id)],
                offers=await tx.privacy.offers_to(user_id),
                applications=await tx.privacy.applications_of(user_id),
                addresses=(await tx.users.addresses([user_id])).get(user_id, []),
                visit_notes=await tx.visits.notes_for(user_id, limit=1000),
                household=household,
                household_awards=(
                    await tx.households.awards(household.id, 1000) if household else []
                ),
                certificates=await tx.certificates.of_person(user_id),
                wishes=await tx.wishes.of_resident(user_id),
                voice_notes=await tx.voice.of_resident(user_id),
            )

    async def forget(self, user_id: int) -> Forgotten:
        # Erase first, in one transaction with the look-up of what is still open: the
        # erasure is what was asked for, and with the volunteer row out of dispatch no
        # new offer or assignment can reach them while the rest is settled.
        async with self._db.transaction() as tx:
            open_orders = [
                o for o in await tx.privacy.orders_of(user_id) if o.status in OPEN_STATUSES
            ]
            held = [
                o for o in await tx.privacy.tasks_of(user_id) if o.status is OrderStatus.ACCEPTED
            ]
            offered = [
                o for o in await tx.privacy.offers_to(user_id) if o.status is OfferStatus.OPEN
            ]
            await tx.privacy.erase(user_id)
            # Award notes and photos, and the ledger's typed reasons, that may name them.
            await tx.privacy.forget_recognition(user_id, self._clock.now())
            await tx.relay.forget([user_id])  # what they wrote in relayed chats
            await tx.voice.forget(user_id)  # what they said while ordering
            closed_wishes = await tx.wishes.forget(user_id)  # their wishes' words and voice
        # Each step is the desk's own transaction; one that lost a race (the order
        # moved on meanwhile) has nothing left to settle, and is left out.
        forgotten = Forgotten([], [], [], [], closed_wishes)
        for order in open_orders:
            with suppress(Refused):
                forgotten.cancelled.append(await self._desk.cancel_by_resident(order.id, user_id))
        for order in held:
            with suppress(Refused):
                forgotten.released.append(await self._desk.release(order.id, user_id, ""))
        for offer in offered:
            with suppress(Refused):
                dispatched = await self._desk.decline(offer.order_id, user_id)
                forgotten.closed_offers.append(offer)
                if dispatched is not None:
                    forgotten.declined.append(dispatched)
        return forgotten
