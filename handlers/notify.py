"""Telling other people: offers to volunteers, news to residents, alerts to coordinators."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Literal

from conversations.model import Text
from domain.dispatcher import Dispatched
from domain.models import Offer, OfferStatus, Order
from domain.orders import Taken
from handlers import render
from handlers.context import Services, each_bounded
from handlers.ports import BadRequest, Unreachable
from handlers.presses import press

log = logging.getLogger(__name__)


# The buttons this module sends to other people; handled in `volunteer` and `resident`.
@press("o")
@dataclass(frozen=True, slots=True)
class OfferPress:
    order_id: int
    act: Literal["a", "d"]  # accept / decline


@press("r")
@dataclass(frozen=True, slots=True)
class RatePress:
    order_id: int
    stars: int


async def order_args(services: Services, order: Order, locale: str) -> dict[str, object]:
    # Both look-ups are served from the process's cache (`domain.reference`).
    catalogue = await services.reference.catalogue()
    site = await services.reference.site(order.site_id)
    return render.order_args(services.tr, locale, order, catalogue, site)


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
        args = {**await order_args(services, order, locale), **(extra or {})}
        if public:
            args = {name: value for name, value in args.items() if name not in render.PRIVATE}
        words[locale] = services.tr.text(locale, key, **args)
    return words


async def offer(services: Services, dispatched: Dispatched) -> None:
    """Push the order to each volunteer of the wave, with Accept / Decline.

    An offer says the service, the place and the day; the details and the phone
    go only to whoever takes it. One query for everyone's language, the words
    once per language, the sends concurrently (the transport still paces them),
    and every offer's message id recorded in one transaction. An offer that
    reached nobody (blocked, never started) is withdrawn and the wave refilled.
    """
    notices = dispatched.offers
    if not notices:
        return
    order, tr = dispatched.order, services.tr
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
    # taken or withdrawn meanwhile without its message being edited: edit it here.
    late = await services.desk.record_offer_messages(pairs)
    for status, key in (
        (OfferStatus.TAKEN, "offer-taken"),
        (OfferStatus.WITHDRAWN, "offer-withdrawn"),
    ):
        await close_offers(services, [o for o in late if o.status is status], key, order)
    unreached = [n.offer_id for n, d in zip(notices, sent, strict=True) if d.unreachable]
    refilled = await services.desk.unreached(order.id, unreached)
    if refilled is not None:  # the next ranked, at once: each round excludes more people
        await after_dispatch(services, refilled)


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


async def after_dispatch(services: Services, dispatched: Dispatched) -> None:
    """Tell everyone one dispatch step concerns: new offers, an escalation, a reminder."""
    await offer(services, dispatched)
    if dispatched.escalated_to:
        level = LEVELS[dispatched.escalated_to]
        await coordinators(
            services, dispatched.order, dispatched.coordinators, "coord-escalated", level=level
        )
    if dispatched.remind:
        await ask_rating(services, dispatched.order, "rate-remind")


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
            await services.messenger.edit(
                closed.volunteer_id, closed.message_id, words[locales[closed.volunteer_id]], None
            )

    await each_bounded([partial(edit, closed) for closed in shown])


async def taken(services: Services, taken: Taken) -> None:
    """Tell the resident who is coming, and the other volunteers that it is gone."""
    order = taken.order
    locale = await services.locale_of(order.resident_id)
    args = await order_args(services, order, locale)
    args["volunteer"] = taken.volunteer.first_name
    await services.tell(order.resident_id, Text("resident-accepted", args), None, locale)
    await close_offers(services, taken.closed_offers, "offer-taken", order)


async def assigned(services: Services, taken: Taken) -> None:
    """Tell the volunteer a coordinator gave them the order, with its details.

    A new message, so they are notified; and their own offer of it, if they had
    one, is edited to the same words: it is theirs, not "taken by another"."""
    order, user_id = taken.order, taken.volunteer.user_id
    locale = await services.locale_of(user_id)
    args = await order_args(services, order, locale)
    words = services.tr.text(locale, "task-assigned", **args)
    await services.send_words(user_id, words, None)
    own = taken.own_offer
    if own is not None and own.message_id is not None:
        with contextlib.suppress(BadRequest, Unreachable):
            await services.messenger.edit(user_id, own.message_id, words, None)


async def ask_rating(services: Services, order: Order, key: str = "rate-ask") -> None:
    locale = await services.locale_of(order.resident_id)
    args = await order_args(services, order, locale)
    markup = render.inline(
        [(render.stars(n), RatePress(order.id, n)) for n in (1, 2, 3)],
        [(render.stars(n), RatePress(order.id, n)) for n in (4, 5)],
    )
    await services.tell(order.resident_id, Text(key, args), markup, locale)
