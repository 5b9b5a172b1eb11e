"""The visit: from "accepted" to "done", as the field runs it (code4moldova's bot).

After accepting, the volunteer says when they will arrive (a part of the day by
button, or a typed time); `visit.remind` reminds them `lead` before, with "On my
way", which tells the resident with the order's safety code word: a short word,
one per order, that the volunteer says at the door. At done the volunteer may
leave a note for whoever next serves the same person, and the resident is asked
whether the visit happened: no reopens the order (back to dispatch, without that
volunteer, the hours withdrawn) and its coordinators are told.

Each method is one transaction returning an outcome; words are the handlers'.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain import ledger, lifecycle, notes
from domain.deadlines import DeadlineKinds
from domain.errors import Refused
from domain.ledger_models import TxKind
from domain.lifecycle import Action
from domain.models import Deadline, OfferStatus, Order, OrderStatus
from domain.offers import REMIND as RATING_REMIND
from domain.offers import Dispatched, Dispatcher
from domain.order_details_models import OrderDetails
from domain.phones import normalise_phone
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.reference import Reference
from domain.visit_models import Arrival, DayPart, Visit, VisitNote
from domain.visit_words import CN_DIGITS, CN_NUMERAL, CN_TEN, DAYS, PARTS, TIME, WORDS

REMIND = "visit.remind"  # `lead` before the arrival: remind the volunteer, with On my way
NOTE_MAX = 200


# A part of the day starts (and its reminder counts back from) here, and ends here.
PART_START = {DayPart.MORNING: time(9, 0), DayPart.AFTERNOON: time(14, 0)}
PART_END = {DayPart.MORNING: time(12, 0), DayPart.AFTERNOON: time(18, 0)}
MAX_DAYS = 2  # a typed time: today, tomorrow or the day after


@dataclass(frozen=True, slots=True)
class Begun:
    """The volunteer has the order: its visit, and what earlier volunteers noted."""

    order: Order
    visit: Visit
    notes: list[VisitNote]


@dataclass(frozen=True, slots=True)
class ArrivalSet:
    order: Order
    visit: Visit
    volunteer_name: str  # the first name the resident is told


@dataclass(frozen=True, slots=True)
class OnWay:
    order: Order
    visit: Visit
    volunteer_name: str


@dataclass(frozen=True, slots=True)
class ArrivalDue:
    """`visit.remind` fired: the volunteer should set out soon."""

    order: Order
    visit: Visit


@dataclass(frozen=True, slots=True)
class Confirmed:
    """The resident said the visit happened: the rating comes next."""

    order: Order


@dataclass(frozen=True, slots=True)
class Missed:
    """The resident said it did not happen: the order is back in dispatch."""

    dispatched: Dispatched
    volunteer_id: int  # who had it, told their hours are withdrawn
    coordinators: list[int]  # over the order's site, told to look into it


@dataclass(frozen=True, slots=True)
class TypedTime:
    """A time as typed: minutes after midnight, and the day (0 today) when said."""

    minutes: int
    day: int | None = None


class VisitDesk:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        dispatcher: Dispatcher,
        reference: Reference,
        timezone: ZoneInfo,
        lead: timedelta = timedelta(minutes=30),
        pick: Callable[[Sequence[str]], str] = secrets.choice,
    ) -> None:
        self._db = db
        self._clock = clock
        self._dispatcher = dispatcher
        self._reference = reference
        self.timezone = timezone
        self.lead = lead
        self._pick = pick

    def local_now(self) -> datetime:
        return self._clock.now().astimezone(self.timezone)

    async def begin(self, order_id: int, volunteer_id: int) -> Begun:
        """The order became the volunteer's (accepted or assigned): its visit, with a
        code word of its own, and the notes left about the person served."""
        async with self._db.transaction() as tx:
            order, visit = await self._task(tx, order_id, volunteer_id)
            served = served_keys(order, await tx.order_details.get(order.id))
            found = await tx.visits.notes_about(served, exclude_order=order.id)
            return Begun(order, visit, found)

    async def visit(self, order_id: int) -> Visit | None:
        async with self._db.read() as tx:
            return await tx.visits.get(order_id)

    def parts_open(self) -> list[tuple[int, DayPart]]:
        """The (day, part) buttons that still lie ahead: today's while not over, tomorrow's."""
        now = self.local_now().time()
        today = [(0, part) for part in DayPart if now < PART_END[part]]
        return [*today, *((1, part) for part in DayPart)]

    def arrival_at_part(self, day: int, part: DayPart) -> Arrival:
        local = self.local_now().date() + timedelta(days=day)
        at = datetime.combine(local, PART_START[part], self.timezone)
        return Arrival(at.astimezone(UTC), part)

    def arrival_on(self, day: date, part: DayPart) -> Arrival:
        """The part of `day` a button names: the day fixed when the button was drawn,
        so a press the next day still means it. Refused once that part is over."""
        now = self.local_now()
        if datetime.combine(day, PART_END[part], self.timezone) <= now:
            raise Refused("visit-time-past")
        if day > now.date() + timedelta(days=MAX_DAYS):  # no button says that day
            raise Refused("visit-time-far")
        at = datetime.combine(day, PART_START[part], self.timezone)
        return Arrival(at.astimezone(UTC), part)

    def arrival_typed(self, typed: TypedTime) -> Arrival:
        """The moment a typed time means from now; Refused when it has passed."""
        now = self.local_now()
        day = now.date() + timedelta(days=typed.day or 0)
        clock = time(typed.minutes // 60, typed.minutes % 60)
        at = datetime.combine(day, clock, self.timezone)
        if at <= now:
            raise Refused("visit-time-past")
        return Arrival(at.astimezone(UTC))

    async def arrive(self, order_id: int, volunteer_id: int, arrival: Arrival) -> ArrivalSet:
        """Keep the arrival, and set the reminder `lead` before it (none when that
        has passed: the volunteer is on their way, or about to be)."""
        async with self._db.transaction() as tx:
            order, visit = await self._task(tx, order_id, volunteer_id)
            now = self._clock.now()
            await tx.visits.set_arrival(order_id, arrival)
            await tx.deadlines.cancel(REMIND, order_id, now)
            if arrival.at - self.lead > now:
                await tx.deadlines.schedule(REMIND, order_id, arrival.at - self.lead)
            visit = Visit(visit.order_id, visit.volunteer_id, visit.code_word, arrival)
            return ArrivalSet(order, visit, await self._name(tx, volunteer_id))

    async def on_my_way(self, order_id: int, volunteer_id: int) -> OnWay:
        async with self._db.transaction() as tx:
            order, visit = await self._task(tx, order_id, volunteer_id)
            if visit.on_way_at is not None:  # the resident was told once
                raise Refused("visit-on-way-already", id=order_id)
            now = self._clock.now()
            await tx.visits.set_on_way(order_id, now)
            await tx.deadlines.cancel(REMIND, order_id, now)
            visit = Visit(visit.order_id, visit.volunteer_id, visit.code_word, visit.arrival, now)
            return OnWay(order, visit, await self._name(tx, volunteer_id))

    async def leave_note(self, order_id: int, volunteer_id: int, text: str) -> None:
        """A note at done, for whoever next serves the same person."""
        text = text.strip()[:NOTE_MAX]
        async with self._db.transaction() as tx:
            order = await tx.orders.get(order_id)
            if order is None or order.volunteer_id != volunteer_id:
                raise Refused("not-your-task")
            if order.status not in (OrderStatus.DONE, OrderStatus.RATED) or not text:
                raise Refused("visit-not-done", id=order_id)
            details = await tx.order_details.get(order_id)
            whom = details.beneficiary if details else None
            person = whom.person_id if whom and whom.person_id else order.resident_id
            served = served_keys(order, details)[0]
            note = VisitNote(order_id, person, volunteer_id, text, self._clock.now(), served)
            await tx.visits.add_note(note)

    async def answer(self, order_id: int, resident_id: int, happened: bool) -> Confirmed | Missed:
        """The resident's "did the visit happen?": once per visit."""
        async with self._db.transaction() as tx:
            order = await tx.orders.get(order_id)
            if order is None or order.resident_id != resident_id:
                raise Refused("not-your-order")
            if order.status is not OrderStatus.DONE or order.volunteer_id is None:
                raise Refused("visit-answered", id=order_id)
            await tx.visits.start(order_id, order.volunteer_id, self._word(), self._clock.now())
            if not await tx.visits.set_happened(order_id, happened, self._clock.now()):
                raise Refused("visit-answered", id=order_id)
            if happened:
                return Confirmed(order)
            return await self._missed(tx, order, resident_id)

    def register(self, kinds: DeadlineKinds) -> None:
        kinds.register(REMIND, ArrivalDue, self._remind_due)

    # --- internals ---------------------------------------------------------

    async def _missed(self, tx: Tx, order: Order, resident_id: int) -> Missed:
        volunteer_id = order.volunteer_id
        assert volunteer_id is not None  # checked by `answer`
        now = self._clock.now()
        moved = await tx.orders.transition(
            order.id,
            lifecycle.allowed_from(Action.MISS),
            lifecycle.target(Action.MISS),
            resident_id,
            now,
            notes.visit_missed(),
            volunteer_id=None,
            hours=None,
        )
        if moved is None:
            raise Refused("visit-answered", id=order.id)
        if order.hours:  # hours and points for a visit that did not happen go back
            await ledger.credit_hours(
                tx, volunteer_id, -order.hours, f"order:{order.id}", kind=TxKind.ADJUST, at=now
            )
        await tx.deadlines.cancel(RATING_REMIND, order.id, now)
        offers = await tx.offers.for_order(order.id)
        declined = {o.volunteer_id for o in offers if o.status is OfferStatus.DECLINED}
        dispatched = await self._dispatcher.wave(tx, moved, exclude=declined | {volunteer_id})
        chain = [site.id for site in (await self._reference.sites(tx)).ancestors(order.site_id)]
        coordinators = await tx.roles.coordinators_of(chain)
        return Missed(dispatched, volunteer_id, coordinators)

    async def _remind_due(self, tx: Tx, deadline: Deadline) -> ArrivalDue | None:
        order = await tx.orders.get(deadline.ref_id)
        visit = await tx.visits.get(deadline.ref_id)
        if order is None or visit is None or order.status is not OrderStatus.ACCEPTED:
            return None
        # A reminder of another volunteer's visit, or of an arrival since changed, is stale.
        if visit.volunteer_id != order.volunteer_id or visit.on_way_at is not None:
            return None
        if visit.arrival is None or visit.arrival.at - self.lead != deadline.due_at:
            return None
        return ArrivalDue(order, visit)

    async def _task(self, tx: Tx, order_id: int, volunteer_id: int) -> tuple[Order, Visit]:
        """The volunteer's accepted order and its visit (started here if need be)."""
        order = await tx.orders.get(order_id)
        if order is None or order.volunteer_id != volunteer_id:
            raise Refused("not-your-task")
        if order.status is not OrderStatus.ACCEPTED:
            raise Refused("visit-not-open", id=order_id)
        visit = await tx.visits.start(order_id, volunteer_id, self._word(), self._clock.now())
        return order, visit

    def _word(self) -> str:
        return self._pick(WORDS)

    @staticmethod
    async def _name(tx: Tx, volunteer_id: int) -> str:
        profile = await tx.users.get(volunteer_id)
        return profile.first_name if profile else ""


# --- whom a visit is for --------------------------------------------------------


def served_keys(order: Order, details: OrderDetails | None) -> list[str]:
    """Stable keys of whom the order's visit is for, the one a note is kept under
    first: "p:<person id>" for someone here, "t:<phone>" (normalised) for a family
    member or neighbour with a phone, "n:<orderer>:<name>" for one known only by
    name. Notes are found by any of them, so a neighbour's notes follow them from
    the orders others placed for them (by phone) to their own (by person)."""
    whom = details.beneficiary if details is not None else None
    if whom is None:
        keys = [f"p:{order.resident_id}"]
        phone = normalise_phone(order.phone) if order.phone else None
        return [*keys, f"t:{phone}"] if phone else keys
    keys = [f"t:{whom.phone}"] if whom.phone else []
    if whom.person_id is not None:
        keys.append(f"p:{whom.person_id}")
    if not keys:
        name = "".join(whom.name.split()).casefold()
        keys.append(f"n:{order.resident_id}:{name}"[:96])
    return keys


# --- typed times --------------------------------------------------------------


def parse_time(raw: str) -> TypedTime | None:
    """A typed arrival time: "15:30", "下午3点", "明天 9点半", "3pm", "tomorrow 9:00"."""
    text = unicodedata.normalize("NFKC", raw).strip().lower().replace(" ", "")
    day: int | None = None
    for word, offset in DAYS:
        if word in text:
            day, text = offset, text.replace(word, "")
            break
    part = ""
    for words, name in PARTS:
        said = next((w for w in words if w in text), None)
        if said:
            part, text = name, text.replace(said, "")
            break
    matched = TIME.match(_arabic(text))
    if matched is None:
        return None
    hour_text, minute_text, half, minute_cn = matched.groups()
    hour = int(hour_text)
    minute = 30 if half else int(minute_text or minute_cn or 0)
    if (part == "pm" and hour < 12) or (part == "noon" and hour < 3):
        hour += 12
    elif part == "am" and hour == 12:
        hour = 0
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return TypedTime(hour * 60 + minute, day)


def _arabic(text: str) -> str:
    """Chinese numerals of an hour (三, 十一, 十二) as digits, the rest as it is."""
    out = re.sub(
        CN_NUMERAL,
        lambda m: str(_cn_number(m.group())) if _cn_number(m.group()) is not None else m.group(),
        text,
    )
    return out


def _cn_number(word: str) -> int | None:
    if CN_TEN not in word:
        return CN_DIGITS.get(word) if len(word) == 1 else None
    tens, _, units = word.partition(CN_TEN)
    if len(tens) > 1 or len(units) > 1:
        return None
    high = CN_DIGITS.get(tens, -1) if tens else 1
    low = CN_DIGITS.get(units, -1) if units else 0
    return None if high < 0 or low < 0 else high * 10 + low
