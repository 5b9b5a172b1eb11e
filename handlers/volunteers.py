"""Volunteers: join a team, answer offers, see tasks, finish them with hours."""

from __future__ import annotations

from dataclasses import dataclass

from conversations.flows import HOURS
from conversations.model import Finished
from domain.errors import Refused
from domain.models import Order
from domain.points import HOUR_CHOICES
from handlers import checkin, ledger, notify, order_details, relay, visits, voice
from handlers.kit import finishers, render
from handlers.kit.context import Ctx
from handlers.kit.presses import Press, press
from handlers.kit.router import Router
from handlers.notify import DonePress, OfferPress


@press("h")
@dataclass(frozen=True, slots=True)
class HoursPress:
    order_id: int
    hours: str  # "0.5", "1", ... or "other"


async def offer_pressed(ctx: Ctx, press: OfferPress) -> None:
    if press.act == "d":
        dispatched = await ctx.services.desk.decline(press.order_id, ctx.user_id)
        await ctx.toast()
        await ctx.replace_pressed(ctx.t("offer-declined", id=press.order_id), fallback="nothing")
        if dispatched is not None:
            await notify.dispatched(ctx.services, dispatched)
        return
    try:
        taken = await ctx.services.desk.accept(press.order_id, ctx.user_id, ctx.inbound.message_id)
    except Refused as refused:
        if refused.reason not in ("offer-taken", "offer-closed"):
            raise
        await ctx.toast("offer-taken", id=press.order_id)
        await ctx.replace_pressed(ctx.t("offer-taken", id=press.order_id), fallback="nothing")
        return
    await ctx.toast()
    args = await ctx.services.order_args(taken.order, ctx.locale)
    # The accepted-order message carries Done, so finishing needs no detour via /tasks.
    buttons = notify.volunteer_buttons(ctx.services, ctx.locale, taken.order)
    await ctx.replace_pressed(ctx.t("offer-won", **args), buttons, fallback="nothing")
    await voice.play(ctx.services, ctx.user_id, taken.order.id, ctx.locale)
    await notify.taken(ctx.services, taken)
    await visits.begin(ctx.services, taken.order, ctx.user_id)  # when will you arrive?


async def tasks(ctx: Ctx) -> None:
    mine = await ctx.services.desk.tasks(ctx.user_id)
    if not mine:
        await ctx.reply("tasks-empty")
        return
    lines = [ctx.t("tasks-title")]
    rows: list[list[tuple[str, Press]]] = []
    for task in mine:
        args = await ctx.services.order_args(task, ctx.locale)
        lines.append(ctx.t("tasks-line", **args))
        if house := await order_details.house_words(ctx.services, task, ctx.locale):
            lines.append(house)  # where the house is, and for whom
        rows.append([(ctx.t("tasks-done", id=task.id), DonePress(task.id))])
        rows.append(
            [
                relay.button(ctx.services, ctx.locale, task.id, "resident"),
                checkin.volunteer_button(ctx.services, ctx.locale, task.id),
            ]
        )
    await ctx.messenger.send(ctx.chat_id, "\n".join(lines), render.inline(*rows))


async def _own_task(ctx: Ctx, order_id: int) -> None:
    order = await ctx.services.desk.get(order_id)
    if order is None or order.volunteer_id != ctx.user_id:
        raise Refused("not-your-task")


async def done_pressed(ctx: Ctx, press: DonePress) -> None:
    await _own_task(ctx, press.order_id)
    await ctx.toast()
    hours = [(f"{h:g}", HoursPress(press.order_id, f"{h:g}")) for h in HOUR_CHOICES]
    other = [(ctx.t("hours-other"), HoursPress(press.order_id, "other"))]
    await ctx.reply("hours-choose", render.inline(hours, other), id=press.order_id)


async def hours_pressed(ctx: Ctx, press: HoursPress) -> None:
    if press.hours == "other":
        await _own_task(ctx, press.order_id)
        await ctx.toast()
        await finishers.start(ctx, HOURS, {"order_id": press.order_id})
        return
    try:
        hours = float(press.hours)
    except ValueError:
        raise Refused("bad-hours") from None
    # Answered only after the work: a refusal must reach the volunteer as an alert.
    done = await _finish(ctx, press.order_id, hours)
    await ctx.toast()
    credited = done.hours if done.hours is not None else hours
    recorded = ctx.t("hours-recorded", id=press.order_id, hours=f"{credited:g}")
    await ctx.replace_pressed(recorded, fallback="nothing")  # `_finish` replied already


async def hours_typed(ctx: Ctx, finished: Finished) -> None:
    await _finish(ctx, int(finished.data["order_id"]), float(finished.data["hours"]))


async def _finish(ctx: Ctx, order_id: int, hours: float) -> Order:
    done = await ctx.services.desk.finish_credited(order_id, ctx.user_id, hours)
    finishers.committed(ctx)  # typed hours: the flow may be forgotten now
    order = done.order
    credited = order.hours if order.hours is not None else hours  # capped by the check-in
    await ctx.reply("task-done", id=order.id, hours=f"{credited:g}", points=done.credited.points)
    await checkin.capped(ctx.services, order.id)
    await notify.finished(ctx.services, order, rating=False)
    if done.level is not None:
        await ledger.tell_level(ctx.services, done.level)
    await visits.finished(ctx, order)  # did it happen? (then the rating), and a note
    return order


async def release(ctx: Ctx) -> None:
    order_arg, _, reason = ctx.inbound.args.strip().partition(" ")
    if not order_arg.isdigit():
        await ctx.reply("release-usage")
        return
    released = await ctx.services.desk.release(int(order_arg), ctx.user_id, reason)
    await ctx.reply("release-done", id=released.dispatched.order.id)
    await notify.released(ctx.services, released)


async def available(ctx: Ctx) -> None:
    choice = ctx.inbound.args.strip().lower()
    if choice not in ("on", "off"):
        volunteer = await ctx.services.people.volunteer(ctx.user_id)
        if volunteer is None:
            raise Refused("not-a-volunteer", user=ctx.user_id)
        await ctx.reply("available-usage", state="on" if volunteer.available else "off")
        return
    await ctx.services.people.set_available(ctx.user_id, choice == "on")
    await ctx.reply(f"available-{choice}")


async def quiet(ctx: Ctx) -> None:
    raw = ctx.inbound.args.strip().lower()
    if raw == "off":
        await ctx.services.people.set_quiet(ctx.user_id, None, None)
        await ctx.reply("quiet-off")
        return
    window = parse_quiet(raw)
    if window is None:
        await ctx.reply("quiet-usage")
        return
    await ctx.services.people.set_quiet(ctx.user_id, *window)
    await ctx.reply("quiet-set", start=_clock(window[0]), end=_clock(window[1]))


def parse_quiet(raw: str) -> tuple[int, int] | None:
    """ "22:00-07:00" (or 22-7, 22：00－07：00) -> minutes after midnight, start and end."""
    raw = raw.replace("：", ":").replace("－", "-").replace("~", "-").replace(" ", "")
    start, sep, end = raw.partition("-")
    first, last = _minutes(start), _minutes(end)
    if not sep or first is None or last is None or first == last:
        return None
    return first, last


def _minutes(part: str) -> int | None:
    hours, _, mins = part.partition(":")
    if not hours.isdigit() or (mins and not mins.isdigit()):
        return None
    h, m = int(hours), int(mins or 0)
    return h * 60 + m if 0 <= h < 24 and 0 <= m < 60 else None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def register(router: Router) -> None:
    router.command("release", release)
    router.command("available", available)
    router.command("quiet", quiet)
    router.command("tasks", tasks)
    router.button(OfferPress, offer_pressed)
    router.button(DonePress, done_pressed)
    router.button(HoursPress, hours_pressed)
    router.finisher(HOURS, hours_typed)
