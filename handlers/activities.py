"""Activities in chat: `/activity new` (publish), `/activity <id>` (one activity; a
coordinator gets its desk, `handlers.activity_desk`), `/activities` (what is
coming, with Sign up / Wait-list; a coordinator's own with fill levels), and
`/follow` a site.

Announcements, offers, reminders and changes are told by `activity_notices`.
"""

from __future__ import annotations

from dataclasses import dataclass

from conversations.flows.activities import ACTIVITY
from conversations.model import Finished
from domain.activity_models import (
    Activity,
    ActivityDraft,
    Signup,
    SignupStatus,
    Visibility,
)
from domain.errors import Refused
from domain.models import LocalName, SiteLevel
from handlers import activity_notices as notices
from handlers.activity_desk import HerePress, desk_markup, local_moment
from handlers.activity_nearby import near_button
from handlers.activity_notices import ROLE_OF, OfferAnswerPress, SignPress, activity_args
from handlers.kit import render
from handlers.kit.context import Ctx
from handlers.kit.finishers import committed, start
from handlers.kit.presses import Press, press
from handlers.kit.router import Args, Router

ID_DIGITS = 9


@press("al")
@dataclass(frozen=True, slots=True)
class LeavePress:
    activity_id: int


@press("af")
@dataclass(frozen=True, slots=True)
class FollowPress:
    site_id: int
    open: bool  # a station: show its points to pick from (else follow the site itself)


# --- publishing -----------------------------------------------------------------


async def activity_command(ctx: Ctx) -> None:
    if ctx.inbound.args.strip().lower() != "new":
        await ctx.reply("activity-usage")
        return
    teams = await ctx.services.activities.teams_for(ctx.user_id)
    if not teams:
        raise Refused("activity-no-teams")
    data = {"teams": [[t.id, t.category_code, t.site_id, t.name.zh, t.name.en] for t in teams]}
    await start(ctx, ACTIVITY, data)


async def publish(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    draft = ActivityDraft(
        title=LocalName(str(data["title"]), str(data.get("title_en") or "")),
        category_code=str(data["category"]),
        team_id=int(data["team_id"]),
        site_id=int(data["site_id"]),
        starts_at=local_moment(ctx, str(data["start"])),
        ends_at=local_moment(ctx, str(data["end"])),
        volunteer_quota=int(data["volunteer_quota"]),
        resident_quota=int(data["resident_quota"]),
        visibility=Visibility(str(data["visibility"])),
        created_by=ctx.user_id,
        lat=data.get("lat"),
        lon=data.get("lon"),
        poster_file_id=str(data.get("poster") or "") or None,
    )
    published = await ctx.services.activities.publish(draft)
    committed(ctx)
    args = await activity_args(ctx.services, ctx.locale, published.activity)
    await ctx.reply("activity-published", desk_markup(ctx, published.activity), **args)
    reached = await notices.announce(ctx.services, published)
    await ctx.reply("activity-announced", count=reached)


# --- listing and signing up -------------------------------------------------------


async def activities_command(ctx: Ctx) -> None:
    services = ctx.services
    if ctx.person.roles.coordinator:
        mine = await services.activities.mine(ctx.user_id)
        if mine:
            await ctx.reply("activity-mine-title")
            for activity in mine:
                args = await activity_args(services, ctx.locale, activity)
                await ctx.reply("activity-line", desk_markup(ctx, activity), **args)
            return
    shown = await services.activities.visible_to(ctx.user_id)
    if not shown:
        await ctx.reply("activity-none", near_button(ctx))
        return
    await ctx.reply("activity-list-title", near_button(ctx))
    for activity, signup in shown:
        await _show_line(ctx, activity, signup)


async def _show_line(ctx: Ctx, activity: Activity, signup: Signup | None) -> None:
    args = await activity_args(ctx.services, ctx.locale, activity)
    if signup is None:
        markup = notices.sign_buttons(
            ctx.services, ctx.locale, activity, ctx.person.roles.volunteer
        )
        await ctx.reply("activity-line", markup, **args)
        return
    rows: list[list[tuple[str, Press]]] = [
        [(ctx.t("activity-leave"), LeavePress(activity.id))],
        [(ctx.t("activity-here"), HerePress(activity.id))],
    ]
    if signup.status is SignupStatus.OFFERED:
        rows.insert(0, [(ctx.t("activity-offer-take"), OfferAnswerPress(signup.id, "y"))])
    await ctx.reply(
        "activity-line-mine",
        render.inline(*rows),
        status=str(signup.status),
        role=str(signup.role),
        position=signup.position,
        **args,
    )


async def sign_pressed(ctx: Ctx, pressed: SignPress) -> None:
    role = ROLE_OF[pressed.role]
    signed = await ctx.services.activities.sign_up(pressed.activity_id, ctx.user_id, role)
    args = await activity_args(ctx.services, ctx.locale, signed.activity)
    key = (
        "activity-signed" if signed.signup.status is SignupStatus.SIGNED else "activity-waitlisted"
    )
    await ctx.toast()
    await ctx.reply(
        key, render.inline([(ctx.t("activity-leave"), LeavePress(signed.activity.id))]), **args
    )


async def leave_pressed(ctx: Ctx, pressed: LeavePress) -> None:
    left = await ctx.services.activities.leave(pressed.activity_id, ctx.user_id)
    args = await activity_args(ctx.services, ctx.locale, left.activity)
    await ctx.toast()
    await ctx.replace_pressed(ctx.t("activity-left", **args), fallback="send")
    await notices.left(ctx.services, left)


async def offer_pressed(ctx: Ctx, pressed: OfferAnswerPress) -> None:
    services = ctx.services
    if pressed.act == "y":
        taken = await services.activities.confirm(pressed.signup_id, ctx.user_id)
        args = await activity_args(services, ctx.locale, taken.activity)
        await ctx.toast()
        await ctx.replace_pressed(ctx.t("activity-signed", **args), fallback="send")
        return
    left = await services.activities.decline(pressed.signup_id, ctx.user_id)
    args = await activity_args(services, ctx.locale, left.activity)
    await ctx.toast()
    await ctx.replace_pressed(ctx.t("activity-left", **args), fallback="send")
    await notices.left(services, left)


# --- following ------------------------------------------------------------------


async def follow_command(ctx: Ctx) -> None:
    raw = ctx.inbound.args.strip()
    if raw:
        if not raw.isdigit() or len(raw) > ID_DIGITS:
            await ctx.reply("follow-usage")
            return
        await _follow(ctx, int(raw))
        return
    stations = await ctx.services.reference.stations()
    rows = [[(s.name.pick(ctx.locale), FollowPress(s.id, True))] for s in stations]
    await ctx.reply("follow-pick-station", render.inline(*rows))


async def follow_pressed(ctx: Ctx, pressed: FollowPress) -> None:
    services = ctx.services
    site = await services.reference.site(pressed.site_id)
    if site is None:
        raise Refused("no-such-site")
    await ctx.toast()
    if pressed.open and site.level is SiteLevel.STATION:
        whole = ctx.t("follow-whole", site=site.name.pick(ctx.locale))
        rows = [[(whole, FollowPress(site.id, False))]]
        rows += [
            [(p.name.pick(ctx.locale), FollowPress(p.id, False))]
            for p in await services.reference.children(site.id)
        ]
        await ctx.replace_pressed(ctx.t("follow-pick-point"), render.inline(*rows), fallback="send")
        return
    await _follow(ctx, site.id)


async def _follow(ctx: Ctx, site_id: int) -> None:
    fresh = await ctx.services.activities.follow(ctx.user_id, site_id)
    site = await ctx.services.reference.site(site_id)
    name = site.name.pick(ctx.locale) if site else str(site_id)
    await ctx.reply("follow-done" if fresh else "follow-already", site=name)


async def unfollow_command(ctx: Ctx) -> None:
    raw = ctx.inbound.args.strip()
    if not raw.isdigit() or len(raw) > ID_DIGITS:
        await ctx.reply("follow-usage")
        return
    gone = await ctx.services.activities.unfollow(ctx.user_id, int(raw))
    await ctx.reply("follow-gone" if gone else "follow-not")


async def activity_numbered(ctx: Ctx) -> None:
    """`/activity <id>`: one activity, with the coordinator's buttons."""
    raw = ctx.inbound.args.split()[0]
    activity = await ctx.services.activities.get(int(raw)) if len(raw) <= ID_DIGITS else None
    if activity is None:
        raise Refused("activity-not-found", id=raw)
    if ctx.person.roles.coordinator and await ctx.services.activities.may_manage(
        ctx.user_id, activity.id
    ):
        args = await activity_args(ctx.services, ctx.locale, activity)
        await ctx.reply("activity-line", desk_markup(ctx, activity), **args)
        return
    # Everyone else sees it as a resident would, with their own sign-up if any.
    mine = {a.id: s for a, s in await ctx.services.activities.visible_to(ctx.user_id)}
    await _show_line(ctx, activity, mine.get(activity.id))


def register(router: Router) -> None:
    router.command("activity", activity_command)
    router.command("activity", activity_numbered, Args.NUMBERED)
    router.command("activities", activities_command)
    router.command("follow", follow_command)
    router.command("unfollow", unfollow_command)
    router.button(SignPress, sign_pressed)
    router.button(LeavePress, leave_pressed)
    router.button(OfferAnswerPress, offer_pressed)
    router.button(FollowPress, follow_pressed)
    router.finisher(ACTIVITY, publish)
