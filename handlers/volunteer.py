"""Volunteers: join a team, answer offers, see tasks, finish them with hours."""

from __future__ import annotations

import contextlib

from conversations.model import Finished
from domain.errors import Refused
from domain.points import HOUR_CHOICES, points_for
from handlers import flows, notify, render
from handlers.callbacks import DonePress, HoursPress, OfferPress
from handlers.context import Ctx
from handlers.ports import BadRequest, InlineKeyboard
from handlers.router import Router


async def _edit_pressed(ctx: Ctx, text: str, markup: InlineKeyboard | None = None) -> None:
    if ctx.inbound.message_id:
        with contextlib.suppress(BadRequest):
            await ctx.services.messenger.edit(ctx.chat_id, ctx.inbound.message_id, text, markup)


async def offer_pressed(ctx: Ctx, press: OfferPress) -> None:
    if press.act == "d":
        dispatched = await ctx.services.desk.decline(press.order_id, ctx.user_id)
        await ctx.toast()
        await _edit_pressed(ctx, ctx.t("offer-declined", id=press.order_id))
        if dispatched is not None:
            await notify.after_dispatch(ctx.services, dispatched)
        return
    try:
        taken = await ctx.services.desk.accept(press.order_id, ctx.user_id)
    except Refused as refused:
        if refused.reason not in ("offer-taken", "offer-closed"):
            raise
        await ctx.toast("offer-taken", id=press.order_id)
        await _edit_pressed(ctx, ctx.t("offer-taken", id=press.order_id))
        return
    await ctx.toast()
    args = await notify.order_args(ctx.services, taken.order, ctx.locale)
    await _edit_pressed(ctx, ctx.t("offer-won", **args))
    await notify.taken(ctx.services, taken)


async def tasks(ctx: Ctx) -> None:
    mine = await ctx.services.desk.tasks(ctx.user_id)
    if not mine:
        await ctx.reply("tasks-empty")
        return
    lines = [ctx.t("tasks-title")]
    rows = []
    for task in mine:
        args = await notify.order_args(ctx.services, task, ctx.locale)
        lines.append(ctx.t("tasks-line", **args))
        rows.append([(ctx.t("tasks-done", id=task.id), DonePress(task.id))])
    await ctx.services.messenger.send(ctx.chat_id, "\n".join(lines), render.inline(*rows))


async def done_pressed(ctx: Ctx, press: DonePress) -> None:
    await ctx.toast()
    hours = [(f"{h:g}", HoursPress(press.order_id, f"{h:g}")) for h in HOUR_CHOICES]
    other = [(ctx.t("hours-other"), HoursPress(press.order_id, "other"))]
    await ctx.reply("hours-choose", render.inline(hours, other), id=press.order_id)


async def hours_pressed(ctx: Ctx, press: HoursPress) -> None:
    await ctx.toast()
    if press.hours == "other":
        await flows.start(ctx, "hours", {"order_id": press.order_id})
        return
    try:
        hours = float(press.hours)
    except ValueError:
        raise Refused("bad-hours") from None
    await _finish(ctx, press.order_id, hours)
    await _edit_pressed(ctx, ctx.t("hours-recorded", id=press.order_id, hours=f"{hours:g}"))


async def hours_typed(ctx: Ctx, finished: Finished) -> None:
    await _finish(ctx, int(finished.data["order_id"]), float(finished.data["hours"]))


async def _finish(ctx: Ctx, order_id: int, hours: float) -> None:
    order = await ctx.services.desk.finish(order_id, ctx.user_id, hours)
    await ctx.reply("task-done", id=order.id, hours=f"{hours:g}", points=points_for(hours))
    await notify.ask_rating(ctx.services, order)


def register(router: Router) -> None:
    router.command("tasks", tasks)
    router.button(OfferPress, offer_pressed)
    router.button(DonePress, done_pressed)
    router.button(HoursPress, hours_pressed)
    router.finisher("hours", hours_typed)
