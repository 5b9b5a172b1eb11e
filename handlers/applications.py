"""Becoming a volunteer: `/join <team code>` joins directly."""

from __future__ import annotations

from handlers.context import Ctx
from handlers.router import Router


async def join(ctx: Ctx) -> None:
    code = ctx.inbound.args.strip()
    if not code:
        await ctx.reply("join-usage")
        return
    _volunteer, team = await ctx.services.people.join(ctx.user_id, code)
    await ctx.reply("join-welcome", team=team.name.pick(ctx.locale))


def register(router: Router) -> None:
    router.command("join", join)
