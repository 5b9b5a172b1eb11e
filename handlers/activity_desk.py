"""A coordinator's desk for one activity, and checking in: the rotating QR code,
the attendance list (correctable), postponing, editing, calling off and closing
(结项); an attendee's check-in by the code (`/start ac_<code>`) or by location; and
`/checkin <activity> <person>` for someone without a phone. Reached from
`/activity <id>` and the listings (`handlers.activities`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from conversations.flows.activities import CHECK_IN, CLOSE, EDIT, LOCAL, MOVE
from conversations.model import Finished
from domain.activity_checkins import Attendance, CheckedIn
from domain.activity_models import Activity, ActivityStatus, Visibility
from domain.errors import Refused
from domain.models import LocalName, Team
from handlers import activity_notices as notices
from handlers import ledger
from handlers.activity_notices import activity_args
from handlers.activity_qr import qr_png
from handlers.kit import render
from handlers.kit.context import Ctx
from handlers.kit.finishers import committed, start
from handlers.kit.ports import InlineKeyboard, RemoveKeyboard
from handlers.kit.presses import Press, press
from handlers.kit.router import Args, Router

DEEP_LINK_CHECK_IN = "ac_"


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


def local_moment(ctx: Ctx, local: str) -> datetime:
    return datetime.strptime(local, LOCAL).replace(tzinfo=ctx.services.timezone)


# --- a coordinator's desk for one activity ---------------------------------------


def desk_markup(ctx: Ctx, activity: Activity) -> InlineKeyboard:
    def act(
        key: str, what: Literal["code", "list", "move", "edit", "off", "close"]
    ) -> tuple[str, Press]:
        return (ctx.t(key), DeskPress(activity.id, what))

    return render.inline(
        [act("activity-desk-code", "code"), act("activity-desk-list", "list")],
        [act("activity-desk-move", "move"), act("activity-desk-edit", "edit")],
        [act("activity-desk-off", "off"), act("activity-desk-close", "close")],
    )


async def desk_pressed(ctx: Ctx, pressed: DeskPress) -> None:
    services, activity_id = ctx.services, pressed.activity_id
    if pressed.act == "code":
        await _show_code(ctx, activity_id)
    elif pressed.act == "list":
        attendance = await services.activities.checkins.attendance(ctx.user_id, activity_id)
        await _show_attendance(ctx, attendance, in_place=False)  # the desk stays
    elif pressed.act == "move":
        await services.activities.manage(ctx.user_id, activity_id)
        await ctx.toast()
        await start(ctx, MOVE, {"activity_id": activity_id})
    elif pressed.act == "edit":
        activity, teams = await services.activities.editing(ctx.user_id, activity_id)
        await ctx.toast()
        await start(ctx, EDIT, edit_data(activity, teams))
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
        await services.activities.checkins.closable(ctx.user_id, activity_id)
        await ctx.toast()
        await start(ctx, CLOSE, {"activity_id": activity_id})


async def _show_code(ctx: Ctx, activity_id: int) -> None:
    """The venue's QR code: a deep link whose code rotates every minute. Pressed
    again, it shows the code of the minute then."""
    activity, code = await ctx.services.activities.checkins.check_in_code(ctx.user_id, activity_id)
    username = await ctx.services.bot_username()
    link = f"https://t.me/{username}?start={DEEP_LINK_CHECK_IN}{code}"
    await ctx.toast()
    caption = ctx.t("activity-code", title=activity.title.pick(ctx.locale))
    again = render.inline([(ctx.t("activity-code-again"), DeskPress(activity_id, "code"))])
    await ctx.messenger.send_photo(ctx.chat_id, qr_png(link), ctx.t("activity-code-file"), caption)
    await ctx.reply("activity-code-link", again, link=link)


async def _show_attendance(ctx: Ctx, attendance: Attendance, in_place: bool = True) -> None:
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
    markup = render.inline(*rows) if rows else None
    if in_place:  # a correction: the list it was pressed on shows the new state
        await ctx.replace_pressed(words, markup, fallback="send")
    else:
        await ctx.messenger.send(ctx.chat_id, words, markup)


async def attend_pressed(ctx: Ctx, pressed: AttendPress) -> None:
    attendance = await ctx.services.activities.checkins.correct(
        ctx.user_id, pressed.activity_id, pressed.person_id
    )
    await _show_attendance(ctx, attendance)


def edit_data(activity: Activity, teams: list[Team]) -> dict[str, object]:
    """The edit flow's start: the teams to choose among (as `/activity new` has them)
    and the activity's own team and category, so its site is offered among its team's."""
    return {
        "activity_id": activity.id,
        "teams": [[t.id, t.category_code, t.site_id, t.name.zh, t.name.en] for t in teams],
        "team_id": activity.team_id,
        "category": activity.category_code,
    }


async def moved(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    changed = await ctx.services.activities.move(
        ctx.user_id,
        int(data["activity_id"]),
        local_moment(ctx, str(data["start"])),
        local_moment(ctx, str(data["end"])),
    )
    committed(ctx)
    args = await activity_args(ctx.services, ctx.locale, changed.activity)
    await ctx.reply("activity-move-done", **args)
    await notices.changed(ctx.services, changed)


async def edited(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    what = data.get("what")
    if what == "time":  # the same as 📅 Postpone
        await moved(ctx, finished)
        return
    title = (
        LocalName(str(data["title"]), str(data.get("title_en") or "")) if what == "title" else None
    )
    placed = what in ("venue", "team")
    venue = (data.get("lat"), data.get("lon")) if placed else None
    quotas = (
        (int(data["volunteer_quota"]), int(data["resident_quota"])) if what == "places" else None
    )
    outcome = await ctx.services.activities.edit(
        ctx.user_id,
        int(data["activity_id"]),
        title,
        venue,
        quotas,
        category_code=str(data["category"]) if what == "team" else None,
        team_id=int(data["team_id"]) if what == "team" else None,
        # A venue edit begun before the site was asked with it has no site: unchanged.
        site_id=int(data["site_id"]) if placed and data.get("site_id") is not None else None,
        visibility=Visibility(str(data["visibility"])) if what == "visibility" else None,
        poster=str(data.get("poster") or "") if what == "poster" else None,
    )
    committed(ctx)
    args = await activity_args(ctx.services, ctx.locale, outcome.activity)
    told = len(outcome.told)
    words = ctx.t("activity-edit-done", **args) + "\n"
    words += ctx.t("activity-edit-told", count=told) if told else ctx.t("activity-edit-quiet")
    if outcome.outside:  # nobody loses a place to an edit: say so
        words += "\n" + ctx.t("activity-edit-outside", count=len(outcome.outside))
    await ctx.messenger.send(ctx.chat_id, words, RemoveKeyboard() if placed else None)
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
    for level in done.levels:  # a new star level: congratulated, coordinators told
        await ledger.tell_level(ctx.services, level)


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
    router.command("checkin", check_in_for)
    router.command("checkin", check_in_for, Args.NUMBERED)
    router.button(HerePress, here_pressed)
    router.button(DeskPress, desk_pressed)
    router.button(AttendPress, attend_pressed)
    router.finisher(MOVE, moved)
    router.finisher(EDIT, edited)
    router.finisher(CLOSE, closed)
    router.finisher(CHECK_IN, here_shared)
