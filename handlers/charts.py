"""PNG charts drawn with matplotlib (Agg), in a CJK font so Chinese labels render.

Pure: a chart is a dataclass of words and numbers (`handlers.chart_models`, already
in the reader's language, see `handlers.stats`) in, PNG bytes out. Each call builds
its own `Figure` (no pyplot, no global figure), so renders may run in worker
threads: callers use `render`, which runs them with `asyncio.to_thread` off the
event loop.

The font is Noto Sans CJK SC from the OS package `fonts-noto-cjk`; `cjk_font()` says
which file matplotlib resolves it to (None when the package is missing: the text then
falls back to DejaVu Sans and Chinese shows as boxes).
"""

from __future__ import annotations

import asyncio
import functools
import io
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

import matplotlib

matplotlib.use("Agg")  # no display; must precede any figure

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from PIL import Image

from handlers.chart_models import ACCENT, STATUS_COLOURS, Bars, SummaryChart, TrendChart

__all__ = ["STATUS_COLOURS", "Bars", "SummaryChart", "TrendChart", "draw_summary", "draw_trend"]

CJK_FAMILY = "Noto Sans CJK SC"
FALLBACK_FAMILY = "DejaVu Sans"
DPI = 100
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


async def render(draw: Callable[[T], bytes], chart: T) -> bytes:
    """Draw in a worker thread: a chart takes some tens of milliseconds of CPU."""
    return await asyncio.to_thread(draw, chart)


_drawing = threading.local()


def _figure(size: tuple[float, float]) -> Figure:
    """This thread's figure of `size`, cleared: its renderer (and the text metrics
    matplotlib caches per renderer) is reused from one chart to the next."""
    figures: dict[tuple[float, float], Figure] = _drawing.__dict__.setdefault("figures", {})
    figure = figures.get(size)
    if figure is None:
        figure = figures[size] = Figure(figsize=size, dpi=DPI)
        FigureCanvasAgg(figure)
    else:
        figure.clear()
    return figure


def _png(figure: Figure) -> bytes:
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    rgba = canvas.buffer_rgba()
    width, height = canvas.get_width_height(physical=True)
    out = io.BytesIO()
    # Opaque RGB, fast zlib: a chart is mostly flat colour, so size barely grows.
    Image.frombuffer("RGBA", (width, height), rgba).convert("RGB").save(
        out, format="PNG", compress_level=1
    )
    return out.getvalue()


Box = tuple[float, float, float, float]  # left, bottom, width, height: figure fractions


def number(value: float) -> str:
    """A bar's value as written on it: 1,234 or 12.5."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _bars(figure: Figure, box: Box, bars: Bars, empty: str, horizontal: bool = False) -> None:
    """Bars drawn straight on the figure (rectangles and text in figure fractions): an
    `Axes` with its ticks and spines cost more than everything drawn in it."""
    font = _font()
    left, bottom, width, height = box
    figure.text(left, bottom + height, bars.title, fontproperties=font, fontsize=12, va="bottom")
    values = [float(v) for v in bars.values]
    if not any(values):
        figure.text(
            left + width / 2,
            bottom + height / 2,
            bars.empty or empty,
            ha="center",
            va="center",
            fontproperties=font,
            fontsize=11,
            color="#555555",
        )
        return
    colours = list(bars.colours) or [ACCENT] * len(values)
    top = max(values) or 1.0
    if horizontal:
        _horizontal(figure, box, list(bars.labels), values, colours, top)
    else:
        _vertical(figure, box, list(bars.labels), values, colours, top)


def _vertical(
    figure: Figure, box: Box, labels: list[str], values: list[float], colours: list[str], top: float
) -> None:
    font = _font()
    left, bottom, width, height = box
    base, span = bottom + 0.05, height - 0.05 - 0.06  # room for labels below, values above
    slot = width / len(values)
    figure.add_artist(Line2D([left, left + width], [base, base], color="#333333", lw=0.8))
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x, bar_width = left + slot * (index + 0.15), slot * 0.7
        tall = span * value / top
        colour = colours[index % len(colours)]
        figure.add_artist(Rectangle((x, base), bar_width, tall, color=colour))
        centre = x + bar_width / 2
        figure.text(
            centre, base + tall + 0.005, number(value), ha="center", va="bottom", fontsize=8
        )
        figure.text(
            centre, base - 0.01, label, ha="center", va="top", fontproperties=font, fontsize=9
        )


def _horizontal(
    figure: Figure, box: Box, labels: list[str], values: list[float], colours: list[str], top: float
) -> None:
    font = _font()
    left, bottom, width, height = box
    start, span = left + 0.13, width - 0.13 - 0.05  # room for labels left, values right
    slot = height / len(values)
    figure.add_artist(Line2D([start, start], [bottom, bottom + height], color="#333333", lw=0.8))
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y, bar_height = bottom + height - slot * (index + 0.85), slot * 0.7
        long = span * value / top
        colour = colours[index % len(colours)]
        figure.add_artist(Rectangle((start, y), long, bar_height, color=colour))
        middle = y + bar_height / 2
        figure.text(start + long + 0.005, middle, number(value), va="center", fontsize=8)
        figure.text(
            start - 0.008,
            middle,
            short(label),
            ha="right",
            va="center",
            fontproperties=font,
            fontsize=9,
        )


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
    # Fixed panels, no layout engine (constrained layout doubled the render time), and
    # no axes: bars, labels and values are drawn on the figure itself.
    figure = _figure(chart.size)
    figure.suptitle(chart.title, fontproperties=_font(), fontsize=15, y=0.985)
    _bars(figure, (0.04, 0.52, 0.42, 0.38), chart.statuses, chart.empty)
    _bars(figure, (0.52, 0.52, 0.45, 0.38), chart.categories, chart.empty, horizontal=True)
    _figures(figure, (0.04, 0.05, 0.40, 0.36), chart.figures_title, chart.figures)
    ranked = Bars(
        chart.ranking.title,
        chart.ranking.labels[:MAX_RANKED],
        chart.ranking.values[:MAX_RANKED],
        chart.ranking.colours,
        chart.ranking.empty,
    )
    _bars(figure, (0.52, 0.05, 0.45, 0.38), ranked, chart.empty, horizontal=True)
    return _png(figure)


def draw_trend(chart: TrendChart) -> bytes:
    """Lines over the days (or months), drawn on the figure as the bars are: a faint
    grid at a half and at the top with their values, at most 12 labels below."""
    font = _font()
    figure = _figure(chart.size)
    left, bottom, width, height = 0.07, 0.16, 0.90, 0.62
    figure.text(0.02, 0.93, chart.title, fontproperties=font, fontsize=13, va="center")
    count = len(chart.labels)
    top = max((max(values, default=0) for _, values in chart.series), default=0)
    if not count or not top:
        figure.text(0.5, 0.45, chart.empty, ha="center", va="center", fontproperties=font)
        return _png(figure)

    def x_of(index: int) -> float:
        return left + width * (index / max(count - 1, 1))

    def y_of(value: float) -> float:
        return bottom + height * value / top

    for level in (0.0, top / 2, top):
        y = y_of(level)
        colour = "#333333" if level == 0 else "#dddddd"
        figure.add_artist(Line2D([left, left + width], [y, y], color=colour, lw=0.8))
        figure.text(left - 0.01, y, number(level), ha="right", va="center", fontsize=8)
    every = max(1, -(-count // 12))
    for index in range(0, count, every):
        label = chart.labels[index]
        figure.text(
            x_of(index),
            bottom - 0.03,
            label,
            ha="center",
            va="top",
            fontproperties=font,
            fontsize=8,
        )
    xs = [x_of(i) for i in range(count)]
    legend_x = 0.97
    for index, (legend, values) in reversed(list(enumerate(chart.series))):
        colour = chart.colours[index % len(chart.colours)]
        ys = [y_of(v) for v in values]
        figure.add_artist(Line2D(xs, ys, color=colour, lw=1.6, marker="o", markersize=3))
        if index == 0:
            outline = [(xs[0], bottom), *zip(xs, ys, strict=True), (xs[-1], bottom)]
            figure.add_artist(Polygon(outline, closed=True, color=colour, alpha=0.12, lw=0))
        figure.text(
            legend_x,
            0.93,
            f"● {legend}",
            ha="right",
            va="center",
            color=colour,
            fontproperties=font,
            fontsize=10,
        )
        legend_x -= 0.02 + 0.012 * len(legend) * (2 if ord(legend[0]) > 0x2E7F else 1)
    return _png(figure)
