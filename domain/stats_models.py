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
from datetime import date
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
