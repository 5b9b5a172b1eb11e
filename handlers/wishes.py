"""The wish wall (心愿墙): `/wish` for residents, Approve / Reject for the coordinators
over the wish's point, Claim for the team's volunteers, `/wishes` for both.

Every step is told to the resident: filed, rejected (with the reason), turned into
an order (then the order's own messages follow), posted, claimed (with the
volunteer's first name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from conversations.flows import WISH, WISH_APPROVE, WISH_REJECT
from conversations.model import Finished
from domain.errors import Refused
from domain.wish_models import WishStatus
from domain.wishes import Claimed, Filed, Ordered, Posted, Rejected
from handlers import notify, visits, voice, wish_notices
from handlers.kit import finishers, render
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import InlineKeyboard
from handlers.kit.presses import Press, press
from handlers.kit.router import Router

WALL_SHOWN = 20  # wishes shown by one `/wishes`


@press("wi")
@dataclass(frozen=True, slots=True)
class WishPress:
    """A coordinator's Approve ("a") or Reject ("r") on a wish."""

    wish_id: int
    act: Literal["a", "r"]


@press("wc")
@dataclass(frozen=True, slots=True)
class ClaimPress:
    """A volunteer's Claim on a posted wish."""

    wish_id: int


def _decision_row(services: Services, locale: str, wish_id: int) -> list[tuple[str, Press]]:
    tr = services.tr
    return [
        (tr.text(locale, "wish-approve"), WishPress(wish_id, "a")),
        (tr.text(locale, "wish-reject"), WishPress(wish_id, "r")),
    ]


def _claim_row(services: Services, locale: str, wish_id: int) -> list[tuple[str, Press]]:
    return [(services.tr.text(locale, "wish-claim"), ClaimPress(wish_id))]


_card = wish_notices.card
_play = wish_notices.play


# --- the resident -------------------------------------------------------------------


async def wish(ctx: Ctx) -> None:
    await finishers.start(ctx, WISH)


async def filed(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    done = await ctx.services.wishes.file(
        ctx.user_id, int(data["site_id"]), str(data.get("text") or ""), data.get("voice") or None
    )
    finishers.committed(ctx)
    await ctx.reply("wish-filed", id=done.wish.id)
    await _tell_coordinators(ctx.services, done)


async def _tell_coordinators(services: Services, done: Filed) -> None:
    def buttons(locale: str) -> InlineKeyboard:
        return render.inline(_decision_row(services, locale, done.wish.id))

    await wish_notices.send(services, done, buttons)


# --- a coordinator decides --------------------------------------------------------


async def decide_pressed(ctx: Ctx, press: WishPress) -> None:
    try:
        wish, teams = await ctx.services.wishes.deciding(press.wish_id, ctx.user_id)
    except Refused as refused:
        if refused.reason != "wish-decided":
            raise
        await _stale(ctx, press.wish_id)
        return
    await ctx.toast()
    if press.act == "r":
        await finishers.start(ctx, WISH_REJECT, {"wish_id": wish.id})
        return
    if not teams:
        await ctx.reply("wish-no-teams", id=wish.id)
        return
    listed = [[t.id, t.name.pick(ctx.locale), t.category_code] for t in teams]
    await finishers.start(ctx, WISH_APPROVE, {"wish_id": wish.id, "teams": listed})


async def _stale(ctx: Ctx, wish_id: int) -> None:
    """A copy not yet edited: say who decided what, change nothing."""
    await ctx.toast("refused-wish-decided")
    found = await ctx.services.wishes.notices(wish_id)
    if found is None:
        return
    words = await wish_notices.decided_words(ctx.services, ctx.locale, found.wish, found.team)
    await ctx.replace_pressed(words, fallback="send")


async def approved(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    desk = ctx.services.wishes
    wish_id, category, team_id = int(data["wish_id"]), str(data["category"]), int(data["team_id"])
    service_id = int(data["service_id"])
    if data.get("how") == "order":
        ordered = await desk.to_order(
            wish_id, ctx.user_id, category, team_id, service_id, ctx.services.today()
        )
        finishers.committed(ctx)
        await wish_notices.refresh(ctx.services, wish_id)
        await _ordered(ctx, ordered)
        return
    posted = await desk.post(wish_id, ctx.user_id, category, team_id, service_id)
    finishers.committed(ctx)
    await wish_notices.refresh(ctx.services, wish_id)
    await _posted(ctx, posted)


async def _ordered(ctx: Ctx, ordered: Ordered) -> None:
    order_id = ordered.placed.order.id
    await ctx.reply("wish-approved-order", id=ordered.wish.id, order=order_id)
    await _tell(
        ctx.services,
        ordered.wish.resident_id,
        "wish-told-ordered",
        id=ordered.wish.id,
        order=order_id,
    )
    await notify.placed(ctx.services, ordered.placed)


async def _posted(ctx: Ctx, posted: Posted) -> None:
    services, wish = ctx.services, posted.wish
    team = posted.team.name.pick(ctx.locale)
    await ctx.reply("wish-approved-post", id=wish.id, team=team, count=len(posted.volunteers))
    await _tell(services, wish.resident_id, "wish-told-posted", id=wish.id)
    sent = []
    for volunteer in posted.volunteers:
        locale = await services.locale_of(volunteer)
        words = services.tr.text(locale, "wish-offer", card=await _card(services, locale, wish))
        message_id = await services.send_words(
            volunteer, words, render.inline(_claim_row(services, locale, wish.id))
        )
        if message_id is not None:  # edited once someone claims it
            sent.append((volunteer, message_id, wish_notices.CLAIM))
        await _play(services, volunteer, wish, locale)
    await wish_notices.record(services, wish.id, sent)


async def rejected(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    done: Rejected = await ctx.services.wishes.reject(
        int(data["wish_id"]), ctx.user_id, str(data["reason"])
    )
    finishers.committed(ctx)
    await wish_notices.refresh(ctx.services, done.wish.id)
    await ctx.reply("wish-rejected", id=done.wish.id)
    await _tell(
        ctx.services,
        done.wish.resident_id,
        "wish-told-rejected",
        id=done.wish.id,
        reason=done.wish.reason or "-",
    )


async def _tell(services: Services, user_id: int, key: str, **args: object) -> None:
    locale = await services.locale_of(user_id)
    await services.send_words(user_id, services.tr.text(locale, key, **args), None)


# --- a volunteer claims -------------------------------------------------------------


async def claim_pressed(ctx: Ctx, press: ClaimPress) -> None:
    """The first claim wins: the wish becomes an order already the claimant's, and
    from here it is an ordinary accepted order (visit steps, relayed chat, done,
    rating). The resident is told who took it and the order's number."""
    services = ctx.services
    try:
        done: Claimed = await services.wishes.claim(press.wish_id, ctx.user_id, services.today())
    except Refused as refused:
        if refused.reason != "wish-claimed":
            raise
        await ctx.toast("wish-claimed-already", id=press.wish_id)
        await ctx.replace_pressed(
            ctx.t("wish-claimed-already", id=press.wish_id), fallback="nothing"
        )
        return
    await ctx.toast()
    wish, taken = done.wish, done.taken
    order = taken.order
    args = await services.order_args(order, ctx.locale)
    words = ctx.t("wish-claimed-you", wish=wish.id, **args)
    buttons = notify.volunteer_buttons(services, ctx.locale, order)
    await ctx.replace_pressed(words, buttons, fallback="send")
    await voice.play(services, ctx.user_id, order.id, ctx.locale)
    name = taken.volunteer.first_name or "-"
    await _tell(
        services, wish.resident_id, "wish-told-claimed", id=wish.id, name=name, order=order.id
    )
    await notify.taken(services, taken)  # the resident's "accepted", with Write to them
    if wish.decided_by is not None:
        await _tell(
            services, wish.decided_by, "wish-claimed-coord", id=wish.id, name=name, order=order.id
        )
    await wish_notices.refresh(services, wish.id)
    await visits.begin(services, order, ctx.user_id)  # when will you arrive?


# --- the wall -----------------------------------------------------------------------


async def wall(ctx: Ctx) -> None:
    wishes = await ctx.services.wishes.wall(ctx.user_id)
    if not wishes:
        await ctx.reply("wishes-empty")
        return
    await ctx.reply("wishes-title", count=len(wishes))
    sent = []
    for item in wishes[:WALL_SHOWN]:  # one message each, with its own buttons
        card = await _card(ctx.services, ctx.locale, item)
        if item.status is WishStatus.OPEN:
            row, kind = _decision_row(ctx.services, ctx.locale, item.id), wish_notices.DECIDE
        else:
            row, kind = _claim_row(ctx.services, ctx.locale, item.id), wish_notices.CLAIM
        message_id = await ctx.messenger.send(ctx.chat_id, card, render.inline(row))
        sent.append((item.id, message_id, kind))
    for wish_id, message_id, kind in sent:  # edited, as the first copies, when it moves on
        await ctx.services.wishes.record_notices(wish_id, [(ctx.user_id, message_id, kind)])


def register(router: Router) -> None:
    router.command("wish", wish)
    router.command("wishes", wall)
    router.button(WishPress, decide_pressed)
    router.button(ClaimPress, claim_pressed)
    router.finisher(WISH, filed)
    router.finisher(WISH_APPROVE, approved)
    router.finisher(WISH_REJECT, rejected)
