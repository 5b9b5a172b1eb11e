"""`/export`: the orders of a coordinator's subtree and a period, for the report upward,
with the period's activities and the volunteers' hours on the ledger (`Extras`).

The rules only: who may export what (`Exports.plan`, scoped by `Authority` on the
site tree), the period the arguments mean (`parse_request`), the pages of rows read
by keyset pagination so nothing holds all orders at once (`Exports.pages`), and the
sums by site and category (`Summary`). Writing the file is the handler's
(`handlers.export_sheets`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from domain.errors import Refused
from domain.models import LocalName, OrderStatus
from domain.ports.clock import Clock
from domain.ports.database import Database
from domain.ports.exports import ExportRow, VolunteerLine
from domain.roles import Authority
from domain.stats_models import ActivityLine

Format = Literal["xlsx", "csv"]
PAGE_SIZE = 2_000  # orders per SQL page: a few MB of Python objects at most
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
FINISHED = frozenset({OrderStatus.DONE, OrderStatus.RATED})


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What `/export [csv] [site] [from] [to]` asked for; `end` is exclusive."""

    format: Format
    site_id: int | None  # None: the coordinator's own top site
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class ExportPlan:
    user_id: int
    format: Format
    site_id: int  # the subtree's root
    site_ids: tuple[int, ...]
    start: date  # county days, `end` exclusive
    end: date
    start_at: datetime  # the same as UTC-aware instants
    end_at: datetime
    total: int  # orders in it when planned (for the progress message)
    activities: int = 0  # activities (not cancelled) starting in it


@dataclass(frozen=True, slots=True)
class Extras:
    """The xlsx's other sheets: the activities of the period and the volunteers of the
    subtree with their hours on the ledger; the team names both need."""

    activities: list[ActivityLine]
    volunteers: list[VolunteerLine]
    teams: dict[int, LocalName]


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def _span(word: str) -> tuple[date, date]:
    """A day (`2026-11-20`) or a month (`2026-11`) as [start, end)."""
    try:
        if _DAY.match(word):
            day = date.fromisoformat(word)
            return day, day + timedelta(days=1)
        if _MONTH.match(word):
            first = date.fromisoformat(f"{word}-01")
            return first, _month_end(first)
    except ValueError:
        pass
    raise Refused("export-bad-date", value=word)


def parse_request(args: str, today: date) -> ExportRequest:
    """`[csv|xlsx] [site id] [from] [to]`; no period is this month so far, one date
    (or month) is that day (month), two are from the first to the last, inclusive."""
    words = args.split()
    fmt: Format = "xlsx"
    if words and words[0].lower() in ("csv", "xlsx"):
        fmt = "csv" if words.pop(0).lower() == "csv" else "xlsx"
    site_id: int | None = None
    if words and words[0].isdigit() and len(words[0]) <= 9:
        site_id = int(words.pop(0))
    if len(words) > 2:
        raise Refused("export-usage")
    if not words:
        first = today.replace(day=1)
        return ExportRequest(fmt, site_id, first, today + timedelta(days=1))
    start, end = _span(words[0])
    if len(words) == 2:
        end = _span(words[1])[1]
    if end <= start:
        raise Refused("export-bad-period")
    return ExportRequest(fmt, site_id, start, end)


@dataclass(slots=True)
class Tally:
    orders: int = 0
    finished: int = 0  # done or rated
    cancelled: int = 0
    rated: int = 0
    rating_total: int = 0
    hours: float = 0.0

    def add(self, row: ExportRow) -> None:
        self.orders += 1
        self.finished += row.status in FINISHED
        self.cancelled += row.status is OrderStatus.CANCELLED
        if row.rating is not None:
            self.rated += 1
            self.rating_total += row.rating
        self.hours += row.hours or 0.0

    def merge(self, other: Tally) -> None:
        self.orders += other.orders
        self.finished += other.finished
        self.cancelled += other.cancelled
        self.rated += other.rated
        self.rating_total += other.rating_total
        self.hours += other.hours

    @property
    def average_rating(self) -> float | None:
        return None if not self.rated else self.rating_total / self.rated


@dataclass(slots=True)
class Summary:
    """Sums by (site, category) as the rows stream by: memory grows with sites x
    categories, never with orders."""

    cells: dict[tuple[int, str], Tally] = field(default_factory=dict)

    def add(self, rows: Iterable[ExportRow]) -> None:
        for row in rows:
            key = (row.site_id, row.category_code)
            tally = self.cells.get(key)
            if tally is None:
                tally = self.cells[key] = Tally()
            tally.add(row)

    def by_site(self, order: list[int]) -> list[tuple[int, list[tuple[str, Tally]], Tally]]:
        """Per site in `order` (the tree's listing), its categories and its subtotal;
        sites with no order are left out."""
        out = []
        for site_id in order:
            cats = sorted((c, t) for (s, c), t in self.cells.items() if s == site_id)
            if not cats:
                continue
            subtotal = Tally()
            for _, tally in cats:
                subtotal.merge(tally)
            out.append((site_id, cats, subtotal))
        return out

    def total(self) -> Tally:
        total = Tally()
        for tally in self.cells.values():
            total.merge(tally)
        return total


def day_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


class Exports:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        authority: Authority,
        timezone: ZoneInfo,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._tz = timezone
        self.page_size = page_size

    async def plan(self, user_id: int, request: ExportRequest) -> ExportPlan:
        """The subtree and period a coordinator may export; Refused outside their sites."""
        async with self._db.transaction() as tx:
            tree = await self._authority.reference.sites(tx)
            if request.site_id is None:
                site_id = (await self._authority.top_sites(tx, user_id))[0]
            else:
                if tree.get(request.site_id) is None:
                    raise Refused("no-such-site")
                await self._authority.require_over(tx, user_id, request.site_id, "site-not-yours")
                site_id = request.site_id
            site_ids = tuple(tree.subtree_ids(site_id))
            start_at = day_start(request.start, self._tz)
            end_at = day_start(request.end, self._tz)
            total = await tx.exports.count(site_ids, start_at, end_at)
            last = request.end - timedelta(days=1)
            activities = len(await tx.stats.activities(site_ids, request.start, last))
        return ExportPlan(
            user_id,
            request.format,
            site_id,
            site_ids,
            request.start,
            request.end,
            start_at,
            end_at,
            total,
            activities,
        )

    async def extras(self, plan: ExportPlan) -> Extras:
        """The activities and volunteers sheets' rows, in one short read (a county has a
        few hundred activities a year and a few thousand volunteers)."""
        async with self._db.read() as tx:
            last = plan.end - timedelta(days=1)
            activities = await tx.stats.activities(plan.site_ids, plan.start, last)
            volunteers = await tx.exports.volunteers(plan.site_ids, plan.start_at, plan.end_at)
            teams = {t.id: t.name for t in await tx.teams.teams_at(plan.site_ids)}
        return Extras(activities, volunteers, teams)

    async def pages(self, plan: ExportPlan) -> AsyncIterator[list[ExportRow]]:
        """The plan's orders, a page at a time, each page read in its own short
        transaction (keyset on the order id, so a page costs the same at the end)."""
        after = 0
        while True:
            async with self._db.transaction() as tx:
                rows = await tx.exports.page(
                    plan.site_ids, plan.start_at, plan.end_at, after, self.page_size
                )
            if not rows:
                return
            yield rows
            if len(rows) < self.page_size:
                return
            after = rows[-1].order_id
