"""One-time invite links: `/invite <team code>` for a coordinator over the team's site,
redeemed by `/start inv_<token>` (see `domain.invites` for what makes a token good).
"""

from __future__ import annotations

from domain.errors import Refused
from handlers import menus
from handlers.kit.context import Ctx
from handlers.kit.router import Router

DEEP_LINK_INVITE = "inv_"


async def invite(ctx: Ctx) -> None:
    code = ctx.inbound.args.strip()
    if not code:
        await ctx.reply("invite-usage")
        return
    issued = await ctx.services.invites.issue(ctx.user_id, code)
    username = await ctx.services.bot_username()
    await ctx.reply(
        "invite-link",
        team=issued.team.name.pick(ctx.locale),
        link=f"https://t.me/{username}?start={DEEP_LINK_INVITE}{issued.token}",
        until=issued.expires_at_text,
    )


async def redeem(ctx: Ctx, token: str) -> None:
    """`/start inv_<token>`: join the team, or say kindly why not (the greeting follows)."""
    try:
        team = await ctx.services.invites.redeem(ctx.user_id, token)
    except Refused as refused:
        # Said kindly, in the same words a refusal gets anywhere (`refused-<reason>`).
        await ctx.reply(f"refused-{refused.reason}", **refused.args_for_text)
        return
    # The menu that follows must already show the volunteer's buttons.
    sender = ctx.inbound.sender
    ctx.person = await ctx.services.people.touch(
        ctx.inbound.address, sender.first_name, sender.username
    )
    await ctx.reply("invite-welcome", team=team.name.pick(ctx.locale))
    await menus.refresh(ctx.services, ctx.user_id)  # the volunteer's command menu


def register(router: Router) -> None:
    router.command("invite", invite)
