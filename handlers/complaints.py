"""Complaints and reopening, and orders nobody took (`domain.complaints`).

- 1-2 stars (`rated`), or "this is a complaint" pressed under a comment: the
  coordinators over the order's site get its card and history (the `/order n`
  renderer), and the resident is offered "have it done again" once.
- Nobody took it after the last escalation (`unclaimed`, from the sweeper): the
  resident is told it is delayed, with the point's phone, Keep waiting and Cancel.
- Every morning while any is left, the center's coordinators get the list (`digest`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Literal

from domain.complaints import (
    COMMENT,
    RATING,
    Complained,
    Unclaimed,
    UnclaimedDigest,
    is_complaint,
)
from domain.models import Order
from handlers import notify, order_notices
from handlers.coordinator import card_lines
from handlers.kit import render
from handlers.kit.chunks import split
from handlers.kit.context import Ctx, Services, each_bounded
from handlers.kit.ports import InlineKeyboard
from handlers.kit.presses import press
from handlers.kit.router import Router
from handlers.visits import moment_text


@press("cm")
@dataclass(frozen=True, slots=True)
class ComplaintPress:
    """Under the resident's comment: "this is a complaint"."""

    order_id: int


@press("cr")
@dataclass(frozen=True, slots=True)
class ReopenPress:
    """After a complaint: have the order done again, by someone else."""

    order_id: int


@press("cw")
@dataclass(frozen=True, slots=True)
class DelayedPress:
    """Nobody took it yet: keep waiting, or cancel."""

    order_id: int
    act: Literal["w", "c"]


# --- the rating -------------------------------------------------------------


async def rated(ctx: Ctx, order: Order, stars: int) -> None:
    """The stars are stored: the coordinators' notices show them, and few stars are
    a complaint."""
    services = ctx.services
    await order_notices.refresh(services, order, "notice-rated", stars=render.stars(stars))
    if is_complaint(stars):
        filed = await services.complaints.file(order.id, ctx.user_id, RATING)
        if filed is not None:
            await _complained(ctx, filed)


async def comment_markup(ctx: Ctx, order_id: int) -> InlineKeyboard | None:
    """Under a stored comment, "this is a complaint": unless the stars already were one."""
    order = await ctx.services.desk.get(order_id)
    if order is None or order.rating is None or is_complaint(order.rating):
        return None
    return render.inline([(ctx.t("complaint-mark"), ComplaintPress(order_id))])


async def complaint_pressed(ctx: Ctx, press: ComplaintPress) -> None:
    filed = await ctx.services.complaints.file(press.order_id, ctx.user_id, COMMENT)
    if filed is None:
        await ctx.toast("complaint-already", id=press.order_id)
        return
    await ctx.toast()
    await ctx.replace_pressed(ctx.t("rate-comment-thanks"), fallback="nothing")
    await _complained(ctx, filed)


async def _complained(ctx: Ctx, filed: Complained) -> None:
    """Tell the coordinators, then offer the resident a redo (once)."""
    await alert(ctx.services, filed)
    markup = None
    if filed.reopenable:
        markup = render.inline([(ctx.t("complaint-reopen"), ReopenPress(filed.order.id))])
    key = "complaint-filed" if filed.reopenable else "complaint-filed-no-reopen"
    await ctx.reply(key, markup, id=filed.order.id)


async def alert(services: Services, filed: Complained) -> None:
    """The coordinators over the site: the complaint, the order's card and history."""
    users = filed.coordinators
    if not users:
        return
    locales = await services.locales_of(users)
    order, stars = filed.order, render.stars(filed.order.rating or 0)
    parts = {}
    for locale in set(locales.values()):
        head = services.tr.text(
            locale, f"complaint-alert-{filed.complaint.cause}", id=order.id, stars=stars
        )
        lines = await card_lines(services, locale, order, filed.events)
        parts[locale] = split([head, "", *lines])

    async def tell(user_id: int) -> None:
        for part in parts[locales[user_id]]:
            await services.send_words(user_id, part, None)

    await each_bounded([partial(tell, user_id) for user_id in users])


async def reopen_pressed(ctx: Ctx, press: ReopenPress) -> None:
    services = ctx.services
    redone = await services.complaints.reopen(press.order_id, ctx.user_id)
    await ctx.toast()
    order = redone.dispatched.order
    await ctx.replace_pressed(ctx.t("complaint-reopened", id=order.id), fallback="send")
    if redone.coordinators:
        await notify.coordinators(services, order, redone.coordinators, "complaint-coord-reopened")
    # The notices say why it is offered again, not merely "offered to n" (the wave's
    # own refresh would overwrite that), as a missed visit's do.
    await notify.dispatched(services, redone.dispatched, notices=False)
    await order_notices.refresh(services, order, "notice-redone")


# --- nobody took it ---------------------------------------------------------


async def unclaimed(services: Services, outcome: Unclaimed) -> None:
    """The sweeper's: the resident hears it is delayed, with a phone to call."""
    order, resident = outcome.order, outcome.order.resident_id
    locale = await services.locale_of(resident)
    tr = services.tr
    args = await services.order_args(order, locale)
    lines = [tr.text(locale, "unclaimed-resident", **args)]
    if outcome.phone and outcome.phone_site_id is not None:
        site = await services.reference.site(outcome.phone_site_id)
        name = site.name.pick(locale) if site else "?"
        lines.append(tr.text(locale, "unclaimed-phone", site=name, phone=outcome.phone))
    markup = render.inline(
        [(tr.text(locale, "unclaimed-keep"), DelayedPress(order.id, "w"))],
        [(tr.text(locale, "unclaimed-cancel"), DelayedPress(order.id, "c"))],
    )
    await services.send_words(resident, "\n".join(lines), markup)
    await order_notices.refresh(services, order, "notice-unclaimed")


async def delayed_pressed(ctx: Ctx, press: DelayedPress) -> None:
    if press.act == "w":
        await _keep_waiting(ctx, press.order_id)
        return
    cancelled = await ctx.services.desk.cancel_by_resident(press.order_id, ctx.user_id)
    await ctx.toast()
    words = ctx.t("order-cancelled-by-you", id=cancelled.order.id)
    await ctx.replace_pressed(words, fallback="send")
    await notify.cancelled(ctx.services, cancelled)


async def _keep_waiting(ctx: Ctx, order_id: int) -> None:
    """Back into dispatch: the resident is told when they hear again, the ranked
    volunteers get the offer again, the coordinators' notices follow."""
    services = ctx.services
    kept = await services.complaints.keep_waiting(order_id, ctx.user_id)
    await ctx.toast()
    hear_by = moment_text(
        services.tr, ctx.locale, kept.hear_by, services.timezone, services.today()
    )
    words = ctx.t("unclaimed-kept", id=order_id, at=hear_by)
    await ctx.replace_pressed(words, fallback="send")
    await notify.dispatched(services, kept.dispatched)


async def digest(services: Services, outcome: UnclaimedDigest) -> None:
    """The sweeper's, every morning: the orders nobody took, to the center."""
    users = outcome.coordinators
    if not users or not outcome.orders:
        return
    locales = await services.locales_of(users)
    parts = {}
    for locale in set(locales.values()):
        lines = [services.tr.text(locale, "unclaimed-digest-title", count=len(outcome.orders))]
        for order in outcome.orders:
            args = await services.order_args(order, locale)
            lines.append(services.tr.text(locale, "unclaimed-digest-line", **args))
        parts[locale] = split(lines)
    messages = [(uid, part, None) for uid in users for part in parts[locales[uid]]]
    await services.tell_all(messages)


def register(router: Router) -> None:
    router.button(ComplaintPress, complaint_pressed)
    router.button(ReopenPress, reopen_pressed)
    router.button(DelayedPress, delayed_pressed)
