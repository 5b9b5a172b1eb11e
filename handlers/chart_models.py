"""What a chart shows, apart from how it is drawn: dataclasses of words and numbers,
already in the reader's language (built by `handlers.stats`), that `handlers.charts`
turns into PNG bytes. Apart so that building them needs no matplotlib: it is
imported at the first chart drawn, not by every process at start (0.3 s).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

STATUS_COLOURS = ("#9e9e9e", "#ffb300", "#1e88e5", "#43a047", "#2e7d32", "#e53935")
ACCENT = "#1e88e5"
SECOND = "#43a047"


@dataclass(frozen=True, slots=True)
class Bars:
    title: str
    labels: Sequence[str]
    values: Sequence[float]
    colours: Sequence[str] = ()
    empty: str = ""  # said instead of the chart's own `empty` when there are no values


@dataclass(frozen=True, slots=True)
class SummaryChart:
    title: str
    statuses: Bars
    categories: Bars
    figures: Sequence[tuple[str, str]]  # (label, value) under "key figures"
    figures_title: str
    ranking: Bars  # the sites below, best first
    empty: str  # said in a panel that has nothing to show
    size: tuple[float, float] = (9.0, 7.0)


@dataclass(frozen=True, slots=True)
class TrendChart:
    title: str
    labels: Sequence[str]
    series: Sequence[tuple[str, Sequence[int]]]  # (legend, one value per label)
    empty: str
    size: tuple[float, float] = (9.0, 3.6)
    colours: Sequence[str] = field(default=(ACCENT, SECOND))
