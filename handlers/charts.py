"""PNG charts drawn with matplotlib (Agg), in a CJK font so Chinese labels render.

Pure: a chart is a dataclass of words and numbers (already in the reader's language,
see `handlers.stats`) in, PNG bytes out. Each call builds its own `Figure` (no pyplot,
no global figure), so renders may run in worker threads: callers use `render`, which
runs them with `asyncio.to_thread` off the event loop.

The font is Noto Sans CJK SC from the OS package `fonts-noto-cjk`; `cjk_font()` says
which file matplotlib resolves it to (None when the package is missing: the text then
falls back to DejaVu Sans and Chinese shows as boxes).
"""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import matplotlib

matplotlib.use("Agg")  # no display; must precede any figure

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

CJK_FAMILY = "Noto Sans CJK SC"
FALLBACK_FAMILY = "DejaVu Sans"
DPI = 100
STATUS_COLOURS = ("#9e9e9e", "#ffb300", "#1e88e5", "#43a047", "#2e7d32", "#e53935")
ACCENT = "#1e88e5"
SECOND = "#43a047"
MAX_RANKED = 10
LABEL_WIDTH = 16  # columns of a bar's label beside a horizontal bar
T = TypeVar("T")


@functools.cache
def cjk_font() -> str | None:
    """The font file matplotlib uses for `CJK_FAMILY`, or None if it is not installed."""
    try:
        return str(
            font_manager.findfont(
                font_manager.FontProperties(family=CJK_FAMILY), fallback_to_default=False
            )
        )
    except ValueError:
        return None


@functools.cache
def _font() -> font_manager.FontProperties:
    path = cjk_font()
    if path is None:
        return font_manager.FontProperties(family=FALLBACK_FAMILY)
    return font_manager.FontProperties(fname=path)


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


async def render(draw: Callable[[T], bytes], chart: T) -> bytes:
    """Draw in a worker thread: a chart takes tens of milliseconds of CPU."""
    return await asyncio.to_thread(draw, chart)


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    out = io.BytesIO()
    # Fast zlib: a chart is mostly flat colour, so size barely grows; time halves.
    figure.savefig(out, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return out.getvalue()


def _bars(axes: Axes, bars: Bars, empty: str, horizontal: bool = False) -> None:
    font = _font()
    axes.set_title(bars.title, fontproperties=font, fontsize=12, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    if not any(bars.values):
        axes.set_xticks([])
        axes.set_yticks([])
        axes.text(
            0.5,
            0.5,
            bars.empty or empty,
            ha="center",
            va="center",
            fontproperties=font,
            fontsize=11,
        )
        return
    colours = list(bars.colours) or [ACCENT] * len(bars.values)
    positions = list(range(len(bars.values)))
    # The values are written on the bars, so the value axis goes (its ticks cost time).
    if horizontal:
        drawn = axes.barh(positions, bars.values, color=colours)
        labels = [short(label) for label in bars.labels]
        axes.set_yticks(positions, labels, fontproperties=font, fontsize=9)
        axes.invert_yaxis()
        axes.xaxis.set_visible(False)
        axes.spines["bottom"].set_visible(False)
    else:
        drawn = axes.bar(positions, bars.values, color=colours)
        axes.set_xticks(positions, list(bars.labels), fontproperties=font, fontsize=9)
        axes.yaxis.set_visible(False)
        axes.spines["left"].set_visible(False)
    axes.bar_label(drawn, fmt="%g", fontsize=8, padding=2)
    axes.margins(x=0.12 if horizontal else 0.02, y=0.02 if horizontal else 0.15)


def short(label: str, width: int = LABEL_WIDTH) -> str:
    """`label` cut to `width` columns (a CJK character takes two), with "…"."""
    used = 0
    for index, char in enumerate(label):
        used += 2 if ord(char) > 0x2E7F else 1
        if used > width:
            return label[:index].rstrip() + "…"
    return label


def _figures(
    figure: Figure,
    box: tuple[float, float, float, float],
    title: str,
    figures: Sequence[tuple[str, str]],
) -> None:
    """Label and value lines in `box` (left, bottom, width, height), as figure text:
    an axes would cost a tenth of the render for nothing drawn on it."""
    font = _font()
    left, bottom, width, height = box
    figure.text(left, bottom + height, title, fontproperties=font, fontsize=12, va="bottom")
    step = height / max(len(figures), 1)
    for index, (label, value) in enumerate(figures):
        y = bottom + height - step * (index + 0.5)
        figure.text(left, y, label, fontproperties=font, fontsize=11, va="center", color="#555555")
        figure.text(
            left + width, y, value, fontproperties=font, fontsize=13, va="center", ha="right"
        )


def draw_summary(chart: SummaryChart) -> bytes:
    # Fixed panels, no layout engine: constrained layout doubled the render time.
    figure = Figure(figsize=chart.size, dpi=DPI)
    figure.suptitle(chart.title, fontproperties=_font(), fontsize=15, y=0.985)
    status = figure.add_axes((0.06, 0.55, 0.38, 0.36))
    category = figure.add_axes((0.62, 0.55, 0.35, 0.36))
    ranking = figure.add_axes((0.62, 0.05, 0.35, 0.38))
    _bars(status, chart.statuses, chart.empty)
    _bars(category, chart.categories, chart.empty, horizontal=True)
    _figures(figure, (0.04, 0.05, 0.40, 0.36), chart.figures_title, chart.figures)
    ranked = Bars(
        chart.ranking.title,
        chart.ranking.labels[:MAX_RANKED],
        chart.ranking.values[:MAX_RANKED],
        chart.ranking.colours,
        chart.ranking.empty,
    )
    _bars(ranking, ranked, chart.empty, horizontal=True)
    return _png(figure)


def draw_trend(chart: TrendChart) -> bytes:
    font = _font()
    figure = Figure(figsize=chart.size, dpi=DPI)
    axes = figure.add_axes((0.05, 0.14, 0.93, 0.74))
    axes.set_title(chart.title, fontproperties=font, fontsize=13, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    positions = list(range(len(chart.labels)))
    if not any(any(values) for _, values in chart.series):
        axes.text(0.5, 0.5, chart.empty, ha="center", va="center", fontproperties=font)
    # Lines, not bars: a month of bars is 60 patches to draw, two lines are two.
    for index, (legend, values) in enumerate(chart.series):
        colour = chart.colours[index % len(chart.colours)]
        axes.plot(positions, list(values), marker="o", markersize=3, label=legend, color=colour)
        if index == 0:
            axes.fill_between(positions, list(values), color=colour, alpha=0.12)
    axes.set_ylim(bottom=0)
    every = max(1, -(-len(positions) // 12))  # at most 12 labels on the axis
    axes.set_xticks(positions[::every], list(chart.labels)[::every], fontproperties=font)
    axes.tick_params(axis="x", labelsize=8)
    axes.legend(prop=font, frameon=False, loc="upper left")
    return _png(figure)
