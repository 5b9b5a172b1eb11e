"""`/stats [site id] [period]`: a coordinator's statistics as two charts.

    /stats              this month, the sender's own sites
    /stats week         this week (also today, month, year, 2026-11, 2026)
    /stats 11 2026-11   site 11's subtree in November 2026

The first photo (orders by status and by category, key figures, the sites below
ranked) carries the buttons: another period, the month before, the site above, and
one button per site below to drill into it. The second shows the trend by day (by
month for a year). Who may see which subtree is the domain's call
(`domain.stats.StatsDesk`, through `Authority`); the numbers come from roll-ups,
the words from `locales/*/stats.ftl`, and the drawing (`handlers.charts`) runs in a
worker thread so other chats do not wait.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from domain.errors import Refused
from domain.models import Catalogue, OrderStatus
from domain.stats import StatsReport, parse_period, parse_request, previous_month
from domain.stats_models import BENEFICIARY_CATEGORIES, STATUSES, Period, PeriodKind, Tally
from handlers import chart_models as charts
from handlers.kit import render
from handlers.kit.context import Ctx
from handlers.kit.ports import InlineKeyboard
from handlers.kit.presses import Press, press
from handlers.kit.router import Router
from locales.dates import day_words

OWN = 0  # StatsPress.site_id for "the presser's own sites"
DRILL_BUTTONS = 8  # sites below offered as buttons, best ranked first
RELATIVE = (PeriodKind.TODAY, PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.YEAR)
SITE_LINES = 30  # sites below listed with their activities and hours (a message's worth)


@press("st")
@dataclass(frozen=True, slots=True)
class StatsPress:
    """Show the statistics of `site_id` (OWN: the presser's scope) for `period`: a
    word (today, week, month, year: as of the press) or a `Period.code`."""

    site_id: int
    period: str


async def stats(ctx: Ctx) -> None:
    request = parse_request(ctx.inbound.args, ctx.services.today())
    if request is None:
        await ctx.reply("stats-usage")
        return
    site_id, period = request
    await _show(ctx, site_id, period)


async def stats_pressed(ctx: Ctx, pressed: StatsPress) -> None:
    period = parse_period(pressed.period, ctx.services.today())
    if period is None:  # not data we wrote
        await ctx.toast("stats-usage")
        return
    await _show(ctx, None if pressed.site_id == OWN else pressed.site_id, period)


async def _show(ctx: Ctx, site_id: int | None, period: Period) -> None:
    if not ctx.person.roles.coordinator:
        raise Refused("not-a-coordinator")
    report = await ctx.services.stats.report(ctx.user_id, site_id, period)
    # A press is answered once it is known to be allowed: a refusal is its answer.
    await ctx.toast()
    catalogue = await ctx.services.reference.catalogue()
    from handlers import charts as drawing  # matplotlib, at the first chart asked for

    summary = await drawing.render(drawing.draw_summary, summary_chart(ctx, report, catalogue))
    # The trend draws in its thread while the first photo uploads.
    trend = asyncio.create_task(drawing.render(drawing.draw_trend, trend_chart(ctx, report)))
    try:
        await ctx.messenger.send_photo(
            ctx.chat_id, summary, ctx.t("stats-file"), caption(ctx, report), buttons(ctx, report)
        )
    finally:
        trend_png = await trend
    await ctx.messenger.send_photo(
        ctx.chat_id, trend_png, ctx.t("stats-trend-file"), trend_caption(ctx, report)
    )
    if (by_site := sites_text(ctx, report)) is not None:
        await ctx.messenger.send(ctx.chat_id, by_site)


def scope_name(ctx: Ctx, report: StatsReport) -> str:
    return report.site.name.pick(ctx.locale) if report.site else ctx.t("stats-own-sites")


def period_words(ctx: Ctx, period: Period) -> str:
    tr, locale = ctx.services.tr, ctx.locale
    match period.kind:
        case PeriodKind.TODAY:
            return day_words(tr, locale, "date-pattern-stats-day", period.first)
        case PeriodKind.WEEK:
            first = day_words(tr, locale, "date-pattern-stats-day", period.first)
            last = day_words(tr, locale, "date-pattern-stats-day", period.last)
            return ctx.t("stats-period-week", **{"from": first, "to": last})
        case PeriodKind.MONTH:
            return day_words(tr, locale, "date-pattern-stats-month", period.first)
    return day_words(tr, locale, "date-pattern-stats-year", period.first)


def duration(ctx: Ctx, seconds: float | None) -> str:
    if seconds is None:
        return ctx.t("stats-none")
    if seconds < 3600:
        return ctx.t("stats-minutes", n=max(1.0, seconds / 60))
    if seconds < 2 * 86400:
        return ctx.t("stats-hours", n=seconds / 3600)
    return ctx.t("stats-days", n=seconds / 86400)


def rating(ctx: Ctx, tally: Tally) -> str:
    value = tally.rating
    return ctx.t("stats-none") if value is None else ctx.t("stats-rating", rating=value)


def caption(ctx: Ctx, report: StatsReport) -> str:
    tally = report.tally
    text = ctx.t(
        "stats-caption",
        scope=scope_name(ctx, report),
        period=period_words(ctx, report.period),
        placed=tally.placed,
        finished=tally.finished,
        cancelled=tally.count(OrderStatus.CANCELLED),
        accept=duration(ctx, tally.median_accept),
        done=duration(ctx, tally.median_done),
        rating=rating(ctx, tally),
        ratings=tally.rating_count,
        complaints=tally.complaints,
        hours=ctx.t("stats-number", n=report.hours.hours),
    )
    return "\n".join([text, *ledger_lines(ctx, report)])


def trend_caption(ctx: Ctx, report: StatsReport) -> str:
    """The trend's title; under a year's, the activities held in each month that held any
    (its lines count orders only: activities are a few a month against hundreds)."""
    words = {"scope": scope_name(ctx, report), "period": period_words(ctx, report.period)}
    text = ctx.t("stats-trend-caption", **words)
    months = [point for point in report.trend if point.held] if report.period.by_month else []
    if not months:
        return text
    tr, locale = ctx.services.tr, ctx.locale
    parts = [
        ctx.t(
            "stats-trend-held-month",
            month=day_words(tr, locale, "date-pattern-stats-axis-month", point.day),
            held=point.held,
        )
        for point in months
    ]
    held = ctx.t("stats-trend-held-line", months=ctx.t("stats-trend-held-separator").join(parts))
    return f"{text}\n{held}"


def _hours(ctx: Ctx, minutes: int) -> str:
    return ctx.t("stats-number", n=minutes / 60)


def beneficiaries_text(ctx: Ctx, counts: dict[str, int]) -> str:
    parts = [
        ctx.t("stats-beneficiary-part", name=ctx.t(f"beneficiary-{code}"), count=n)
        if code in BENEFICIARY_CATEGORIES
        else ctx.t("stats-beneficiary-part", name=code, count=n)
        for code, n in sorted(counts.items(), key=_category_order)
        if n
    ]
    return ctx.t("stats-beneficiary-separator").join(parts)


def _category_order(item: tuple[str, int]) -> tuple[int, str]:
    code = item[0]
    known = code in BENEFICIARY_CATEGORIES
    return (BENEFICIARY_CATEGORIES.index(code) if known else len(BENEFICIARY_CATEGORIES), code)


def ledger_lines(ctx: Ctx, report: StatsReport) -> list[str]:
    """Hours by source and points (the ledger's), then the activities held."""
    hours, held = report.hours, report.activities
    lines = [
        ctx.t(
            "stats-ledger-line",
            order=_hours(ctx, hours.of("order")),
            activity=_hours(ctx, hours.of("activity")),
            adjust=_hours(ctx, hours.of("adjust")),
            points=hours.points,
        ),
        ctx.t(
            "stats-activities-line",
            held=held.held,
            checked=held.checked_in,
            walkins=held.walk_ins,
            noshows=held.no_shows,
            beneficiaries=held.beneficiaries_total,
        ),
    ]
    if held.beneficiaries_total:
        lines.append(
            ctx.t("stats-beneficiaries-line", parts=beneficiaries_text(ctx, held.beneficiaries))
        )
    return lines


def sites_text(ctx: Ctx, report: StatsReport) -> str | None:
    """Per site below: activities, attendance, beneficiaries and hours; None when no
    site below held an activity or served an hour."""
    shown = [r for r in report.below if r.activities.held or r.hours.total_minutes][:SITE_LINES]
    if not shown:
        return None
    words = {"scope": scope_name(ctx, report), "period": period_words(ctx, report.period)}
    lines = [ctx.t("stats-sites-title", **words)]
    for rank in shown:
        a = rank.activities
        lines.append(
            ctx.t(
                "stats-site-line",
                site=rank.site.name.pick(ctx.locale),
                held=a.held,
                checked=a.checked_in,
                walkins=a.walk_ins,
                noshows=a.no_shows,
                beneficiaries=a.beneficiaries_total,
                hours=_hours(ctx, rank.hours.total_minutes),
                activity=_hours(ctx, rank.hours.of("activity")),
            )
        )
    return "\n".join(lines)


def summary_chart(ctx: Ctx, report: StatsReport, catalogue: Catalogue) -> charts.SummaryChart:
    tally = report.tally
    statuses = charts.Bars(
        ctx.t("stats-chart-statuses"),
        [ctx.t(f"status-{s}") for s in STATUSES],
        [tally.count(s) for s in STATUSES],
        charts.STATUS_COLOURS,
    )
    names = []
    for code, _ in report.categories:
        category = catalogue.category(code)
        names.append(category.name.pick(ctx.locale) if category else code)
    categories = charts.Bars(
        ctx.t("stats-chart-categories"), names, [t.placed for _, t in report.categories]
    )
    ranking = charts.Bars(
        ctx.t("stats-chart-below"),
        [r.site.name.pick(ctx.locale) for r in report.below],
        [r.tally.finished for r in report.below],
        empty="" if report.below else ctx.t("stats-chart-no-below"),
    )
    figures = [
        (ctx.t("stats-figure-placed"), str(tally.placed)),
        (ctx.t("stats-figure-finished"), str(tally.finished)),
        (ctx.t("stats-figure-accept"), duration(ctx, tally.median_accept)),
        (ctx.t("stats-figure-done"), duration(ctx, tally.median_done)),
        (ctx.t("stats-figure-rating"), rating(ctx, tally)),
        (ctx.t("stats-figure-complaints"), str(tally.complaints)),
        (ctx.t("stats-figure-hours"), ctx.t("stats-number", n=report.hours.hours)),
    ]
    title = ctx.t(
        "stats-chart-title",
        scope=scope_name(ctx, report),
        period=period_words(ctx, report.period),
    )
    return charts.SummaryChart(
        title,
        statuses,
        categories,
        figures,
        ctx.t("stats-chart-figures"),
        ranking,
        ctx.t("stats-chart-empty"),
    )


def trend_chart(ctx: Ctx, report: StatsReport) -> charts.TrendChart:
    by_month = report.period.by_month
    pattern = "date-pattern-stats-axis-month" if by_month else "date-pattern-stats-axis-day"
    labels = [day_words(ctx.services.tr, ctx.locale, pattern, p.day) for p in report.trend]
    return charts.TrendChart(
        ctx.t("stats-chart-trend-month" if by_month else "stats-chart-trend-day"),
        labels,
        [
            (ctx.t("stats-series-placed"), [p.placed for p in report.trend]),
            (ctx.t("stats-series-finished"), [p.finished for p in report.trend]),
        ],
        ctx.t("stats-chart-empty"),
    )


def buttons(ctx: Ctx, report: StatsReport) -> InlineKeyboard:
    here = report.site.id if report.site else OWN
    rows: list[list[tuple[str, Press]]] = [
        [(ctx.t(f"stats-button-{kind}"), StatsPress(here, str(kind))) for kind in RELATIVE]
    ]
    before = previous_month(report.period)
    second: list[tuple[str, Press]] = [
        (
            ctx.t("stats-button-previous", period=period_words(ctx, before)),
            StatsPress(here, before.code),
        )
    ]
    if report.parent is not None:
        up = ctx.t("stats-button-up", site=report.parent.name.pick(ctx.locale))
        second.append((up, StatsPress(report.parent.id, report.period.code)))
    rows.append(second)
    drill: list[tuple[str, Press]] = [
        (
            ctx.t("stats-button-site", site=r.site.name.pick(ctx.locale)),
            StatsPress(r.site.id, report.period.code),
        )
        for r in report.below[:DRILL_BUTTONS]
    ]
    rows += [drill[i : i + 2] for i in range(0, len(drill), 2)]
    return render.inline(*rows)


def register(router: Router) -> None:
    router.command("stats", stats)
    router.button(StatsPress, stats_pressed)
