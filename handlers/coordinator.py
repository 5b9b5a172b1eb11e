"""Coordinators: see what waits in their sites, assign it by hand."""

from __future__ import annotations

from conversations.model import Text
from domain.errors import Refused
from handlers import notify
from handlers.context import Ctx
from handlers.router import Router


async def pending(ctx: Ctx) -> None:
    if not ctx.person.roles.coordinator:
        raise Refused("not-a-coordinator")
    orders = await ctx.services.desk.pending(ctx.user_id)
    if not orders:
        await ctx.reply("pending-empty")
        return
    lines = [ctx.t("pending-title", count=len(orders))]
    for order in orders:
        args = await notify.order_args(ctx.services, order, ctx.locale)
        lines.append(ctx.t("pending-line", **args))
    await ctx.services.messenger.send(ctx.chat_id, "\n".join(lines))


async def assign(ctx: Ctx) -> None:
    parts = ctx.inbound.args.split()
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        await ctx.reply("assign-usage")
        return
    order_id, volunteer_id = int(parts[0]), int(parts[1])
    taken = await ctx.services.desk.assign(order_id, volunteer_id, ctx.user_id)
    await ctx.reply("assign-done", id=order_id, volunteer=taken.volunteer.first_name)
    locale = await ctx.services.locale_of(volunteer_id)
    args = await notify.order_args(ctx.services, taken.order, locale)
    await ctx.services.tell(volunteer_id, Text("task-assigned", args), None, locale)
    await notify.taken(ctx.services, taken)


def register(router: Router) -> None:
    router.command("pending", pending)
    router.command("assign", assign)
