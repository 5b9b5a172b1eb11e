"""Becoming a volunteer by application: `/join <team code>` asks to join that team,
`/join` alone picks a site with buttons (station, then point).

Either way the coordinators over the site are asked (`application_notices`, which
tells each outcome: `ask_coordinators` for a filing, `decided` for a decision) and
one of them approves (into the team asked for, or one they pick) or rejects with a
reason (the `reject` flow: a common reason's button, or typed words). The buttons
only say what was pressed: the domain checks who pressed them and which teams they
may use. The other way in is a coordinator's invite (`handlers.invites`).
"""

from __future__ import annotations

from dataclasses import dataclass

from conversations.flows import REJECT
from conversations.model import Finished
from domain.applications import Decided, PickTeam, Reason
from domain.errors import Refused
from domain.models import Notice, SiteLevel
from handlers.application_notices import (
    ApplicationPress,
    ask_coordinators,
    reason_words,
)
from handlers.application_notices import decided as notify_decided
from handlers.application_notices import decision_row as decision_row  # for /pending
from handlers.kit import finishers, render
from handlers.kit.context import Ctx
from handlers.kit.ports import InlineKeyboard
from handlers.kit.presses import press
from handlers.kit.router import Router


@press("js")
@dataclass(frozen=True, slots=True)
class JoinSitePress:
    """An applicant picking where to volunteer: a station, then a point."""

    site_id: int


@press("jt")
@dataclass(frozen=True, slots=True)
class ApplicationTeamPress:
    application_id: int
    team_id: int  # checked against the teams the coordinator may use


async def join(ctx: Ctx) -> None:
    code = ctx.inbound.args.strip()
    if code:
        filed = await ctx.services.applications.file_for_team(ctx.user_id, code)
        assert filed.team is not None  # filed for that team
        await ctx.reply(
            "join-team-applied",
            team=filed.team.name.pick(ctx.locale),
            site=filed.site.name.pick(ctx.locale),
        )
        await ask_coordinators(ctx.services, filed)
        return
    if ctx.person.roles.volunteer:
        raise Refused("already-a-volunteer")
    stations = await ctx.services.reference.stations()
    if not stations:
        await ctx.reply("join-usage")
        return
    buttons = [(s.name.pick(ctx.locale), JoinSitePress(s.id)) for s in stations]
    await ctx.reply("join-ask-station", render.inline(*([b] for b in buttons)))


async def site_pressed(ctx: Ctx, press: JoinSitePress) -> None:
    site = await ctx.services.reference.site(press.site_id)
    if site is None or site.level is SiteLevel.CENTER:
        raise Refused("no-such-site")
    points = await ctx.services.reference.children(site.id)
    if site.level is SiteLevel.STATION and points:
        await ctx.toast()
        buttons = [(p.name.pick(ctx.locale), JoinSitePress(p.id)) for p in points]
        await _edit_or_send(ctx, ctx.t("join-ask-point"), render.inline(*([b] for b in buttons)))
        return
    filed = await ctx.services.applications.file(ctx.user_id, site.id)
    await ctx.toast()
    await _edit_or_send(ctx, ctx.t("join-applied", site=site.name.pick(ctx.locale)))
    await ask_coordinators(ctx.services, filed)


async def application_pressed(ctx: Ctx, press: ApplicationPress) -> None:
    applications = ctx.services.applications
    if press.act == "n":
        # Checked now, so a coordinator who may not decide it is told at once;
        # the reason's flow then ends in `reason_given`, which decides it.
        application = await applications.check(press.application_id, ctx.user_id)
        await ctx.toast()
        await finishers.start(ctx, REJECT, {"application_id": application.id})
        return
    outcome = await applications.approve_pressed(press.application_id, ctx.user_id)
    await ctx.toast()
    match outcome:
        case Decided():
            await _approved(ctx, outcome)
        case PickTeam(application, teams):
            buttons = [
                (t.name.pick(ctx.locale), ApplicationTeamPress(application.id, t.id)) for t in teams
            ]
            words = ctx.t("application-pick-team", id=application.id, name=application.first_name)
            await _edit_or_send(ctx, words, render.inline(*([b] for b in buttons)))


async def team_pressed(ctx: Ctx, press: ApplicationTeamPress) -> None:
    decided = await ctx.services.applications.approve(
        press.application_id, ctx.user_id, press.team_id
    )
    await ctx.toast()
    await _approved(ctx, decided)


async def reason_given(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    reason = Reason.of(code=data.get("reason_code"), text=data.get("reason"))
    decided = await ctx.services.applications.reject(
        int(data["application_id"]), ctx.user_id, reason
    )
    application = decided.application
    await ctx.reply(
        "application-rejected-because",
        id=application.id,
        reason=reason_words(ctx.services, application, ctx.locale),
    )
    await notify_decided(ctx.services, decided)


async def _approved(ctx: Ctx, decided: Decided) -> None:
    assert decided.team is not None  # approval always names the team
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
    await notify_decided(ctx.services, decided, _pressed(ctx))


def _pressed(ctx: Ctx) -> Notice | None:
    message_id = ctx.inbound.message_id
    return Notice(ctx.user_id, message_id) if message_id else None


async def _edit_or_send(ctx: Ctx, text: str, markup: InlineKeyboard | None = None) -> None:
    """Turn the pressed message into the next step (a new message if it is gone:
    the next step must be shown somewhere)."""
    await ctx.replace_pressed(text, markup, fallback="send")


def register(router: Router) -> None:
    router.command("join", join)
    router.button(JoinSitePress, site_pressed)
    router.button(ApplicationPress, application_pressed)
    router.button(ApplicationTeamPress, team_pressed)
    router.finisher(REJECT, reason_given)
