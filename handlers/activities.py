"""Activities in chat: `/activity new` (publish), `/activity <id>` (a coordinator's
desk for one: check-in code, attendance, postpone, call off, 结项), `/activities`
(what is coming, with Sign up / Wait-list; a coordinator's own with fill levels),
`/follow` a site, `/checkin <activity> <person>` for someone without a phone, and
`/start ac_<code>`, the venue's rotating QR code.

Announcements, offers, reminders and changes are told by `activity_notices`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from conversations.flows.activities import ACTIVITY, CHECK_IN, CLOSE, EDIT, LOCAL, MOVE
from conversations.model import Finished
from domain.activity_checkins import Attendance, CheckedIn
from domain.activity_models import (
    Activity,
    ActivityDraft,
    ActivityStatus,
    Signup,
    SignupStatus,
    Visibility,
)
from domain.errors import Refused
from domain.models import LocalName, SiteLevel
from handlers import activity_notices as notices
from handlers.activity_notices import ROLE_OF, OfferAnswerPress, SignPress, activity_args
from handlers.activity_qr import qr_png
from handlers.kit import render
from handlers.kit.context import Ctx
from handlers.kit.finishers import committed, start
from handlers.kit.ports import InlineKeyboard, RemoveKeyboard
from handlers.kit.presses import Press, press
from handlers.kit.router import Args, Router

DEEP_LINK_CHECK_IN = "ac_"
ID_DIGITS = 9


@press("al")
@dataclass(frozen=True, slots=True)
class LeavePress:
    activity_id: int


@press("ak")
@dataclass(frozen=True, slots=True)
class HerePress:
    """Check in by sharing my location (asked next)."""

    activity_id: int


@press("ad")
@dataclass(frozen=True, slots=True)
class DeskPress:
    """A coordinator's action on one activity."""

    activity_id: int
    act: Literal["code", "list", "move", "edit", "off", "offok", "close"]


@press("aa")
@dataclass(frozen=True, slots=True)
class AttendPress:
    """Turn one line of the attendance list over: present <-> no-show."""

    activity_id: int
    person_id: int


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


def _moment(ctx: Ctx, local: str) -> datetime:
    return datetime.strptime(local, LOCAL).replace(tzinfo=ctx.services.timezone)


async def publish(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    draft = ActivityDraft(
        title=LocalName(str(data["title"]), str(data.get("title_en") or "")),
        category_code=str(data["category"]),
        team_id=int(data["team_id"]),
        site_id=int(data["site_id"]),
        starts_at=_moment(ctx, str(data["start"])),
        ends_at=_moment(ctx, str(data["end"])),
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
    await ctx.reply("activity-published", _desk_markup(ctx, published.activity), **args)
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
                await ctx.reply("activity-line", _desk_markup(ctx, activity), **args)
            return
    shown = await services.activities.visible_to(ctx.user_id)
    if not shown:
        await ctx.reply("activity-none")
        return
    await ctx.reply("activity-list-title")
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


# --- a coordinator's desk for one activity ---------------------------------------


def _desk_markup(ctx: Ctx, activity: Activity) -> InlineKeyboard:
    def act(
        key: str, what: Literal["code", "list", "move", "edit", "off", "close"]
    ) -> tuple[str, Press]:
        return (ctx.t(key), DeskPress(activity.id, what))

    return render.inline(
        [act("activity-desk-code", "code"), act("activity-desk-list", "list")],
        [act("activity-desk-move", "move"), act("activity-desk-edit", "edit")],
        [act("activity-desk-off", "off"), act("activity-desk-close", "close")],
    )


async def activity_numbered(ctx: Ctx) -> None:
    """`/activity <id>`: one activity, with the coordinator's buttons."""
    raw = ctx.inbound.args.split()[0]
    activity = await ctx.services.activities.get(int(raw)) if len(raw) <= ID_DIGITS else None
    if activity is None:
        raise Refused("activity-not-found", id=raw)
    if not ctx.person.roles.coordinator:
        shown = {a.id: s for a, s in await ctx.services.activities.visible_to(ctx.user_id)}
        await _show_line(ctx, activity, shown.get(activity.id))
        return
    args = await activity_args(ctx.services, ctx.locale, activity)
    await ctx.reply("activity-line", _desk_markup(ctx, activity), **args)


async def desk_pressed(ctx: Ctx, pressed: DeskPress) -> None:
    services, activity_id = ctx.services, pressed.activity_id
    if pressed.act == "code":
        await _show_code(ctx, activity_id)
    elif pressed.act == "list":
        await _show_attendance(
            ctx, await services.activities.checkins.attendance(ctx.user_id, activity_id)
        )
    elif pressed.act == "move":
        await services.activities.manage(ctx.user_id, activity_id)
        await ctx.toast()
        await start(ctx, MOVE, {"activity_id": activity_id})
    elif pressed.act == "edit":
        await services.activities.manage(ctx.user_id, activity_id)
        await ctx.toast()
        await start(ctx, EDIT, {"activity_id": activity_id})
    elif pressed.act == "off":
        sure = render.inline([(ctx.t("activity-off-sure"), DeskPress(activity_id, "offok"))])
        await ctx.toast()
        await ctx.reply("activity-off-ask", sure)
    elif pressed.act == "offok":
        changed = await services.activities.cancel_activity(ctx.user_id, activity_id)
        args = await activity_args(services, ctx.locale, changed.activity)
        await ctx.toast()
        await ctx.replace_pressed(ctx.t("activity-off-done", **args), fallback="send")
        await notices.changed(services, changed)
    else:
        await services.activities.manage(ctx.user_id, activity_id)
        await ctx.toast()
        await start(ctx, CLOSE, {"activity_id": activity_id})


async def _show_code(ctx: Ctx, activity_id: int) -> None:
    """The venue's QR code: a deep link whose code rotates every minute. Pressed
    again, it shows the code of the minute then."""
    activity, code = await ctx.services.activities.checkins.check_in_code(ctx.user_id, activity_id)
    username = await ctx.services.bot_username()
    link = f"https://t.me/{username}?start={DEEP_LINK_CHECK_IN}{code}"
    await ctx.toast()
    caption = ctx.t("activity-code", title=activity.title.pick(ctx.locale), link=link)
    again = render.inline([(ctx.t("activity-code-again"), DeskPress(activity_id, "code"))])
    await ctx.messenger.send_photo(ctx.chat_id, qr_png(link), "check-in.png", caption)
    await ctx.reply("activity-code-link", again, link=link)


async def _show_attendance(ctx: Ctx, attendance: Attendance) -> None:
    activity = attendance.activity
    rows: list[list[tuple[str, Press]]] = []
    for line in attendance.lines:
        mark = "✅" if line.present else "⬜"
        who = line.first_name or str(line.person_id)
        kind = (
            ctx.t("activity-walk-in") if line.role is None else ctx.t(f"activity-role-{line.role}")
        )
        rows.append([(f"{mark} {who} · {kind}", AttendPress(activity.id, line.person_id))])
    await ctx.toast()
    words = ctx.t(
        "activity-attendance",
        title=activity.title.pick(ctx.locale),
        present=attendance.present,
        absent=attendance.no_shows,
        walk_ins=attendance.walk_ins,
    )
    await ctx.replace_pressed(words, render.inline(*rows) if rows else None, fallback="send")


async def attend_pressed(ctx: Ctx, pressed: AttendPress) -> None:
    attendance = await ctx.services.activities.checkins.correct(
        ctx.user_id, pressed.activity_id, pressed.person_id
    )
    await _show_attendance(ctx, attendance)


async def moved(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    changed = await ctx.services.activities.move(
        ctx.user_id,
        int(data["activity_id"]),
        _moment(ctx, str(data["start"])),
        _moment(ctx, str(data["end"])),
    )
    committed(ctx)
    args = await activity_args(ctx.services, ctx.locale, changed.activity)
    await ctx.reply("activity-move-done", **args)
    await notices.changed(ctx.services, changed)


async def edited(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    what = data.get("what")
    title = (
        LocalName(str(data["title"]), str(data.get("title_en") or "")) if what == "title" else None
    )
    venue = (data.get("lat"), data.get("lon")) if what == "venue" else None
    quotas = (
        (int(data["volunteer_quota"]), int(data["resident_quota"])) if what == "places" else None
    )
    outcome = await ctx.services.activities.edit(
        ctx.user_id, int(data["activity_id"]), title, venue, quotas
    )
    committed(ctx)
    args = await activity_args(ctx.services, ctx.locale, outcome.activity)
    await ctx.reply("activity-edit-done", RemoveKeyboard() if what == "venue" else None, **args)
    await notices.edited(ctx.services, outcome)


async def closed(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    counts = {k: int(data.get(k) or 0) for k in ("elderly", "children", "others")}
    done = await ctx.services.activities.checkins.close(
        ctx.user_id,
        int(data["activity_id"]),
        {k: n for k, n in counts.items() if n},
        str(data.get("report") or ""),
        list(data.get("photos", [])),
    )
    committed(ctx)
    activity = done.activity
    await ctx.reply(
        "activity-closed",
        title=activity.title.pick(ctx.locale),
        beneficiaries=sum(counts.values()),
        credited=len(done.credited),
        hours=activity.hours,
    )


# --- checking in ---------------------------------------------------------------------


async def check_in_link(ctx: Ctx, code: str) -> None:
    """`/start ac_<code>`: the venue's QR code, scanned."""
    checked = await ctx.services.activities.checkins.check_in_by_code(ctx.user_id, code)
    await _checked(ctx, checked)


async def _checked(ctx: Ctx, checked: CheckedIn, markup: RemoveKeyboard | None = None) -> None:
    key = "activity-checked-in" if checked.fresh else "activity-checked-in-already"
    await ctx.reply(key, markup, title=checked.activity.title.pick(ctx.locale))


async def here_pressed(ctx: Ctx, pressed: HerePress) -> None:
    activity = await ctx.services.activities.get(pressed.activity_id)
    if activity is None or activity.status is not ActivityStatus.PUBLISHED:
        raise Refused("activity-not-open")
    await ctx.toast()
    await start(ctx, CHECK_IN, {"activity_id": activity.id})


async def here_shared(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    checked = await ctx.services.activities.checkins.check_in_by_location(
        ctx.user_id, int(data["activity_id"]), float(data["lat"]), float(data["lon"])
    )
    committed(ctx)
    await _checked(ctx, checked, RemoveKeyboard())  # the location keyboard goes


async def check_in_for(ctx: Ctx) -> None:
    """`/checkin <activity> <person id>`: a volunteer or coordinator checks someone in."""
    parts = ctx.inbound.args.split()
    if len(parts) != 2 or not all(p.isdigit() and len(p) <= 16 for p in parts):
        await ctx.reply("activity-checkin-usage")
        return
    checked = await ctx.services.activities.checkins.check_in_for(
        ctx.user_id, int(parts[0]), int(parts[1])
    )
    key = "activity-checked-for" if checked.fresh else "activity-checked-in-already"
    await ctx.reply(key, title=checked.activity.title.pick(ctx.locale), person=parts[1])


def register(router: Router) -> None:
    router.command("activity", activity_command)
    router.command("activity", activity_numbered, Args.NUMBERED)
    router.command("activities", activities_command)
    router.command("follow", follow_command)
    router.command("unfollow", unfollow_command)
    router.command("checkin", check_in_for)
    router.command("checkin", check_in_for, Args.NUMBERED)
    router.button(SignPress, sign_pressed)
    router.button(LeavePress, leave_pressed)
    router.button(OfferAnswerPress, offer_pressed)
    router.button(HerePress, here_pressed)
    router.button(DeskPress, desk_pressed)
    router.button(AttendPress, attend_pressed)
    router.button(FollowPress, follow_pressed)
    router.finisher(ACTIVITY, publish)
    router.finisher(MOVE, moved)
    router.finisher(EDIT, edited)
    router.finisher(CLOSE, closed)
    router.finisher(CHECK_IN, here_shared)
