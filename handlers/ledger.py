"""Recognition in chat: `/me`, coordinators' `/adjust`, and star levels told.

    /me                          my hours (this year, all time), stars, points, last tasks
    /me card                     the same star level as a PNG card
    /adjust 900001 2 带队指导    a coordinator over the volunteer adds 2 h, with a reason
    /adjust 900001 -1.5 录错了   ... or takes 1.5 h back

Reaching a star level (`domain.ledger.LevelReached`, from a done task or an
adjustment) congratulates the volunteer and tells their coordinators (`level`).
"""

from __future__ import annotations

import asyncio

from conversations.model import Text
from domain.ledger import LevelReached
from domain.ledger_models import MyRecord, hours_text
from handlers.honour import Card, card_png
from handlers.kit import render
from handlers.kit.context import Ctx, Services
from handlers.kit.router import Router
from locales.dates import moment_words

AT_PATTERN = "date-pattern-audit"
CARD_WORDS = frozenset({"card", "png"})


async def me(ctx: Ctx) -> None:
    record = await ctx.services.ledger.me(ctx.user_id)
    if ctx.inbound.args.strip().lower() in CARD_WORDS:
        png = await asyncio.to_thread(card_png, _me_card(ctx, record))
        await ctx.messenger.send_photo(
            ctx.chat_id, png, filename=ctx.t("me-card-file"), caption=ctx.t("me-card-caption")
        )
        return
    await ctx.messenger.send(ctx.chat_id, await _me_words(ctx, record))


def _me_card(ctx: Ctx, record: MyRecord) -> Card:
    """The star level as a card (`/me card`), drawn like the honour list's."""
    if record.next_level is None:
        ahead = ctx.t("me-top")
    else:
        level, minutes = record.next_level
        ahead = ctx.t("me-next", next=level, hours=hours_text(minutes))
    hours = ctx.t("me-card-hours", hours=hours_text(record.minutes_all))
    year = ctx.t("me-card-hours", hours=hours_text(record.minutes_year))
    stars = render.stars(record.stars) or "-"
    return Card(
        title=ctx.t("me-card-title", stars=stars, count=record.stars),
        subtitle=ctx.person.profile.first_name,
        sections=(
            (
                ctx.t("me-card-service"),
                ((ctx.t("me-card-all"), hours), (ctx.t("me-card-year"), year)),
            ),
            (ctx.t("me-card-level"), ((ahead, ""),)),
            (ctx.t("me-card-points"), ((ctx.t("me-card-balance"), str(record.points)),)),
        ),
        empty="",
        ranked=False,
    )


async def _me_words(ctx: Ctx, record: MyRecord) -> str:
    lines = [
        ctx.t("me-title"),
        ctx.t("me-hours", year=hours_text(record.minutes_year), all=hours_text(record.minutes_all)),
        ctx.t("me-stars", stars=render.stars(record.stars) or "-", count=record.stars),
    ]
    if record.next_level is None:
        lines.append(ctx.t("me-top"))
    else:
        level, minutes = record.next_level
        lines.append(ctx.t("me-next", next=level, hours=hours_text(minutes)))
    lines.append(ctx.t("me-points", points=record.points))
    lines.append(ctx.t("me-card-hint"))
    if not record.tasks:
        lines.append(ctx.t("me-no-tasks"))
        return "\n".join(lines)
    lines.append(ctx.t("me-tasks"))
    catalogue = await ctx.services.reference.catalogue()
    for task in record.tasks:
        service = catalogue.service(task.service_id)
        when = task.done_at.astimezone(ctx.services.timezone) if task.done_at else None
        lines.append(
            ctx.t(
                "me-task",
                id=task.order_id,
                service=service.name.pick(ctx.locale) if service else "?",
                hours="-" if task.hours is None else f"{task.hours:g}",
                rating=render.stars(task.rating) if task.rating else ctx.t("me-unrated"),
                when=moment_words(ctx.services.tr, ctx.locale, AT_PATTERN, when) if when else "-",
            )
        )
    return "\n".join(lines)


async def adjust(ctx: Ctx) -> None:
    parts = ctx.inbound.args.split(maxsplit=2)
    hours = _number(parts[1]) if len(parts) >= 2 else None
    if len(parts) < 3 or not parts[0].isdigit() or hours is None:
        await ctx.reply("adjust-usage")
        return
    person_id, reason = int(parts[0]), parts[2]
    credited, level = await ctx.services.ledger.adjust(ctx.user_id, person_id, hours, reason)
    shown = {"hours": _signed(credited.minutes), "points": credited.points, "reason": reason}
    profile = await ctx.services.people.profile(person_id)
    name = profile.first_name if profile and profile.first_name else str(person_id)
    await ctx.say(Text("adjust-done", {**shown, "name": name}))
    await ctx.services.tell(person_id, Text("adjust-told", shown))
    if level is not None:
        await tell_level(ctx.services, level)


def _number(raw: str) -> float | None:
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _signed(minutes: int) -> str:
    return ("+" if minutes > 0 else "-") + hours_text(abs(minutes))


async def tell_level(services: Services, level: LevelReached) -> None:
    """Congratulate the volunteer and tell their coordinators."""
    hours = hours_text(level.total_minutes)
    count = level.stars
    stars = render.stars(count)
    person_id = level.person_id
    await services.tell(person_id, Text("level-reached", _args(hours, count, stars)))
    if not level.coordinators:
        return
    profile = await services.people.profile(person_id)
    name = profile.first_name if profile and profile.first_name else str(person_id)
    args = {**_args(hours, count, stars), "name": name, "id": person_id}
    for coordinator in level.coordinators:
        await services.tell(coordinator, Text("level-reached-coordinator", args))


def _args(hours: str, count: int, stars: str) -> dict[str, object]:
    return {"hours": hours, "count": count, "stars": stars}


def register(router: Router) -> None:
    router.command("me", me)
    router.command("adjust", adjust)
