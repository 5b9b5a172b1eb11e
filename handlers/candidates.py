"""Dispatch by buttons: a waiting order's best candidates, one tap to assign.

`/order n` for a waiting order, and the Assign button under an order of `/pending`,
list the candidates as dispatch ranks them (`domain.candidates`): name, team,
distance, open tasks, rating, reachable. Each is a button; a tap assigns through
`OrderDesk.assign`, the same path (checks, audit row, notices) as `/assign n id`.
Cancel under a `/pending` order asks to confirm first. A press on an order that no
longer waits (taken meanwhile) is refused by the domain in words
(`refused-order-not-pending`), as an alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from domain import lifecycle
from domain.candidates import Candidate, Shortlist
from domain.models import Order
from handlers import notify
from handlers.kit import render
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import InlineKeyboard
from handlers.kit.presses import press
from handlers.kit.router import Router


@press("dp")
@dataclass(frozen=True, slots=True)
class PickPress:
    """Give the order to this volunteer."""

    order_id: int
    volunteer_id: int


@press("dq")
@dataclass(frozen=True, slots=True)
class PendingPress:
    """Under a `/pending` order: show the candidates (a), or ask to cancel (c)."""

    order_id: int
    act: Literal["a", "c"]


@press("dx")
@dataclass(frozen=True, slots=True)
class CancelPress:
    """The cancel confirmation: yes, cancel it; or keep it."""

    order_id: int
    sure: bool


def pending_row(services: Services, locale: str, order: Order) -> list[tuple[str, PendingPress]]:
    """Assign / Cancel under one waiting order of `/pending`."""
    tr = services.tr
    return [
        (tr.text(locale, "candidates-assign", id=order.id), PendingPress(order.id, "a")),
        (tr.text(locale, "candidates-cancel", id=order.id), PendingPress(order.id, "c")),
    ]


def _line(services: Services, locale: str, shortlist: Shortlist, n: int, c: Candidate) -> str:
    tr, volunteer = services.tr, c.volunteer
    team = shortlist.teams.get(volunteer.team_id)
    km = c.distance_km
    return tr.text(
        locale,
        "candidates-line",
        n=n,
        name=volunteer.first_name,
        team=team.pick(locale) if team else "-",
        distance=tr.text(locale, "candidates-km", km=f"{km:.1f}") if km is not None else "-",
        tasks=volunteer.open_tasks,
        rating=f"{c.rating:.1f}" if c.rating is not None else tr.text(locale, "candidates-unrated"),
        reach=tr.text(locale, "candidates-reachable" if c.reachable else "candidates-unreachable"),
    )


def shortlist_words(
    services: Services, locale: str, shortlist: Shortlist
) -> tuple[str, InlineKeyboard | None]:
    """The candidates as lines, best first, and a button for each who can be reached;
    those who cannot follow, so nobody nearby is missing without a reason."""
    tr, order = services.tr, shortlist.order
    reachable = any(c.reachable for c in shortlist.candidates)
    title = "candidates-title" if reachable else "candidates-none"
    lines = [tr.text(locale, title, id=order.id)]
    rows = []
    for n, candidate in enumerate(shortlist.candidates, start=1):
        lines.append(_line(services, locale, shortlist, n, candidate))
        if candidate.reachable:  # who cannot be reached could not be assigned
            name = candidate.volunteer.first_name
            label = tr.text(locale, "candidates-button", n=n, name=name)
            rows.append([(label, PickPress(order.id, candidate.volunteer.user_id))])
    return "\n".join(lines), render.inline(*rows) if rows else None


async def send_shortlist(ctx: Ctx, order: Order) -> None:
    """After an order's card (`/order n`, a digest's button): its candidates, if it
    waits and the reader may assign it; nothing otherwise."""
    if order.status not in lifecycle.PENDING_STATUSES:
        return
    shortlist = await ctx.services.candidates.shortlist(order.id, ctx.user_id)
    words, markup = shortlist_words(ctx.services, ctx.locale, shortlist)
    await ctx.messenger.send(ctx.chat_id, words, markup)


async def pick_pressed(ctx: Ctx, press: PickPress) -> None:
    taken = await ctx.services.desk.assign(press.order_id, press.volunteer_id, ctx.user_id)
    await ctx.toast()
    words = ctx.t("assign-done", id=press.order_id, volunteer=taken.volunteer.first_name)
    await ctx.replace_pressed(words, fallback="send")
    await notify.assigned(ctx.services, taken)


async def pending_pressed(ctx: Ctx, press: PendingPress) -> None:
    candidates = ctx.services.candidates
    if press.act == "a":
        shortlist = await candidates.shortlist(press.order_id, ctx.user_id)
        await ctx.toast()
        words, markup = shortlist_words(ctx.services, ctx.locale, shortlist)
        await ctx.messenger.send(ctx.chat_id, words, markup)
        return
    await candidates.waiting(press.order_id, ctx.user_id)
    await ctx.toast()
    ask = render.inline(
        [
            (ctx.t("candidates-cancel-yes"), CancelPress(press.order_id, True)),
            (ctx.t("candidates-cancel-no"), CancelPress(press.order_id, False)),
        ]
    )
    await ctx.messenger.send(ctx.chat_id, ctx.t("candidates-cancel-ask", id=press.order_id), ask)


async def cancel_pressed(ctx: Ctx, press: CancelPress) -> None:
    if not press.sure:
        await ctx.toast()
        kept = ctx.t("candidates-cancel-kept", id=press.order_id)
        await ctx.replace_pressed(kept, fallback="send")
        return
    await ctx.services.candidates.waiting(press.order_id, ctx.user_id)  # taken meanwhile?
    reason = ctx.t("candidates-cancel-reason")
    cancelled = await ctx.services.desk.cancel_by_coordinator(press.order_id, ctx.user_id, reason)
    await ctx.toast()
    await ctx.replace_pressed(ctx.t("cancel-order-done", id=press.order_id), fallback="send")
    await notify.cancelled(ctx.services, cancelled, reason)


def register(router: Router) -> None:
    router.button(PickPress, pick_pressed)
    router.button(PendingPress, pending_pressed)
    router.button(CancelPress, cancel_pressed)
