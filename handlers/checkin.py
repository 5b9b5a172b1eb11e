"""Check-in at the door (see `domain.checkin`).

The volunteer's accepted order carries "📍 Check in at the door" (`CheckinAskPress`):
it brings a reply keyboard whose one button shares their location. Any location a
volunteer sends outside a conversation, while a task waits for its check-in, is
taken as one. Or the resident presses "🔳 Check-in QR code" (`CheckinQrPress`) and
shows the PNG it brings: the volunteer's camera opens `t.me/<bot>?start=ci_<token>`.
Either way the resident is told the volunteer is at the door. At done, hours over
check-in -> done are capped; the order's coordinators are told and may credit the
rest with `/approvehours <n>`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno

from conversations.model import Text
from domain.checkin import Approved, CheckedIn
from handlers import ledger
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import Kind, RemoveKeyboard, ReplyButton, ReplyKeyboard
from handlers.kit.presses import press
from handlers.kit.router import Router
from locales.dates import moment_words

DEEP_LINK_CHECKIN = "ci_"
RANK = 10  # before the relayed chat's: a location at the door is a check-in


@press("ca")
@dataclass(frozen=True, slots=True)
class CheckinAskPress:
    """The volunteer's "check in at the door": the location button follows."""

    order_id: int


@press("qr")
@dataclass(frozen=True, slots=True)
class CheckinQrPress:
    """The resident's "check-in QR code"."""

    order_id: int


def volunteer_button(services: Services, locale: str, order_id: int) -> tuple[str, CheckinAskPress]:
    return services.tr.text(locale, "checkin-button"), CheckinAskPress(order_id)


def resident_button(services: Services, locale: str, order_id: int) -> tuple[str, CheckinQrPress]:
    return services.tr.text(locale, "checkin-qr-button"), CheckinQrPress(order_id)


async def ask_pressed(ctx: Ctx, press: CheckinAskPress) -> None:
    order = await ctx.services.desk.get(press.order_id)
    if order is None or order.volunteer_id != ctx.user_id:
        await ctx.toast("refused-not-your-task", alert=True)
        return
    await ctx.toast()
    share = ReplyKeyboard(((ReplyButton(ctx.t("checkin-share"), request="location"),),))
    radius = round(ctx.services.checkins.radius_m)
    await ctx.reply("checkin-ask", share, id=order.id, radius=radius)


async def outside(ctx: Ctx) -> bool:
    """A volunteer's location outside a conversation: a check-in, if a task waits for one."""
    location = ctx.inbound.location
    if ctx.inbound.kind is not Kind.LOCATION or location is None:
        return False
    if not ctx.person.roles.volunteer:
        return False
    checked = await ctx.services.checkins.by_location(ctx.user_id, *location)
    if checked is None:
        return False
    await _checked_in(ctx, checked)
    return True


async def redeem(ctx: Ctx, token: str) -> None:
    """`/start ci_<token>`: the volunteer scanned the resident's QR code."""
    await _checked_in(ctx, await ctx.services.checkins.by_token(ctx.user_id, token))


async def _checked_in(ctx: Ctx, checked: CheckedIn) -> None:
    at = _moment(ctx.services, ctx.locale, checked)
    await ctx.reply("checkin-done", RemoveKeyboard(), id=checked.order.id, at=at)
    resident = checked.order.resident_id
    await ctx.services.tell_localised(
        resident,
        lambda locale: Text(
            "checkin-resident-told",
            {"id": checked.order.id, "at": _moment(ctx.services, locale, checked)},
        ),
    )


def _moment(services: Services, locale: str, checked: CheckedIn) -> str:
    moment = checked.checkin.at.astimezone(services.timezone)
    return moment_words(services.tr, locale, "date-pattern-history", moment)


async def qr_pressed(ctx: Ctx, press: CheckinQrPress) -> None:
    issued = await ctx.services.checkins.issue(press.order_id, ctx.user_id)
    await ctx.toast()
    username = await ctx.services.bot_username()
    link = f"https://t.me/{username}?start={DEEP_LINK_CHECKIN}{issued.token}"
    png = io.BytesIO()
    segno.make(link, error="m").save(png, kind="png", scale=8, border=4)
    expires = issued.expires_at.astimezone(ctx.services.timezone)
    until = moment_words(ctx.services.tr, ctx.locale, "date-pattern-history", expires)
    caption = ctx.t("checkin-qr", id=issued.order.id, until=until)
    await ctx.messenger.send_photo(ctx.chat_id, png.getvalue(), ctx.t("checkin-file"), caption)


async def capped(services: Services, order_id: int) -> bool:
    """After done: tell the volunteer and the order's coordinators when the check-in
    capped the hours. True when it did."""
    capped = await services.checkins.capped(order_id)
    if capped is None:
        return False
    args = {
        "id": order_id,
        "reported": f"{capped.reported:g}",
        "credited": f"{capped.credited:g}",
    }
    if capped.order.volunteer_id is not None:
        await services.tell(capped.order.volunteer_id, Text("checkin-capped", args))
    await services.tell_all(
        [
            (
                uid,
                services.tr.text(await services.locale_of(uid), "checkin-capped-coord", **args),
                None,
            )
            for uid in capped.coordinators
        ]
    )
    return True


async def approve_hours(ctx: Ctx) -> None:
    parts = ctx.inbound.args.split()
    if len(parts) != 1 or not parts[0].isdigit():
        await ctx.reply("checkin-approve-usage")
        return
    approved = await ctx.services.checkins.approve(int(parts[0]), ctx.user_id)
    await ctx.reply("checkin-approved", None, **_approved_args(approved))
    await ctx.services.tell(
        approved.volunteer_id, Text("checkin-approved-volunteer", _approved_args(approved))
    )
    if approved.level is not None:  # as a done order's hours: congratulated, coordinators told
        await ledger.tell_level(ctx.services, approved.level)


def _approved_args(approved: Approved) -> dict[str, object]:
    return {
        "id": approved.order.id,
        "hours": f"{approved.hours:g}",
        "added": f"{approved.added:g}",
    }


async def card_lines(services: Services, locale: str, order_id: int) -> list[str]:
    """`/order <n>`'s lines about the check-in, once there is one."""
    found = await services.checkins.get(order_id)
    if found is None:
        return []
    moment = found.at.astimezone(services.timezone)
    at = moment_words(services.tr, locale, "date-pattern-history", moment)
    if found.how == "location":
        distance = round(found.distance_m or 0)
        lines = [services.tr.text(locale, "checkin-card-location", at=at, distance=distance)]
    else:
        lines = [services.tr.text(locale, "checkin-card-qr", at=at)]
    if found.claimed_hours is not None:
        key = "checkin-card-approved" if found.approved_by else "checkin-card-claimed"
        lines.append(
            services.tr.text(locale, key, reported=f"{found.claimed_hours:g}", id=order_id)
        )
    return lines


def register(router: Router) -> None:
    router.button(CheckinAskPress, ask_pressed)
    router.button(CheckinQrPress, qr_pressed)
    router.command("approvehours", approve_hours)
    router.outside_flows(outside, RANK)
