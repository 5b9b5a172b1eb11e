"""Becoming a volunteer: `/join <team code>` joins directly; `/join` alone applies.

An application picks its site with buttons (station, then point) and goes to
the coordinators over that site, who approve it into a team or reject it, also
with buttons. The buttons only say what was pressed: the domain checks who
pressed them and which teams they may use.
"""

from __future__ import annotations

import contextlib

from conversations.model import Text
from domain.admin_models import Application
from domain.errors import Refused
from domain.models import SiteLevel
from handlers import render
from handlers.callbacks import ApplicationPress, ApplicationTeamPress, JoinSitePress, Press
from handlers.context import Ctx, Services
from handlers.ports import BadRequest, InlineKeyboard
from handlers.router import Router


async def join(ctx: Ctx) -> None:
    code = ctx.inbound.args.strip()
    if code:
        _volunteer, team = await ctx.services.people.join(ctx.user_id, code)
        await ctx.reply("join-welcome", team=team.name.pick(ctx.locale))
        return
    if ctx.person.roles.volunteer:
        raise Refused("already-a-volunteer")
    stations = await ctx.services.directory.stations()
    if not stations:
        await ctx.reply("join-usage")
        return
    buttons = [(s.name.pick(ctx.locale), JoinSitePress(s.id)) for s in stations]
    await ctx.reply("join-ask-station", render.inline(*([b] for b in buttons)))


async def site_pressed(ctx: Ctx, press: JoinSitePress) -> None:
    site = await ctx.services.directory.site(press.site_id)
    if site is None or site.level is SiteLevel.CENTER:
        raise Refused("no-such-site")
    points = await ctx.services.directory.children(site.id)
    if site.level is SiteLevel.STATION and points:
        await ctx.toast()
        buttons = [(p.name.pick(ctx.locale), JoinSitePress(p.id)) for p in points]
        await _edit_or_send(ctx, ctx.t("join-ask-point"), render.inline(*([b] for b in buttons)))
        return
    filed = await ctx.services.applications.file(ctx.user_id, site.id)
    await ctx.toast()
    await _edit_or_send(ctx, ctx.t("join-applied", site=site.name.pick(ctx.locale)))
    for coordinator in filed.coordinators:
        await _ask_coordinator(ctx.services, filed.application, coordinator)


async def application_pressed(ctx: Ctx, press: ApplicationPress) -> None:
    applications = ctx.services.applications
    if press.act == "n":
        decided = await applications.reject(press.application_id, ctx.user_id)
        await ctx.toast()
        await _edit_or_send(ctx, ctx.t("application-rejected", id=decided.application.id))
        site = await ctx.services.directory.site(decided.application.site_id)
        name = site.name if site else None
        locale = await ctx.services.locale_of(decided.application.user_id)
        await ctx.services.tell(
            decided.application.user_id,
            Text("join-rejected", {"site": name.pick(locale) if name else "?"}),
            None,
            locale,
        )
        return
    application, teams = await applications.review(press.application_id, ctx.user_id)
    await ctx.toast()
    buttons = [(t.name.pick(ctx.locale), ApplicationTeamPress(application.id, t.id)) for t in teams]
    words = ctx.t("application-pick-team", id=application.id, name=application.first_name)
    await _edit_or_send(ctx, words, render.inline(*([b] for b in buttons)))


async def team_pressed(ctx: Ctx, press: ApplicationTeamPress) -> None:
    decided = await ctx.services.applications.approve(
        press.application_id, ctx.user_id, press.team_id
    )
    assert decided.team is not None  # approval always names the team
    await ctx.toast()
    application = decided.application
    await _edit_or_send(
        ctx,
        ctx.t(
            "application-approved",
            id=application.id,
            name=application.first_name,
            team=decided.team.name.pick(ctx.locale),
        ),
    )
    locale = await ctx.services.locale_of(application.user_id)
    await ctx.services.tell(
        application.user_id,
        Text("join-approved", {"team": decided.team.name.pick(locale)}),
        None,
        locale,
    )


async def _ask_coordinator(services: Services, application: Application, user_id: int) -> None:
    locale = await services.locale_of(user_id)
    site = await services.directory.site(application.site_id)
    args = {
        "id": application.id,
        "name": application.first_name,
        "user": application.user_id,
        "site": site.name.pick(locale) if site else "?",
    }
    await services.tell(
        user_id,
        Text("application-new", args),
        decision_markup(services, locale, application),
        locale,
    )


def decision_markup(services: Services, locale: str, application: Application) -> InlineKeyboard:
    """Approve / Reject for one application, in the coordinator's language."""
    return render.inline(decision_row(services, locale, application))


def decision_row(
    services: Services, locale: str, application: Application
) -> list[tuple[str, Press]]:
    tr = services.tr
    return [
        (
            tr.text(locale, "application-approve", id=application.id),
            ApplicationPress(application.id, "y"),
        ),
        (
            tr.text(locale, "application-reject", id=application.id),
            ApplicationPress(application.id, "n"),
        ),
    ]


async def _edit_or_send(ctx: Ctx, text: str, markup: InlineKeyboard | None = None) -> None:
    """Turn the pressed message into the next step, so the chat stays short."""
    if ctx.inbound.message_id:
        with contextlib.suppress(BadRequest):
            await ctx.services.messenger.edit(ctx.chat_id, ctx.inbound.message_id, text, markup)
            return
    await ctx.services.messenger.send(ctx.chat_id, text, markup)


def register(router: Router) -> None:
    router.command("join", join)
    router.button(JoinSitePress, site_pressed)
    router.button(ApplicationPress, application_pressed)
    router.button(ApplicationTeamPress, team_pressed)
