"""Telling other people: offers to volunteers, news to residents, alerts to coordinators."""

from __future__ import annotations

import contextlib
import logging

from conversations.model import Text
from domain.dispatcher import Dispatched
from domain.models import Offer, Order
from domain.orders import Taken
from handlers import render
from handlers.callbacks import OfferPress, RatePress
from handlers.context import Services
from handlers.ports import BadRequest, Unreachable

log = logging.getLogger(__name__)


async def order_args(services: Services, order: Order, locale: str) -> dict[str, object]:
    catalogue = await services.directory.catalogue()
    site = await services.directory.site(order.site_id)
    return render.order_args(services.tr, locale, order, catalogue, site)


async def offer(services: Services, dispatched: Dispatched) -> None:
    """Push the order to each volunteer of the wave, with Accept / Decline."""
    for notice in dispatched.offers:
        volunteer_id = notice.volunteer.user_id
        locale = await services.locale_of(volunteer_id)
        args = await order_args(services, dispatched.order, locale)
        markup = render.inline(
            [
                (services.tr.text(locale, "offer-accept"), OfferPress(dispatched.order.id, "a")),
                (services.tr.text(locale, "offer-decline"), OfferPress(dispatched.order.id, "d")),
            ]
        )
        message_id = await services.tell(volunteer_id, Text("offer-new", args), markup, locale)
        if message_id is not None:
            await services.desk.record_offer_message(notice.offer_id, message_id)


async def coordinators(
    services: Services,
    order: Order,
    user_ids: list[int],
    key: str = "coord-new-order",
    **extra: object,
) -> None:
    for user_id in user_ids:
        locale = await services.locale_of(user_id)
        args = {**await order_args(services, order, locale), **extra}
        await services.tell(user_id, Text(key, args), None, locale)


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
    for closed in offers:
        if closed.message_id is None:
            continue
        locale = await services.locale_of(closed.volunteer_id)
        words = services.tr.text(locale, key, id=order.id)
        with contextlib.suppress(BadRequest, Unreachable):
            await services.messenger.edit(closed.volunteer_id, closed.message_id, words, None)


async def taken(services: Services, taken: Taken) -> None:
    """Tell the resident who is coming, and the other volunteers that it is gone."""
    order = taken.order
    locale = await services.locale_of(order.resident_id)
    args = await order_args(services, order, locale)
    args["volunteer"] = taken.volunteer.first_name
    await services.tell(order.resident_id, Text("resident-accepted", args), None, locale)
    await close_offers(services, taken.closed_offers, "offer-taken", order)


async def ask_rating(services: Services, order: Order, key: str = "rate-ask") -> None:
    locale = await services.locale_of(order.resident_id)
    args = await order_args(services, order, locale)
    markup = render.inline(
        [(render.stars(n), RatePress(order.id, n)) for n in (1, 2, 3)],
        [(render.stars(n), RatePress(order.id, n)) for n in (4, 5)],
    )
    await services.tell(order.resident_id, Text(key, args), markup, locale)
