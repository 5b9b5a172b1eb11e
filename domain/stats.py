"""Statistics for coordinators, read from the roll-ups (never a scan of orders).

`StatsDesk.report(user, site, period)` checks the reader's scope with `Authority`
(a coordinator sees their subtree, an admin everything), walks the cached
`SiteTree` for the subtree and the sites right below, and asks `StatsRepo` for three
small aggregates of `stats_rollups` over the period: by category, by site, by day.
The roll-ups are written by the order repository in the transaction of each
transition (`storage/sql/repos/stats.py`). Volunteer hours and points come from the
ledger (`ledger_rollups`, by site, category and source: order, activity, adjustment),
and the activities held, their attendance and beneficiaries from the activities;
the trend counts those held by the county day (or month) they started on.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from domain.errors import Refused
from domain.models import Site
from domain.ports.database import Database
from domain.reference import Reference, SiteTree
from domain.roles import Authority
from domain.stats_models import (
    ActivityLine,
    ActivityTally,
    HoursCell,
    HoursTally,
    Period,
    PeriodKind,
    Tally,
    TrendPoint,
    activity_tally,
    hours_by_site,
    hours_of,
    total,
)

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^w(\d{4}-\d{2}-\d{2})$")
WORDS = {kind.value: kind for kind in PeriodKind}  # today, week, month, year
FIRST_YEAR, LAST_YEAR = 2000, 2100
TREND_DAYS = 14  # the trend shown with one day's statistics


def current(kind: PeriodKind, today: date) -> Period:
    """Today, this week (Monday to Sunday), this month or this year: whole, so a
    button's code reads back as the same period."""
    match kind:
        case PeriodKind.TODAY:
            return Period(kind, today, today)
        case PeriodKind.WEEK:
            monday = today - timedelta(days=today.weekday())
            return Period(kind, monday, monday + timedelta(days=6))
        case PeriodKind.MONTH:
            return month(today.year, today.month)
    return Period(kind, date(today.year, 1, 1), date(today.year, 12, 31))


def month(year: int, number: int) -> Period:
    last = calendar.monthrange(year, number)[1]
    return Period(PeriodKind.MONTH, date(year, number, 1), date(year, number, last))


def previous_month(period: Period) -> Period:
    before = period.first.replace(day=1) - timedelta(days=1)
    return month(before.year, before.month)


def parse_period(text: str, today: date) -> Period | None:
    """`today`, `week`, `month`, `year`, a month `2026-11`, a
    year `2026`, and the codes buttons carry (`Period.code`); None for anything else."""
    word = text.strip().lower()
    if word in WORDS:
        return current(WORDS[word], today)
    if found := _MONTH.match(word):
        year, number = int(found[1]), int(found[2])
        return month(year, number) if 1 <= number <= 12 and _year_ok(year) else None
    if found := _YEAR.match(word):
        year = int(found[1])
        if not _year_ok(year):
            return None
        return Period(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31))
    if found := _WEEK.match(word):
        start = _date(found[1])
        return Period(PeriodKind.WEEK, start, start + timedelta(days=6)) if start else None
    if _DAY.match(word) and (day := _date(word)):
        return Period(PeriodKind.TODAY, day, day)
    return None


def parse_request(args: str, today: date) -> tuple[int | None, Period] | None:
    """`/stats [site id] [period]`: (site id or None, period; this month by default).
    One argument that reads as a period is the period (so `2026` is a year), else a
    site id. None when the arguments are neither."""
    parts = args.split()
    if not parts:
        return None, current(PeriodKind.MONTH, today)
    if len(parts) == 1:
        if (period := parse_period(parts[0], today)) is not None:
            return None, period
        return (int(parts[0]), current(PeriodKind.MONTH, today)) if _site_id(parts[0]) else None
    if len(parts) == 2 and _site_id(parts[0]):
        period = parse_period(parts[1], today)
        return None if period is None else (int(parts[0]), period)
    return None


def _site_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 9 and int(text) > 0


def _year_ok(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def _date(text: str) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if _year_ok(day.year) else None


@dataclass(frozen=True, slots=True)
class SiteRank:
    site: Site
    tally: Tally
    hours: HoursTally = field(default_factory=HoursTally)  # from the ledger
    activities: ActivityTally = field(default_factory=ActivityTally)


@dataclass(frozen=True, slots=True)
class StatsReport:
    site: Site | None  # None: several top sites (an admin's county)
    period: Period
    tally: Tally  # the whole subtree
    categories: list[tuple[str, Tally]]  # by category code, most orders first
    below: list[SiteRank]  # the sites right below, ranked (most finished first)
    trend: list[TrendPoint]  # by day, or by month for a year
    parent: Site | None = None  # the site above, when the reader may see it too
    hours: HoursTally = field(default_factory=HoursTally)  # volunteer hours, points: ledger
    activities: ActivityTally = field(default_factory=ActivityTally)  # held (closed)


class StatsDesk:
    def __init__(
        self, db: Database, authority: Authority, reference: Reference, zone: ZoneInfo
    ) -> None:
        self._db = db
        self._authority = authority
        self._reference = reference
        self._zone = zone  # the county's: an activity counts on the day it started there

    async def report(self, user_id: int, site_id: int | None, period: Period) -> StatsReport:
        """The statistics of `site_id`'s subtree (None: the reader's own scope) over
        `period`. Refused unless the reader coordinates the site (or is an admin)."""
        async with self._db.read() as tx:
            tree = await self._reference.sites(tx)
            allowed = await self._authority.sites_of(tx, user_id)  # None: everywhere
            if site_id is not None:
                if tree.get(site_id) is None:
                    raise Refused("stats-no-site", id=site_id)
                if allowed is not None and site_id not in allowed:
                    raise Refused("stats-outside", id=site_id)
                tops = [site_id]
            else:
                tops = await self._authority.top_sites(tx, user_id)
            site = tree.get(tops[0]) if len(tops) == 1 else None
            below_sites = tree.children(site.id) if site is not None else _sites(tree, tops)
            scope = sorted({s for top in tops for s in tree.subtree_ids(top)})
            categories = await tx.stats.by_category(scope, period.first, period.last)
            sites = await tx.stats.by_site(scope, period.first, period.last)
            first, last = trend_span(period)
            by_date = tx.stats.by_month if period.by_month else tx.stats.by_day
            days = await by_date(scope, first, last)
            cells = await tx.stats.hours(scope, period.first, period.last)
            spanned = await tx.stats.activities(scope, first, last)
        started = {line.id: line.starts_at.astimezone(self._zone).date() for line in spanned}
        held = [a for a in spanned if period.first <= started[a.id] <= period.last]
        parent = tree.get(site.parent_id) if site and site.parent_id is not None else None
        if parent is not None and allowed is not None and parent.id not in allowed:
            parent = None
        site_hours = hours_by_site(cells)
        site_held: dict[int, list[ActivityLine]] = {}
        for line in held:
            site_held.setdefault(line.site_id, []).append(line)
        below = [_rank(tree, s, sites, site_hours, site_held) for s in below_sites]
        below.sort(key=lambda r: (-r.tally.finished, -r.tally.placed, r.site.id))
        categories = _with_hours(categories, cells)
        ranked = sorted(categories.items(), key=lambda item: (-item[1].placed, item[0]))
        return StatsReport(
            site,
            period,
            total(categories.values()),
            ranked,
            below,
            _trend(period, days, Counter(started[a.id] for a in spanned if a.held)),
            parent,
            hours_of(cells),
            activity_tally(held),
        )


def trend_span(period: Period) -> tuple[date, date]:
    """The days the trend covers: the period's, or the last two weeks for one day."""
    if period.kind is PeriodKind.TODAY:
        return period.first - timedelta(days=TREND_DAYS - 1), period.last
    return period.first, period.last


def _rank(
    tree: SiteTree,
    site: Site,
    sites: dict[int, Tally],
    site_hours: dict[int, HoursTally],
    site_held: dict[int, list[ActivityLine]],
) -> SiteRank:
    ids = tree.subtree_ids(site.id)
    hours = sum((site_hours[i] for i in ids if i in site_hours), HoursTally())
    tally = replace(total(sites[i] for i in ids if i in sites), hours=hours.hours)
    held = activity_tally(a for i in ids for a in site_held.get(i, ()))
    return SiteRank(site, tally, hours, held)


def _with_hours(categories: dict[str, Tally], cells: list[HoursCell]) -> dict[str, Tally]:
    """Each category's tally with the ledger's hours (all sources) in place of none;
    a category with hours but no order (activities only) is there too."""
    minutes: dict[str, int] = {}
    for cell in cells:
        minutes[cell.category_code] = minutes.get(cell.category_code, 0) + cell.minutes
    out = {code: replace(t, hours=minutes.pop(code, 0) / 60) for code, t in categories.items()}
    out |= {code: Tally(hours=m / 60) for code, m in minutes.items() if m and code}
    return out


def _sites(tree: SiteTree, ids: list[int]) -> list[Site]:
    return [s for s in (tree.get(i) for i in ids) if s is not None]


def _trend(
    period: Period, days: dict[date, tuple[int, int]], held: dict[date, int]
) -> list[TrendPoint]:
    """Every day of the period (every month of a year), zeros included."""
    if period.by_month:
        months: dict[date, tuple[int, int, int]] = {}
        for day in days.keys() | held.keys():
            placed, finished = days.get(day, (0, 0))
            key = day.replace(day=1)
            was = months.get(key, (0, 0, 0))
            months[key] = (was[0] + placed, was[1] + finished, was[2] + held.get(day, 0))
        firsts = [date(period.first.year, m, 1) for m in range(1, 13)]
        return [TrendPoint(d, *months.get(d, (0, 0, 0))) for d in firsts]
    first, last = trend_span(period)
    every = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [TrendPoint(d, *days.get(d, (0, 0)), held.get(d, 0)) for d in every]
