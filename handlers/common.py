"""Everyone's commands: /start (with a site deep link), /help, /lang, /cancel, /whoami."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from domain.errors import Refused
from handlers import checkin, menus
from handlers.activity_desk import DEEP_LINK_CHECK_IN, check_in_link
from handlers.invites import DEEP_LINK_INVITE, redeem
from handlers.kit import render
from handlers.kit.context import Ctx
from handlers.kit.finishers import FlowPress, MenuPress, menu_rows, show
from handlers.kit.ports import RemoveKeyboard
from handlers.kit.presses import press
from handlers.kit.router import Router
from locales import LOCALES


@press("l")
@dataclass(frozen=True, slots=True)
class LangPress:
    locale: str


DeepLink = Callable[[Ctx, str], Awaitable[None]]
SITE_ID_DIGITS = 9  # more digits than any site id: refused before reaching SQL


async def _home_site(ctx: Ctx, rest: str) -> None:
    """`/start site_<id>`: the QR code on a village point's door."""
    if not rest.isdigit() or len(rest) > SITE_ID_DIGITS:
        raise Refused("unknown-home-site")
    site = await ctx.services.people.set_home_site(ctx.user_id, int(rest))
    await ctx.reply("start-home-site", site=site.name.pick(ctx.locale))


# `/start <prefix><rest>` deep links, by prefix: one entry per kind of link.
DEEP_LINKS: dict[str, DeepLink] = {
    "site_": _home_site,
    DEEP_LINK_INVITE: redeem,
    DEEP_LINK_CHECK_IN: check_in_link,
    checkin.DEEP_LINK_CHECKIN: checkin.redeem,  # the resident's QR code at the door
}


async def _follow(ctx: Ctx, payload: str) -> None:
    for prefix, follow in DEEP_LINKS.items():
        if payload.startswith(prefix):
            try:
                await follow(ctx, payload[len(prefix) :])
            except Refused as refused:
                # A link that leads nowhere says why, kindly; the greeting still follows.
                await ctx.reply(f"refused-{refused.reason}", **refused.args_for_text)
            return


async def start(ctx: Ctx) -> None:
    """Always the greeting and the menu, whatever the link did."""
    await ctx.services.engine.cancel(ctx.state_key)
    await _follow(ctx, ctx.inbound.args.strip())
    await ctx.reply(
        "start-greeting",
        render.inline(*menu_rows(ctx)),
        name=ctx.person.profile.first_name or "",
    )
    roles = ctx.person.roles
    if roles.volunteer or roles.coordinator:  # first contact: now their chat can have it
        await menus.refresh(ctx.services, ctx.user_id)


async def help_(ctx: Ctx) -> None:
    roles = ctx.person.roles
    parts = [ctx.t("help-resident"), ctx.t("help-activities"), ctx.t("help-wishes")]
    if roles.volunteer:
        parts.append(ctx.t("help-volunteer"))
        parts.append(ctx.t("help-volunteer-more"))
    else:
        parts.append(ctx.t("help-join"))
    if roles.coordinator:
        parts.append(ctx.t("help-coordinator"))
        parts.append(ctx.t("help-activities-coordinator"))
        parts.append(ctx.t("help-coordinator-more"))
    await ctx.messenger.send(ctx.chat_id, "\n\n".join(parts))


async def lang(ctx: Ctx) -> None:
    buttons = [(ctx.services.tr.text(code, "language-name"), LangPress(code)) for code in LOCALES]
    await ctx.reply("lang-choose", render.inline(buttons))


async def lang_pressed(ctx: Ctx, press: LangPress) -> None:
    if press.locale not in LOCALES:
        await ctx.toast("button-unknown")
        return
    await ctx.services.people.set_locale(ctx.user_id, press.locale)
    ctx.person = await ctx.services.people.touch(
        ctx.inbound.address, ctx.inbound.sender.first_name, ctx.inbound.sender.username
    )
    await ctx.toast()
    await ctx.reply("lang-set")
    await menus.refresh(ctx.services, ctx.user_id)  # a chat's own menu, in the new language
    # Mid-conversation, ask the current question again in the new language.
    asked = await ctx.services.engine.resume(ctx.state_key, ctx.flow_context())
    if asked is not None:
        await show(ctx, asked, {})


async def cancel(ctx: Ctx) -> None:
    stopped = await ctx.services.engine.cancel(ctx.state_key)
    if stopped.text is None:
        await ctx.reply("cancel-nothing", RemoveKeyboard())
    else:
        await ctx.say(stopped.text, RemoveKeyboard())


async def whoami(ctx: Ctx) -> None:
    await ctx.reply("whoami", id=ctx.user_id)


def register(router: Router) -> None:
    for name, handler in {
        "start": start,
        "help": help_,
        "lang": lang,
        "cancel": cancel,
        "whoami": whoami,
    }.items():
        router.command(name, handler)
    router.button(LangPress, lang_pressed)

    async def menu_pressed(ctx: Ctx, press: MenuPress) -> None:
        handler = router.resolve(press.item, "")
        await ctx.toast()
        if handler is not None:
            await handler(ctx)

    router.button(MenuPress, menu_pressed)
    router.button(FlowPress, router.flow_press)
