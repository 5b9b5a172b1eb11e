"""Residents: order a service, follow and cancel orders, rate the result."""

from __future__ import annotations

from dataclasses import dataclass

from conversations.flows import ORDER, RATE_COMMENT
from conversations.flows.order_details import BY_PHONE, details_from, pin_of
from conversations.model import Finished
from domain.lifecycle import OPEN_STATUSES
from domain.models import OrderDraft
from domain.when import When
from handlers import complaints, notify, order_details, voice
from handlers.kit import finishers, render
from handlers.kit.context import Ctx
from handlers.kit.presses import press
from handlers.kit.router import Router
from handlers.notify import RatePress


@press("c")
@dataclass(frozen=True, slots=True)
class CancelPress:
    """/myorders' "cancel" on one open order."""

    order_id: int


async def order(ctx: Ctx) -> None:
    if ctx.inbound.args.strip().lower() == "for":  # a coordinator takes an order by phone
        await order_details.order_for(ctx)
        return
    await finishers.start(ctx, ORDER)


async def place(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    by_phone = bool(data.get(BY_PHONE))
    details = details_from(data, entered_by=ctx.user_id if by_phone else None)
    # Dispatch measures to the house's pin, else to where the resident stood when
    # they shared a location for the place; a visit to the station, to the point.
    lat, lon = data.get("lat"), data.get("lon")
    if pin_of(data) is not None:
        lat, lon = pin_of(data) or (None, None)
    elif data.get("visit") == "station":
        lat, lon = None, None
    draft = OrderDraft(
        resident_id=ctx.user_id,
        service_id=int(data["service_id"]),
        site_id=int(data["site_id"]),
        when=When.decode(str(data["when"]), ctx.services.today()),
        details=str(data.get("details") or ""),
        lat=lat,
        lon=lon,
        phone=data.get("phone") or None,
    )
    placed = await ctx.services.desk.place(draft, details)
    finishers.committed(ctx)
    await voice.attach(ctx.services, placed.order.id, data)  # what was said, not typed
    # The order's phone is the order's; it is the resident's own only when they said so.
    if draft.phone and data.get("save_phone") and not by_phone:
        await ctx.services.people.set_phone(ctx.user_id, draft.phone)
    told = await order_details.tell_beneficiary(ctx.services, placed, ctx.person.profile.first_name)
    if by_phone and details.beneficiary is not None:
        name = details.beneficiary.name
        await ctx.reply(
            "order-placed-for", id=placed.order.id, name=name, told="yes" if told else "no"
        )
    else:
        await ctx.reply("order-placed", id=placed.order.id)
    await notify.placed(ctx.services, placed)


async def my_orders(ctx: Ctx) -> None:
    orders = await ctx.services.desk.for_resident(ctx.user_id)
    if not orders:
        await ctx.reply("myorders-empty")
        return
    lines = [ctx.t("myorders-title")]
    buttons = []
    for item in orders:
        args = await ctx.services.order_args(item, ctx.locale)
        lines.append(ctx.t("myorders-line", **args))
        if item.status in OPEN_STATUSES:
            buttons.append([(ctx.t("myorders-cancel", id=item.id), CancelPress(item.id))])
    markup = render.inline(*buttons) if buttons else None
    await ctx.messenger.send(ctx.chat_id, "\n".join(lines), markup)


async def cancel_pressed(ctx: Ctx, press: CancelPress) -> None:
    cancelled = await ctx.services.desk.cancel_by_resident(press.order_id, ctx.user_id)
    await ctx.toast()
    await ctx.reply("order-cancelled-by-you", id=cancelled.order.id)
    await notify.cancelled(ctx.services, cancelled)


async def rate_pressed(ctx: Ctx, press: RatePress) -> None:
    order = await ctx.services.desk.rate(press.order_id, ctx.user_id, press.stars)
    await ctx.toast()
    thanks = ctx.t("rate-thanks", id=order.id, stars=render.stars(press.stars))
    await ctx.replace_pressed(thanks, fallback="nothing")  # the comment's question follows
    await complaints.rated(ctx, order, press.stars)  # few stars: a complaint
    await finishers.start(ctx, RATE_COMMENT, {"order_id": order.id})


async def save_comment(ctx: Ctx, finished: Finished) -> None:
    comment = str(finished.data.get("comment") or "")
    if comment:
        await ctx.services.desk.comment(int(finished.data["order_id"]), ctx.user_id, comment)
        finishers.committed(ctx)
        order_id = int(finished.data["order_id"])
        await ctx.reply("rate-comment-thanks", await complaints.comment_markup(ctx, order_id))
    else:
        await ctx.reply("rate-done")


def register(router: Router) -> None:
    router.command("order", order)
    router.command("myorders", my_orders)
    router.button(CancelPress, cancel_pressed)
    router.button(RatePress, rate_pressed)
    router.finisher(ORDER, place)
    router.finisher(RATE_COMMENT, save_comment)
