"""Telling other people: offers to volunteers, news to residents, alerts to coordinators.

One function per outcome the domain returns (`placed`, `dispatched`, `taken`,
`assigned`, `reassigned`, `released`, `cancelled`, `finished`, `forgotten`): it
knows everyone that outcome concerns and what each of them is told. A handler
parses, calls the domain, replies to its own user, then hands the outcome here;
the sweeper does the same with the deadlines it fires.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Literal

from conversations.model import Text
from domain.models import Offer, OfferStatus, Order
from domain.offers import Dispatched
from domain.orders import Cancelled, Placed, Reassigned, Released, Taken
from domain.privacy import Forgotten
from handlers import checkin, order_details, order_notices, relay
from handlers.kit import render
from handlers.kit.context import Services, each_bounded
from handlers.kit.ports import BadRequest, InlineKeyboard, Unreachable
from handlers.kit.presses import press

log = logging.getLogger(__name__)


# The buttons this module sends to other people; handled in `volunteer` and `resident`.
@press("o")
@dataclass(frozen=True, slots=True)
class OfferPress:
    order_id: int
    act: Literal["a", "d"]  # accept / decline


@press("t")
@dataclass(frozen=True, slots=True)
class DonePress:
    """A task's "done" (then the hours are asked): on /tasks, on the accepted-order
    message, and on the message telling an assignee the task is theirs."""

    order_id: int


@press("r")
@dataclass(frozen=True, slots=True)
class RatePress:
    order_id: int
    stars: int


async def _words_by_locale(
    services: Services,
    order: Order,
    locales: Iterable[str],
    key: str,
    extra: Mapping[str, object] | None = None,
    public: bool = False,
) -> dict[str, str]:
    """The message in each language needed: built once per language, not per person.

    `public` words are for people the order is not (yet) theirs: without what
    `render.PRIVATE` names, whatever the message's text asks for."""
    words = {}
    for locale in set(locales):
        args = {**await services.order_args(order, locale), **(extra or {})}
        if public:
            args = {name: value for name, value in args.items() if name not in render.PRIVATE}
        words[locale] = services.tr.text(locale, key, **args)
    return words


async def offer(services: Services, wave: Dispatched) -> None:
    """Push the order to each volunteer of the wave, with Accept / Decline.

    An offer says the service, the place and the day; the details and the phone
    go only to whoever takes it. One query for everyone's language, the words
    once per language, the sends concurrently (the transport still paces them),
    and every offer's message id recorded in one transaction. An offer that
    reached nobody (blocked, never started) is withdrawn and the wave refilled.
    """
    notices = wave.offers
    if not notices:
        return
    order, tr = wave.order, services.tr
    locales = await services.locales_of(n.volunteer.user_id for n in notices)
    words = await _words_by_locale(services, order, locales.values(), "offer-new", public=True)
    markups = {
        locale: render.inline(
            [
                (tr.text(locale, "offer-accept"), OfferPress(order.id, "a")),
                (tr.text(locale, "offer-decline"), OfferPress(order.id, "d")),
            ]
        )
        for locale in words
    }
    recipients = [n.volunteer.user_id for n in notices]
    sent = await services.deliver_all(
        [(uid, words[locales[uid]], markups[locales[uid]]) for uid in recipients]
    )
    pairs = [(n.offer_id, d.message_id) for n, d in zip(notices, sent, strict=True) if d.message_id]
    # The ids are recorded once every send is back, so an offer may have been
    # taken, withdrawn or assigned meanwhile without its message being edited: edit it here.
    late = await services.desk.record_offer_messages(pairs)
    for own in (o for o in late if o.status is OfferStatus.WON):
        await _edit_own_offer(services, own, order)
    for status, key in (
        (OfferStatus.TAKEN, "offer-taken"),
        (OfferStatus.WITHDRAWN, "offer-withdrawn"),
    ):
        await close_offers(services, [o for o in late if o.status is status], key, order)
    unreached = [n.offer_id for n, d in zip(notices, sent, strict=True) if d.unreachable]
    refilled = await services.desk.unreached(order.id, unreached)
    if refilled is not None:  # the next ranked, at once: each round excludes more people
        await dispatched(services, refilled)


async def coordinators(
    services: Services,
    order: Order,
    user_ids: list[int],
    key: str = "coord-new-order",
    **extra: object,
) -> None:
    if not user_ids:
        return
    locales = await services.locales_of(user_ids)
    words = await _words_by_locale(services, order, locales.values(), key, extra)
    await services.tell_all([(uid, words[locales[uid]], None) for uid in user_ids])


LEVELS = {1: "point", 2: "station", 3: "center"}


async def placed(services: Services, placed: Placed) -> None:
    """A new order: its coordinators hear of it, and its first wave is offered."""
    # The notice says what the first wave did, and is edited as the order moves.
    # Only to those who chose every order (`/notify`); the others read a digest.
    wanted = await services.digests.every_order(placed.coordinators)
    await order_notices.send(services, placed.dispatched, wanted)
    await dispatched(services, placed.dispatched, notices=False)


async def dispatched(services: Services, step: Dispatched, notices: bool = True) -> None:
    """Tell everyone one dispatch step concerns: new offers, an escalation, a reminder.
    `notices`: the coordinators' new-order notices say so too (not needed for the
    first wave: the notice is sent saying it)."""
    await offer(services, step)
    if notices:
        await order_notices.follow(services, step)
    if step.escalated_to:
        level = LEVELS[step.escalated_to]
        alerted = await services.digests.alerted(step.coordinators)  # not the digest's
        await coordinators(services, step.order, alerted, "coord-escalated", level=level)
    if step.remind:
        await ask_rating(services, step.order, "rate-remind")


async def close_offers(services: Services, offers: list[Offer], key: str, order: Order) -> None:
    """Edit other volunteers' offer messages: taken, or withdrawn; buttons gone."""
    shown = [o for o in offers if o.message_id is not None]
    if not shown:
        return
    locales = await services.locales_of(o.volunteer_id for o in shown)
    words = {loc: services.tr.text(loc, key, id=order.id) for loc in set(locales.values())}

    async def edit(closed: Offer) -> None:
        assert closed.message_id is not None  # filtered above
        with contextlib.suppress(BadRequest, Unreachable):
            await services.edit(
                closed.volunteer_id, closed.message_id, words[locales[closed.volunteer_id]], None
            )

    await each_bounded([partial(edit, closed) for closed in shown])


async def taken(services: Services, taken: Taken) -> None:
    """A volunteer accepted: the resident hears who is coming, the other volunteers
    that it is gone."""
    order = taken.order
    resident = order.resident_id
    visit = await order_details.visit_words(
        services, order, await services.locale_of(resident), who=taken.volunteer.first_name
    )
    await services.tell_order(
        resident,
        "resident-accepted",
        order,
        await resident_buttons(services, order),
        volunteer=taken.volunteer.first_name,
        visit=visit,
    )
    await order_details.taken(services, taken)
    await close_offers(services, taken.closed_offers, "offer-taken", order)
    volunteer = taken.volunteer.first_name
    await order_notices.refresh(services, order, "notice-taken", volunteer=volunteer)


async def resident_buttons(services: Services, order: Order) -> InlineKeyboard:
    """On the resident's "accepted" message: write to the volunteer, show the QR code."""
    locale = await services.locale_of(order.resident_id)
    return render.inline(
        [
            relay.button(services, locale, order.id, "volunteer"),
            checkin.resident_button(services, locale, order.id),
        ]
    )


def volunteer_buttons(services: Services, locale: str, order: Order) -> InlineKeyboard:
    """On the volunteer's task message: write to the resident, check in at the door,
    and Done (finishing needs no detour through /tasks)."""
    return render.inline(
        [
            relay.button(services, locale, order.id, "resident"),
            checkin.volunteer_button(services, locale, order.id),
        ],
        [(services.tr.text(locale, "tasks-done", id=order.id), DonePress(order.id))],
    )


async def assigned(services: Services, given: Taken) -> None:
    """A coordinator gave the order to a volunteer: they get its details, then the
    resident and the others are told as when it is accepted."""
    await _tell_assignee(services, given)
    await taken(services, given)


async def _tell_assignee(services: Services, taken: Taken) -> None:
    """Tell the volunteer a coordinator gave them the order, with its details.

    A new message, so they are notified; and their own offer of it, if they had
    one, is edited to the same words: it is theirs, not "taken by another"."""
    order, user_id = taken.order, taken.volunteer.user_id
    words = await services.order_words(user_id, "task-assigned", order)
    await services.send_words(
        user_id, words, volunteer_buttons(services, await services.locale_of(user_id), order)
    )
    own = taken.own_offer
    if own is not None and own.message_id is not None:
        await _edit_own_offer(services, own, order, words)


async def _edit_own_offer(
    services: Services, own: Offer, order: Order, words: str | None = None
) -> None:
    """The assignee's own offer message shows the task it became, without buttons."""
    assert own.message_id is not None  # the callers know it
    if words is None:
        words = await services.order_words(own.volunteer_id, "task-assigned", order)
    markup = volunteer_buttons(services, await services.locale_of(own.volunteer_id), order)
    with contextlib.suppress(BadRequest, Unreachable):
        await services.edit(own.volunteer_id, own.message_id, words, markup)


async def reassigned(services: Services, reassigned: Reassigned) -> None:
    """The order moved to another volunteer: the one who had it, the new one, the
    resident and whoever still had an offer of it."""
    given, order = reassigned.taken, reassigned.taken.order
    if reassigned.previous_volunteer_id is not None:
        await services.tell(
            reassigned.previous_volunteer_id, Text("task-reassigned-away", {"id": order.id})
        )
    if reassigned.previous_offer is not None:  # its message still says "you accepted"
        await close_offers(services, [reassigned.previous_offer], "offer-reassigned-away", order)
    await _tell_assignee(services, given)
    await services.tell_order(
        order.resident_id,
        "resident-reassigned",
        order,
        await resident_buttons(services, order),
        volunteer=given.volunteer.first_name,
    )
    await close_offers(services, given.closed_offers, "offer-taken", order)
    volunteer = given.volunteer.first_name
    await order_notices.refresh(services, order, "notice-taken", volunteer=volunteer)


async def released(services: Services, released: Released, forgotten: bool = False) -> None:
    """The volunteer gave the order back: the resident hears so, and it is offered
    again. `forgotten`: they erased themselves, so they are not named."""
    order = released.dispatched.order
    if forgotten:
        await services.tell(order.resident_id, Text("resident-volunteer-left", {"id": order.id}))
    else:
        await services.tell_order(
            order.resident_id, "resident-released", order, volunteer=released.volunteer.first_name
        )
    await order_notices.refresh(services, order, "notice-released")
    await dispatched(services, released.dispatched)


async def cancelled(services: Services, cancelled: Cancelled, reason: str | None = None) -> None:
    """An order was cancelled: its volunteer and open offers hear of it. With a
    `reason` a coordinator cancelled it, so the resident is told too, and why."""
    order = cancelled.order
    if reason is not None:
        resident = order.resident_id
        await services.tell_order(resident, "resident-order-cancelled", order, reason=reason)
    if cancelled.volunteer_id is not None:
        text = (
            Text("task-cancelled", {"id": order.id})
            if reason is None
            else Text("task-cancelled-by-coordinator", {"id": order.id, "reason": reason})
        )
        await services.tell(cancelled.volunteer_id, text)
    await close_offers(services, cancelled.closed_offers, "offer-withdrawn", order)
    await order_notices.refresh(services, order, "notice-cancelled")


async def finished(services: Services, order: Order, rating: bool = True) -> None:
    """The volunteer recorded the hours: the resident is asked to rate. Not `rating`:
    `handlers.visits` asks "did the visit happen?" first, and the stars follow a yes."""
    if rating:
        await ask_rating(services, order)
    hours = f"{order.hours:g}" if order.hours is not None else "-"
    await order_notices.refresh(services, order, "notice-done", hours=hours)


async def forgotten(services: Services, forgotten: Forgotten, user_id: int, locale: str) -> None:
    """Someone erased themselves (`/forgetme`): everyone their orders and tasks
    concerned is told, and the offers still in their own chat (`user_id`'s, in their
    `locale`) are closed."""
    for gone in forgotten.cancelled:
        await cancelled(services, gone)
    for given_back in forgotten.released:
        await released(services, given_back, forgotten=True)
    for step in forgotten.declined:
        await dispatched(services, step)
    for offer_ in forgotten.closed_offers:
        if offer_.message_id is not None:
            words = services.tr.text(locale, "forgetme-offer-closed", id=offer_.order_id)
            with contextlib.suppress(BadRequest, Unreachable):
                await services.edit(user_id, offer_.message_id, words, None)


async def ask_rating(services: Services, order: Order, key: str = "rate-ask") -> None:
    """The stars, each with its words (★ 很不满意 … ★★★★★ 非常满意), one per row:
    an elder reads what a press means instead of counting stars."""
    locale = await services.locale_of(order.resident_id)
    markup = render.inline(
        *[
            [(services.tr.text(locale, f"rate-button-{n}"), RatePress(order.id, n))]
            for n in range(1, 6)
        ]
    )
    await services.tell_order(order.resident_id, key, order, markup)
