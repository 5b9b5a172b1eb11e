"""Coordinators and their orders: what waits, one order's history, assign, reassign, cancel.

Every command here is checked by the domain (`Authority`) against the sender's
sites; the role test at the top of some handlers only picks the right words
early. `/order <n>` and `/cancel <n> <reason>` share their names with the
residents' `/order` and `/cancel`: they are registered for numbered arguments
(`Args.NUMBERED`), so a number after them picks the coordinator's form and
anything else keeps the old meaning, whatever the order of registration.
"""

from __future__ import annotations

from domain import notes
from domain.errors import Refused
from domain.models import Application, Order, OrderEvent
from handlers import candidates, checkin, notify, order_details, relay, visits, voice
from handlers.applications import decision_row
from handlers.kit import render
from handlers.kit.chunks import send_lines
from handlers.kit.context import Ctx, Services
from handlers.kit.router import Args, Router
from locales.dates import moment_words


async def pending(ctx: Ctx) -> None:
    if not ctx.person.roles.coordinator:
        raise Refused("not-a-coordinator")
    orders = await ctx.services.desk.pending(ctx.user_id)
    applications = await ctx.services.applications.pending(ctx.user_id)
    if not orders and not applications:
        await ctx.reply("pending-empty")
        return
    if orders:
        lines = [ctx.t("pending-title", count=len(orders))]
        for order in orders:
            args = await ctx.services.order_args(order, ctx.locale)
            lines.append(ctx.t("pending-line", **args))
        rows = [candidates.pending_row(ctx.services, ctx.locale, order) for order in orders]
        await ctx.messenger.send(ctx.chat_id, "\n".join(lines), render.inline(*rows))
    if applications:
        await _pending_applications(ctx, applications)


async def _pending_applications(ctx: Ctx, applications: list[Application]) -> None:
    """The applications waiting, each with Approve / Reject."""
    lines = [ctx.t("applications-title", count=len(applications))]
    rows = []
    for application in applications:
        site = await ctx.services.reference.site(application.site_id)
        lines.append(
            ctx.t(
                "application-line",
                id=application.id,
                name=application.first_name,
                user=application.user_id,
                site=site.name.pick(ctx.locale) if site else "?",
            )
        )
        rows.append(decision_row(ctx.services, ctx.locale, application))
    await ctx.messenger.send(ctx.chat_id, "\n".join(lines), render.inline(*rows))


async def order_history(ctx: Ctx) -> None:
    parts = ctx.inbound.args.split()
    if len(parts) != 1 or not parts[0].isdigit():
        await ctx.reply("order-usage")
        return
    order, events = await ctx.services.desk.history(int(parts[0]), ctx.user_id)
    await send_lines(ctx, await card_lines(ctx.services, ctx.locale, order, events))
    await voice.play(ctx.services, ctx.user_id, order.id, ctx.locale)  # the resident's voice
    await candidates.send_shortlist(ctx, order)  # waiting: its candidates as buttons


async def card_lines(
    services: Services, locale: str, order: Order, events: list[OrderEvent]
) -> list[str]:
    """The order's card and its history, in `locale`: what `/order n` shows, and what
    a complaint brings to the coordinators (`handlers.complaints`)."""
    tr = services.tr
    args = await services.order_args(order, locale)
    args["resident"] = await _name(services, order.resident_id)
    args["volunteer"] = (
        await _name(services, order.volunteer_id)
        if order.volunteer_id
        else tr.text(locale, "order-nobody")
    )
    lines = [tr.text(locale, "order-card", **args)]
    lines += await order_details.card_lines(services, locale, order)
    lines += _outcome_lines(services, locale, order)
    lines += await visits.card_lines(services, locale, order)
    lines += await checkin.card_lines(services, locale, order.id)
    lines += await relay.card_lines(services, locale, order.id)
    lines += await voice.card_lines(services, locale, order.id)
    lines += ["", tr.text(locale, "order-history-title")]
    lines += [await _event_line(services, locale, event) for event in events]
    return lines


def _outcome_lines(services: Services, locale: str, order: Order) -> list[str]:
    """How it went, once known: the hours served, the stars and the resident's words
    (a complaint must reach the coordinator who reads this card)."""
    tr, lines = services.tr, []
    if order.hours is not None:
        lines.append(tr.text(locale, "order-card-hours", hours=f"{order.hours:g}"))
    if order.rating is not None:
        stars = render.stars(order.rating)
        lines.append(tr.text(locale, "order-card-rating", stars=stars, rating=order.rating))
    if order.comment:
        lines.append(tr.text(locale, "order-card-comment", comment=order.comment))
    return lines


async def _event_line(services: Services, locale: str, event: OrderEvent) -> str:
    tr = services.tr
    args: dict[str, object] = {
        "at": moment_words(
            tr, locale, "date-pattern-history", event.at.astimezone(services.timezone)
        ),
        "from": tr.text(locale, f"status-{event.from_status.value}") if event.from_status else "-",
        "to": tr.text(locale, f"status-{event.to_status.value}"),
        "who": await _name(services, event.actor_id)
        if event.actor_id is not None
        else tr.text(locale, "order-history-system"),
    }
    note = notes.decode(event.note)
    if note is not None:
        words = tr.text(locale, f"note-{note.code}", **note.args)
        return tr.text(locale, "order-history-line-note", note=words, **args)
    return tr.text(locale, "order-history-line", **args)


async def _name(services: Services, user_id: int) -> str:
    profile = await services.people.profile(user_id)
    return f"{profile.first_name} ({user_id})" if profile and profile.first_name else str(user_id)


def _order_and_user(args: str) -> tuple[int, int] | None:
    parts = args.split()
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


async def assign(ctx: Ctx) -> None:
    parsed = _order_and_user(ctx.inbound.args)
    if parsed is None:
        await ctx.reply("assign-usage")
        return
    order_id, volunteer_id = parsed
    taken = await ctx.services.desk.assign(order_id, volunteer_id, ctx.user_id)
    await ctx.reply("assign-done", id=order_id, volunteer=taken.volunteer.first_name)
    await notify.assigned(ctx.services, taken)
    await visits.begin(ctx.services, taken.order, volunteer_id)


async def reassign(ctx: Ctx) -> None:
    parsed = _order_and_user(ctx.inbound.args)
    if parsed is None:
        await ctx.reply("reassign-usage")
        return
    order_id, volunteer_id = parsed
    reassigned = await ctx.services.desk.reassign(order_id, volunteer_id, ctx.user_id)
    volunteer = reassigned.taken.volunteer
    await ctx.reply("reassign-done", id=order_id, volunteer=volunteer.first_name)
    await notify.reassigned(ctx.services, reassigned)
    await visits.begin(ctx.services, reassigned.taken.order, volunteer_id)


async def cancel_order(ctx: Ctx) -> None:
    parts = ctx.inbound.args.split(maxsplit=1)
    if len(parts) != 2 or not parts[0].isdigit() or not parts[1].strip():
        await ctx.reply("cancel-order-usage")
        return
    order_id, reason = int(parts[0]), parts[1].strip()
    cancelled = await ctx.services.desk.cancel_by_coordinator(order_id, ctx.user_id, reason)
    await ctx.reply("cancel-order-done", id=order_id)
    await notify.cancelled(ctx.services, cancelled, reason)


def register(router: Router) -> None:
    router.command("pending", pending)
    router.command("assign", assign)
    router.command("reassign", reassign)
    router.command("order", order_history, Args.NUMBERED)
    router.command("cancel", cancel_order, Args.NUMBERED)
