"""The visit: arrival time, the reminder with On my way, the safety code word, did it
happen, and notes for the next volunteer (`domain.visits`).

`begin` is called once an order is a volunteer's (accepted in `volunteers`,
assigned in `coordinator`), `finished` once they marked it done; the rest are
this module's own presses, flows and the `visit.remind` notifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from conversations.flows import VISIT_NOTE, VISIT_TIME
from conversations.model import Finished
from domain.errors import Refused
from domain.models import Order
from domain.offers import Dispatched
from domain.visit_models import Arrival, DayPart, Visit, VisitNote
from domain.visits import ArrivalDue, Begun, Confirmed, TypedTime
from domain.when import When, near
from handlers import notify, order_details, order_notices
from handlers.kit import finishers, render
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import InlineKeyboard
from handlers.kit.presses import Press, press
from handlers.kit.router import Router
from locales import Translator
from locales.dates import moment_words

# "t" type a time; "c" change it (the question again). "0m" .. "1a" (today / tomorrow,
# morning / afternoon, as of the press) are only read: buttons drawn since carry the
# day itself (`EtaDayPress`), so one pressed the next day still means the day shown.
Pick = Literal["0m", "0a", "1m", "1a", "t", "c"]
_PARTS = {"m": DayPart.MORNING, "a": DayPart.AFTERNOON}


@press("ve")
@dataclass(frozen=True, slots=True)
class EtaPress:
    """The volunteer's arrival: a part of the day, or "t" to type a time."""

    order_id: int
    pick: Pick


@press("vd")
@dataclass(frozen=True, slots=True)
class EtaDayPress:
    """The volunteer's arrival by a button: a part of a day (`date.toordinal()`)."""

    order_id: int
    day: int
    part: DayPart


@press("vw")
@dataclass(frozen=True, slots=True)
class OnWayPress:
    order_id: int


@press("vh")
@dataclass(frozen=True, slots=True)
class HappenedPress:
    """The resident's "did the visit happen?"."""

    order_id: int
    happened: bool


# --- words ------------------------------------------------------------------


def arrival_words(services: Services, locale: str, arrival: Arrival | None) -> str:
    """ "今天 12月1日（周二）下午", "明天 12月2日（周三） 09:30", or the date alone for
    later days, in `locale`: "today" seen from the moment of sending, always with
    the date, so the words stay true when read another day."""
    if arrival is None:
        return services.tr.text(locale, "visit-arrival-none")
    return arrival_text(services.tr, locale, arrival, services.timezone, services.today())


def arrival_text(tr: Translator, locale: str, arrival: Arrival, zone: ZoneInfo, today: date) -> str:
    """`arrival_words` without the services: pure, for a fixed clock's `today`."""
    local = arrival.at.astimezone(zone)
    day = near(local.date(), today)
    date = render.when_text(tr, locale, When(local.date()))
    if arrival.part is not None:
        part = arrival.part.value
        return tr.text(locale, "visit-arrival-part", day=day, part=part, date=date)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    return tr.text(locale, "visit-arrival-time", day=day, time=clock, date=date)


def moment_text(tr: Translator, locale: str, at: datetime, zone: ZoneInfo, today: date) -> str:
    """A moment as the visit's times are said: "明天 12月2日（周三） 09:30"."""
    return arrival_text(tr, locale, Arrival(at), zone, today)


async def _words(
    services: Services, user_id: int, key: str, order: Order, visit: Visit, **extra: object
) -> tuple[str, str]:
    """The message `key` about the visit in `user_id`'s language, and that language."""
    locale = await services.locale_of(user_id)
    args = {
        **await services.order_args(order, locale),
        "word": visit.code_word,
        "arrival": arrival_words(services, locale, visit.arrival),
        **extra,
    }
    return services.tr.text(locale, key, **args), locale


def _on_way_markup(
    services: Services, locale: str, order_id: int, change: bool = False
) -> InlineKeyboard:
    """On my way; on the answer to "when will you arrive?", also Change the time."""
    row: list[tuple[str, Press]] = [
        (services.tr.text(locale, "visit-onway-button"), OnWayPress(order_id))
    ]
    if change:
        row.append((services.tr.text(locale, "visit-eta-change"), EtaPress(order_id, "c")))
    return render.inline(row)


def _notes_words(services: Services, locale: str, notes: list[VisitNote]) -> str:
    if not notes:
        return ""
    lines = [services.tr.text(locale, "visit-notes-title")]
    lines += [services.tr.text(locale, "visit-notes-line", text=n.text) for n in notes]
    return "\n".join(lines)


# --- after accepting: the arrival ------------------------------------------


async def begin(services: Services, order: Order, volunteer_id: int) -> None:
    """The order is the volunteer's: its code word, the notes earlier volunteers left
    about the person, and "when will you arrive?" with buttons."""
    try:
        begun = await services.visits.begin(order.id, volunteer_id)
    except Refused:  # moved on meanwhile (cancelled, released): nothing to ask
        return
    words, markup = await _eta_question(services, volunteer_id, begun)
    await services.send_words(volunteer_id, words, markup)


async def _eta_question(
    services: Services, volunteer_id: int, begun: Begun
) -> tuple[str, InlineKeyboard]:
    order_id = begun.order.id
    words, locale = await _words(services, volunteer_id, "visit-eta-ask", begun.order, begun.visit)
    if notes := _notes_words(services, locale, begun.notes):
        words = f"{words}\n\n{notes}"
    tr = services.tr
    today = services.today()
    buttons: list[tuple[str, Press]] = [
        (
            tr.text(locale, f"visit-eta-{day}{part.value}"),
            EtaDayPress(order_id, (today + timedelta(days=day)).toordinal(), part),
        )
        for day, part in services.visits.parts_open()
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(tr.text(locale, "visit-eta-typed"), EtaPress(order_id, "t"))])
    return words, render.inline(*rows)


async def eta_pressed(ctx: Ctx, press: EtaPress) -> None:
    visits = ctx.services.visits
    if press.pick == "t":
        await visits.begin(press.order_id, ctx.user_id)  # theirs, and still open
        await ctx.toast()
        await finishers.start(ctx, VISIT_TIME, {"order_id": press.order_id})
        return
    if press.pick == "c":
        begun = await visits.begin(press.order_id, ctx.user_id)
        await ctx.toast()
        words, markup = await _eta_question(ctx.services, ctx.user_id, begun)
        await ctx.replace_pressed(words, markup, fallback="send")
        return
    arrival = visits.arrival_at_part(int(press.pick[0]), _PARTS[press.pick[1]])
    await _arrive(ctx, press.order_id, arrival, pressed=True)


async def eta_day_pressed(ctx: Ctx, press: EtaDayPress) -> None:
    try:
        day = date.fromordinal(press.day)
    except (ValueError, OverflowError):  # forged: no such day
        await ctx.toast("refused-visit-time-past")
        return
    arrival = ctx.services.visits.arrival_on(day, press.part)
    await _arrive(ctx, press.order_id, arrival, pressed=True)


async def time_typed(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    day = data.get("day")
    typed = TypedTime(int(data["minutes"]), None if day is None else int(day))
    arrival = ctx.services.visits.arrival_typed(typed)
    await _arrive(ctx, int(data["order_id"]), arrival, pressed=False)


async def _arrive(ctx: Ctx, order_id: int, arrival: Arrival, pressed: bool) -> None:
    services = ctx.services
    done = await services.visits.arrive(order_id, ctx.user_id, arrival)
    finishers.committed(ctx)
    await ctx.toast()
    words, locale = await _words(services, ctx.user_id, "visit-eta-set", done.order, done.visit)
    markup = _on_way_markup(services, locale, order_id, change=True)
    if pressed:
        await ctx.replace_pressed(words, markup, fallback="send")
    else:
        await ctx.messenger.send(ctx.chat_id, words, markup)
    told, _ = await _words(
        services,
        done.order.resident_id,
        "visit-eta-resident",
        done.order,
        done.visit,
        volunteer=done.volunteer_name,
    )
    await services.send_words(done.order.resident_id, told, None)


async def remind(services: Services, due: ArrivalDue) -> None:
    """`visit.remind`: the volunteer sets out soon; the place, and On my way."""
    volunteer = due.visit.volunteer_id
    words, locale = await _words(services, volunteer, "visit-remind", due.order, due.visit)
    if house := await order_details.house_words(services, due.order, locale):
        words = f"{words}\n{house}"
    await services.send_words(volunteer, words, _on_way_markup(services, locale, due.order.id))


# --- on my way ------------------------------------------------------------


async def on_way_pressed(ctx: Ctx, press: OnWayPress) -> None:
    services = ctx.services
    way = await services.visits.on_my_way(press.order_id, ctx.user_id)
    await ctx.toast()
    words, locale = await _words(services, ctx.user_id, "visit-onway-done", way.order, way.visit)
    if house := await order_details.house_words(services, way.order, locale):
        words = f"{words}\n{house}"
    await ctx.replace_pressed(words, fallback="send")
    resident = way.order.resident_id
    told, _ = await _words(
        services,
        resident,
        "visit-onway-resident",
        way.order,
        way.visit,
        volunteer=way.volunteer_name,
    )
    await services.send_words(resident, told, None)
    await order_notices.refresh(services, way.order, "notice-on-way", volunteer=way.volunteer_name)


# --- done: did it happen, and the note --------------------------------------


async def finished(ctx: Ctx, order: Order) -> None:
    """The volunteer marked the order done: the resident is asked whether the visit
    happened (the rating follows a yes), and the volunteer may leave a note."""
    await _ask_happened(ctx.services, order, ctx.person.profile.first_name)
    await finishers.start(ctx, VISIT_NOTE, {"order_id": order.id})


async def _ask_happened(
    services: Services, order: Order, volunteer: str, key: str = "visit-happened-ask"
) -> None:
    resident = order.resident_id
    locale = await services.locale_of(resident)
    words = await services.order_words(resident, key, order, volunteer=volunteer)
    markup = render.inline(
        [
            (services.tr.text(locale, "visit-happened-yes"), HappenedPress(order.id, True)),
            (services.tr.text(locale, "visit-happened-no"), HappenedPress(order.id, False)),
        ]
    )
    await services.send_words(resident, words, markup)


async def dispatched(services: Services, step: Dispatched) -> None:
    """The sweeper's notifier of dispatch steps: `notify.dispatched`, except that the
    rating reminder of a visit the resident has not said happened asks that again
    (the stars follow its yes)."""
    if step.remind and step.order.volunteer_id is not None:
        visit = await services.visits.visit(step.order.id)
        if visit is None or visit.happened is None:
            profile = await services.people.profile(step.order.volunteer_id)
            name = profile.first_name if profile else ""
            await _ask_happened(services, step.order, name, "visit-happened-remind")
            return
    await notify.dispatched(services, step)


async def happened_pressed(ctx: Ctx, press: HappenedPress) -> None:
    services = ctx.services
    outcome = await services.visits.answer(press.order_id, ctx.user_id, press.happened)
    await ctx.toast()
    if isinstance(outcome, Confirmed):
        thanks = ctx.t("visit-happened-thanks", id=press.order_id)
        await ctx.replace_pressed(thanks, fallback="nothing")
        await notify.ask_rating(services, outcome.order)
        return
    order = outcome.dispatched.order
    await ctx.replace_pressed(ctx.t("visit-missed-resident", id=order.id), fallback="send")
    profile = await services.people.profile(outcome.volunteer_id)
    name = profile.first_name if profile else "?"
    await notify.coordinators(
        services, order, outcome.coordinators, "coord-visit-missed", volunteer=name
    )
    await services.tell_order(outcome.volunteer_id, "visit-missed-volunteer", order)
    # The notices say it was missed (not merely "offered to n"), as a complaint's say so.
    await notify.dispatched(services, outcome.dispatched, notices=False)
    await order_notices.refresh(services, order, "notice-missed", volunteer=name)


async def note_typed(ctx: Ctx, finished: Finished) -> None:
    note = str(finished.data.get("note") or "")
    if not note:
        await ctx.reply("visit-note-skipped")
        return
    await ctx.services.visits.leave_note(int(finished.data["order_id"]), ctx.user_id, note)
    finishers.committed(ctx)
    await ctx.reply("visit-note-saved")


# --- /order n ----------------------------------------------------------------


async def card_lines(services: Services, locale: str, order: Order) -> list[str]:
    """`/order n`'s lines of the visit: when the volunteer comes, when they set out,
    the code word, and whether the resident said it happened. Coordinators see the
    code word: one over the site may be phoned by a resident at the door to check it
    (they see the phone and the address already); volunteers never read this card."""
    visit = await services.visits.visit(order.id)
    if visit is None or visit.volunteer_id != order.volunteer_id:
        return []  # no visit yet, or one of a volunteer who no longer has the order
    tr = services.tr
    arrival = arrival_words(services, locale, visit.arrival)
    lines = [tr.text(locale, "visit-card-arrival", arrival=arrival)]
    if visit.on_way_at is not None:
        moment = visit.on_way_at.astimezone(services.timezone)
        at = moment_words(tr, locale, "date-pattern-history", moment)
        lines.append(tr.text(locale, "visit-card-on-way", at=at))
    lines.append(tr.text(locale, "visit-card-word", word=visit.code_word))
    if visit.happened is not None:
        happened = "yes" if visit.happened else "no"
        lines.append(tr.text(locale, "visit-card-happened", happened=happened))
    return lines


def register(router: Router) -> None:
    router.button(EtaPress, eta_pressed)
    router.button(EtaDayPress, eta_day_pressed)
    router.button(OnWayPress, on_way_pressed)
    router.button(HappenedPress, happened_pressed)
    router.finisher(VISIT_TIME, time_typed)
    router.finisher(VISIT_NOTE, note_typed)


__all__ = ["begin", "card_lines", "dispatched", "finished", "register", "remind"]
