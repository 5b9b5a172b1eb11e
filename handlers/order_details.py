"""An order's where, when in the day and for whom: `/order for` (a coordinator
takes an order by phone), telling the person it is for, and the words that say
who comes, when and where (the summary's, the acceptance's, `/order n`'s).

The order flow itself is `conversations/flows/orders.py` with the steps of
`conversations/flows/order_details.py`; its finisher is `handlers.resident.place`.
"""

from __future__ import annotations

from conversations.flows import ORDER
from conversations.flows.order_details import BY_PHONE, visit_text, whom_text
from domain.models import Order
from domain.order_details_models import OrderDetails
from domain.order_details_models import Visit as DetailsVisit
from domain.orders import Placed, Taken
from handlers.kit import finishers
from handlers.kit.context import Ctx, Services
from handlers.kit.render import words


async def order_for(ctx: Ctx) -> None:
    """`/order for`: the order flow, for a resident who phoned; a coordinator's.
    The domain checks again, over the order's site, when it is placed."""
    if not (ctx.person.roles.coordinator or ctx.person.roles.admin):
        await ctx.reply("order-for-usage")
        return
    await ctx.reply("order-for-start")
    await finishers.start(ctx, ORDER, {BY_PHONE: True})


async def visit_words(
    services: Services,
    order: Order,
    locale: str,
    details: OrderDetails | None = None,
    who: str | None = None,
    relative: bool = True,
) -> str:
    """Who comes (`who`, or "a volunteer"), when and where, in `locale`; "" for an
    order placed before its details were asked. The day is seen from the moment
    of sending ("明天 12月2日（周三）"), or, not `relative`, for a record read at any
    time later, as its date alone."""
    details = details or await services.desk.details(order.id)
    if details is None:
        return ""
    site = await services.reference.site(order.site_id)
    place = site.name.pick(locale) if site else "?"
    today = services.today() if relative else None
    line = words(services.tr, locale, visit_text(details, order.when, place, today, who))
    if details.beneficiary is not None:
        line += "\n" + words(services.tr, locale, whom_text(details))
    return line


async def house_words(services: Services, order: Order, locale: str) -> str:
    """The house, for the volunteer who has the order (the reminder, /tasks): the
    address as typed or the pin, and for whom (with their phone); "" for a visit
    at the station or an order without details."""
    details = await services.desk.details(order.id)
    if details is None or details.visit is not DetailsVisit.HOME:
        return ""
    tr, lines = services.tr, []
    if details.address:
        lines.append(tr.text(locale, "visit-task-address", address=details.address))
    elif details.pinned and order.lat is not None and order.lon is not None:
        lat, lon = f"{order.lat:.5f}", f"{order.lon:.5f}"
        lines.append(tr.text(locale, "visit-task-pin", lat=lat, lon=lon))
    if details.beneficiary is not None:
        lines.append(words(tr, locale, whom_text(details)))
    return "\n".join(lines)


async def tell_beneficiary(services: Services, placed: Placed, orderer_name: str) -> bool:
    """The person the order is for hears of it, when they are here (their phone
    stored): who ordered it, what, and who comes when and where."""
    person = placed.beneficiary_id
    if person is None or placed.details is None:
        return False
    order = placed.order
    locale = await services.locale_of(person)
    visit = await visit_words(services, order, locale, placed.details)
    args = await services.order_args(order, locale)
    text = services.tr.text(locale, "beneficiary-told", orderer=orderer_name, visit=visit, **args)
    return await services.send_words(person, text, None) is not None


async def card_lines(services: Services, locale: str, order: Order) -> list[str]:
    """`/order n`'s lines of the visit (and a complaint's card): who comes when and
    where, for whom, and the coordinator who took it by phone."""
    details = await services.desk.details(order.id)
    if details is None:
        return []
    visit = await visit_words(services, order, locale, details)
    lines = [services.tr.text(locale, "order-card-visit", visit=visit)]
    if details.entered_by is not None:
        profile = await services.people.profile(details.entered_by)
        name = profile.first_name if profile else str(details.entered_by)
        lines.append(services.tr.text(locale, "order-card-entered-by", coordinator=name))
    return lines


async def taken(services: Services, taken: Taken) -> None:
    """Someone has the order: they hear who comes when and where, in the resident's
    words, and for whom (the name and phone: only they, never the volunteers it was
    merely offered to); and the person it is for, when they are here, who comes."""
    order, volunteer = taken.order, taken.volunteer
    details = await services.desk.details(order.id)
    if details is None:
        return
    locale = await services.locale_of(volunteer.user_id)
    visit = await visit_words(services, order, locale, details, who=volunteer.first_name)
    text = services.tr.text(locale, "order-card-visit", visit=visit)
    await services.send_words(volunteer.user_id, text, None)
    person = details.beneficiary.person_id if details.beneficiary else None
    if person is None:
        return
    locale = await services.locale_of(person)
    visit = await visit_words(services, order, locale, details, who=volunteer.first_name)
    args = await services.order_args(order, locale)
    words = services.tr.text(locale, "beneficiary-accepted", visit=visit, **args)
    await services.send_words(person, words, None)
