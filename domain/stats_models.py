"""The value objects of statistics: roll-up tallies, duration buckets, periods.

A roll-up row (`stats_rollups`, one per site, county day and category) holds counts,
sums and duration histograms that add up: the tally of any set of rows is the sum of
theirs, so a subtree's month is a few `SUM`s, never a scan of orders. A median is read
from a histogram of log-spaced buckets, interpolated inside the bucket that holds it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.models import OrderStatus

# Upper edges of the duration buckets, in minutes; the last bucket is open (>= 7 days).
# Frozen into migration 0019 too: a change needs a migration that re-buckets.
BUCKET_EDGES_MINUTES: tuple[int, ...] = (
    2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2880, 4320, 10080,
)  # fmt: skip
BUCKETS = len(BUCKET_EDGES_MINUTES) + 1
_EDGES_S = tuple(m * 60 for m in BUCKET_EDGES_MINUTES)
# A rating of this many stars or fewer counts as a complaint.
COMPLAINT_STARS = 2
STATUSES: tuple[OrderStatus, ...] = tuple(OrderStatus)


def bucket_of(seconds: float) -> int:
    """The bucket a duration falls in: bucket i holds [edge i-1, edge i)."""
    return bisect.bisect_right(_EDGES_S, max(0.0, seconds))


def median_seconds(counts: Sequence[int]) -> float | None:
    """The median duration of a histogram, linear inside its bucket; None if empty.
    In the open last bucket it is that bucket's lower edge (at least that long)."""
    total = sum(counts)
    if total <= 0:
        return None
    half = total / 2
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= half:
            low = _EDGES_S[index - 1] if index > 0 else 0
            if index >= len(_EDGES_S):
                return float(low)
            return low + (_EDGES_S[index] - low) * (half - seen) / count
        seen += count
    return float(_EDGES_S[-1])


def _zeros() -> tuple[int, ...]:
    return (0,) * BUCKETS


def _add(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


@dataclass(frozen=True, slots=True)
class Tally:
    """What a set of roll-up rows adds up to."""

    placed: int = 0
    statuses: dict[OrderStatus, int] = field(default_factory=dict)  # orders now in each
    rating_sum: int = 0
    rating_count: int = 0
    complaints: int = 0  # ratings of COMPLAINT_STARS or fewer
    hours: float = 0.0
    accept: tuple[int, ...] = field(default_factory=_zeros)  # created -> accepted
    done: tuple[int, ...] = field(default_factory=_zeros)  # created -> done

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.placed + other.placed,
            {s: self.count(s) + other.count(s) for s in STATUSES},
            self.rating_sum + other.rating_sum,
            self.rating_count + other.rating_count,
            self.complaints + other.complaints,
            self.hours + other.hours,
            _add(self.accept, other.accept),
            _add(self.done, other.done),
        )

    def count(self, status: OrderStatus) -> int:
        return self.statuses.get(status, 0)

    @property
    def finished(self) -> int:
        """Done, rated or not."""
        return self.count(OrderStatus.DONE) + self.count(OrderStatus.RATED)

    @property
    def rating(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None

    @property
    def median_accept(self) -> float | None:
        return median_seconds(self.accept)

    @property
    def median_done(self) -> float | None:
        return median_seconds(self.done)


def total(tallies: Iterable[Tally]) -> Tally:
    out = Tally()
    for tally in tallies:
        out = out + tally
    return out


def whole_months(first: date, last: date) -> bool:
    """`first` to `last` (both included) is whole months (a month, a year): what the
    monthly roll-ups hold exactly."""
    return first.day == 1 and (last + timedelta(days=1)).day == 1


class PeriodKind(StrEnum):
    TODAY = "today"
    WEEK = "week"  # Monday to Sunday
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Period:
    """County days `first` to `last`, both included."""

    kind: PeriodKind
    first: date
    last: date

    @property
    def code(self) -> str:
        """How `/stats` and its buttons name it: `2026-11-30`, `w2026-11-30`, `2026-11`,
        `2026`; `parse_period` reads each back."""
        match self.kind:
            case PeriodKind.TODAY:
                return self.first.isoformat()
            case PeriodKind.WEEK:
                return f"w{self.first.isoformat()}"
            case PeriodKind.MONTH:
                return f"{self.first.year:04d}-{self.first.month:02d}"
        return f"{self.first.year:04d}"

    @property
    def by_month(self) -> bool:
        """The trend of a year is by month; of anything shorter, by day."""
        return self.kind is PeriodKind.YEAR


@dataclass(frozen=True, slots=True)
class TrendPoint:
    day: date  # a month's first day when the trend is by month
    placed: int
    finished: int
    held: int = 0  # activities held (closed) that started that day or month, county time


# The beneficiary categories the close of an activity asks for (conversations.flows.activities).
BENEFICIARY_CATEGORIES: tuple[str, ...] = ("elderly", "children", "others")
# Where volunteer hours come from, as the ledger's refs say (`storage.sql.repos.ledger_rollups`).
SOURCES: tuple[str, ...] = ("order", "activity", "adjust")


@dataclass(frozen=True, slots=True)
class HoursCell:
    """The ledger's hours (in minutes) and points of one site, category and source."""

    site_id: int
    category_code: str
    source: str
    minutes: int
    points: int


@dataclass(frozen=True, slots=True)
class HoursTally:
    """Volunteer hours (in minutes) by source and the points they earned, from the ledger."""

    minutes: dict[str, int] = field(default_factory=dict)
    points: int = 0

    def __add__(self, other: HoursTally) -> HoursTally:
        return HoursTally(
            {s: self.of(s) + other.of(s) for s in SOURCES if self.of(s) or other.of(s)},
            self.points + other.points,
        )

    def of(self, source: str) -> int:
        return self.minutes.get(source, 0)

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())

    @property
    def hours(self) -> float:
        return self.total_minutes / 60


def hours_of(cells: Iterable[HoursCell]) -> HoursTally:
    # One pass into plain dicts: a center's month is thousands of cells, and adding
    # a tally per cell made a fresh dict each time.
    minutes: dict[str, int] = {}
    points = 0
    for cell in cells:
        minutes[cell.source] = minutes.get(cell.source, 0) + cell.minutes
        points += cell.points
    return HoursTally({s: minutes[s] for s in SOURCES if minutes.get(s)}, points)


def hours_by_site(cells: Iterable[HoursCell]) -> dict[int, HoursTally]:
    """Each site's own cells added up: what a ranking sums per subtree."""
    grouped: dict[int, list[HoursCell]] = {}
    for cell in cells:
        grouped.setdefault(cell.site_id, []).append(cell)
    return {site_id: hours_of(site_cells) for site_id, site_cells in grouped.items()}


@dataclass(frozen=True, slots=True)
class ActivityLine:
    """One activity with its attendance, beneficiaries and the hours the ledger credited."""

    id: int
    title_zh: str
    title_en: str
    site_id: int
    category_code: str
    team_id: int | None
    starts_at: datetime
    ends_at: datetime
    status: str
    volunteer_quota: int
    resident_quota: int
    volunteers_signed: int
    residents_signed: int
    checked_in: int  # signed up and there
    walk_ins: int  # there without a sign-up
    no_shows: int  # signed up, not there
    beneficiaries: dict[str, int]
    minutes: int  # hours credited on the ledger, reversals netted

    @property
    def held(self) -> bool:
        """Closed: attendance, beneficiaries and the 结项 recorded."""
        return self.status == "closed"

    @property
    def attended(self) -> int:
        return self.checked_in + self.walk_ins


@dataclass(frozen=True, slots=True)
class ActivityTally:
    """What the held (closed) activities of some sites and a period add up to."""

    held: int = 0
    checked_in: int = 0
    walk_ins: int = 0
    no_shows: int = 0
    beneficiaries: dict[str, int] = field(default_factory=dict)

    def __add__(self, other: ActivityTally) -> ActivityTally:
        keys = sorted(set(self.beneficiaries) | set(other.beneficiaries))
        return ActivityTally(
            self.held + other.held,
            self.checked_in + other.checked_in,
            self.walk_ins + other.walk_ins,
            self.no_shows + other.no_shows,
            {k: self.beneficiaries.get(k, 0) + other.beneficiaries.get(k, 0) for k in keys},
        )

    @property
    def beneficiaries_total(self) -> int:
        return sum(self.beneficiaries.values())


def activity_tally(lines: Iterable[ActivityLine]) -> ActivityTally:
    out = ActivityTally()
    for line in lines:
        if line.held:
            out = out + ActivityTally(
                1, line.checked_in, line.walk_ins, line.no_shows, dict(line.beneficiaries)
            )
    return out
