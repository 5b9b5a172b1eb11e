"""Digests instead of noise: `/notify`, and the digest each coordinator chose.

`/notify` shows a coordinator's choice and buttons to change it: every new order (a
notice each, as before), a daily digest at 08:00, 12:00 or 18:00 county time, or
only escalations (`domain.digests`). The digest (`digest.send`, fired by the
sweeper) lists what came in since the last one, what waits, what of that was
escalated and the complaints; every order it names has a button that opens its
card (`/order n`), with the candidates when it still waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.digests import HOURS, Choice, Digest, Mode
from domain.errors import Refused
from domain.models import Order
from domain.ports.complaints import Complaint
from handlers import candidates, coordinator
from handlers.kit import render
from handlers.kit.chunks import send_lines, split
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import InlineKeyboard
from handlers.kit.presses import press
from handlers.kit.router import Router
from locales.dates import moment_words

PER_ROW = 4  # order buttons in a row of the digest
MAX_BUTTONS = 48  # Telegram allows 100; a digest past this names the rest in words


@press("nf")
@dataclass(frozen=True, slots=True)
class NotifyPress:
    mode: Mode
    hour: int | None


@press("dg")
@dataclass(frozen=True, slots=True)
class OpenPress:
    """Open an order's card from a digest."""

    order_id: int


def _choice_words(services: Services, locale: str, choice: Choice) -> str:
    tr = services.tr
    if choice.mode is Mode.DIGEST:
        now = tr.text(locale, "digests-mode-digest", hour=f"{choice.hour or 0:02d}:00")
    else:
        now = tr.text(locale, f"digests-mode-{choice.mode.value}")
    return tr.text(locale, "digests-current", choice=now)


def _choices(services: Services, locale: str, choice: Choice) -> InlineKeyboard:
    tr = services.tr

    def mark(label: str, picked: bool) -> str:
        return tr.text(locale, "digests-picked", label=label) if picked else label

    every = choice.mode is Mode.EVERY
    escalations = choice.mode is Mode.ESCALATIONS
    hours = [
        (
            mark(
                tr.text(locale, "digests-button-digest", hour=f"{hour:02d}:00"),
                choice.mode is Mode.DIGEST and choice.hour == hour,
            ),
            NotifyPress(Mode.DIGEST, hour),
        )
        for hour in HOURS
    ]
    return render.inline(
        [(mark(tr.text(locale, "digests-button-every"), every), NotifyPress(Mode.EVERY, None))],
        hours,
        [
            (
                mark(tr.text(locale, "digests-button-escalations"), escalations),
                NotifyPress(Mode.ESCALATIONS, None),
            )
        ],
    )


async def notify_command(ctx: Ctx) -> None:
    if not ctx.person.roles.coordinator:
        raise Refused("not-a-coordinator")
    choice = await ctx.services.digests.choice(ctx.user_id)
    words = "\n".join([ctx.t("digests-title"), _choice_words(ctx.services, ctx.locale, choice)])
    await ctx.messenger.send(ctx.chat_id, words, _choices(ctx.services, ctx.locale, choice))


async def notify_pressed(ctx: Ctx, press: NotifyPress) -> None:
    choice = await ctx.services.digests.choose(ctx.user_id, press.mode, press.hour)
    await ctx.toast("digests-saved")
    words = "\n".join([ctx.t("digests-title"), _choice_words(ctx.services, ctx.locale, choice)])
    await ctx.replace_pressed(words, _choices(ctx.services, ctx.locale, choice), fallback="send")


async def open_pressed(ctx: Ctx, press: OpenPress) -> None:
    order, events = await ctx.services.desk.history(press.order_id, ctx.user_id)
    await ctx.toast()
    await send_lines(ctx, await coordinator.card_lines(ctx.services, ctx.locale, order, events))
    await candidates.send_shortlist(ctx, order)


# --- the digest ------------------------------------------------------------


async def _order_lines(
    services: Services, locale: str, title: str, orders: Sequence[Order]
) -> list[str]:
    if not orders:
        return []
    tr = services.tr
    lines = ["", tr.text(locale, title, count=len(orders))]
    for order in orders:
        args = await services.order_args(order, locale)
        lines.append(tr.text(locale, "digests-order-line", **args))
    return lines


def _complaint_lines(services: Services, locale: str, found: Sequence[Complaint]) -> list[str]:
    if not found:
        return []
    tr = services.tr
    lines = ["", tr.text(locale, "digests-complaints", count=len(found))]
    for complaint in found:
        cause = tr.text(locale, f"digests-cause-{complaint.cause}")
        lines.append(tr.text(locale, "digests-complaint-line", id=complaint.order_id, cause=cause))
    return lines


def _buttons(services: Services, locale: str, digest: Digest) -> InlineKeyboard | None:
    ids: list[int] = []
    named = [*digest.new, *digest.waiting, *digest.escalated]
    for order_id in [o.id for o in named] + [c.order_id for c in digest.complaints]:
        if order_id not in ids:
            ids.append(order_id)
    ids = ids[:MAX_BUTTONS]
    if not ids:
        return None
    label = [(services.tr.text(locale, "digests-open", id=i), OpenPress(i)) for i in ids]
    return render.inline(*[label[i : i + PER_ROW] for i in range(0, len(label), PER_ROW)])


async def digest(services: Services, outcome: Digest) -> None:
    """The sweeper's, at the hour the coordinator chose: their digest, in parts if
    long, the buttons under the last."""
    digest = outcome
    locale = await services.locale_of(digest.user_id)
    tr = services.tr
    since_local = digest.since.astimezone(services.timezone)
    since = moment_words(tr, locale, "date-pattern-history", since_local)
    lines = [tr.text(locale, "digests-digest-title", since=since)]
    if digest.empty:
        lines.append(tr.text(locale, "digests-quiet"))
    lines += await _order_lines(services, locale, "digests-new", digest.new)
    lines += await _order_lines(services, locale, "digests-waiting", digest.waiting)
    lines += await _order_lines(services, locale, "digests-escalated", digest.escalated)
    lines += _complaint_lines(services, locale, digest.complaints)
    parts = split(lines)
    markup = _buttons(services, locale, digest)
    for i, part in enumerate(parts):
        await services.send_words(digest.user_id, part, markup if i == len(parts) - 1 else None)


def register(router: Router) -> None:
    router.command("notify", notify_command)
    router.button(NotifyPress, notify_pressed)
    router.button(OpenPress, open_pressed)
