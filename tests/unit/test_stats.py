"""Statistics without I/O: periods and `/stats` arguments, duration buckets and
medians, and the charts as images: their size, and Chinese drawn in a CJK font."""

from __future__ import annotations

import struct
import warnings
from datetime import date

import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from domain.stats import current, parse_period, parse_request, previous_month, trend_span
from domain.stats_models import (
    BUCKET_EDGES_MINUTES,
    BUCKETS,
    Period,
    PeriodKind,
    bucket_of,
    median_seconds,
)
from handlers import charts

TODAY = date(2026, 12, 2)  # a Wednesday
K = PeriodKind


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        ("today", K.TODAY, TODAY, TODAY),
        ("week", K.WEEK, date(2026, 11, 30), date(2026, 12, 6)),
        ("MONTH", K.MONTH, date(2026, 12, 1), date(2026, 12, 31)),
        ("year", K.YEAR, date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-11", K.MONTH, date(2026, 11, 1), date(2026, 11, 30)),
        ("2024-2", K.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
        ("2025", K.YEAR, date(2025, 1, 1), date(2025, 12, 31)),
        ("2026-11-05", K.TODAY, date(2026, 11, 5), date(2026, 11, 5)),
        ("w2026-11-23", K.WEEK, date(2026, 11, 23), date(2026, 11, 29)),
    ],
)
def test_periods_parse(text: str, kind: PeriodKind, first: date, last: date) -> None:
    period = parse_period(text, TODAY)
    assert period == Period(kind, first, last)
    assert parse_period(period.code, TODAY) == period  # what a button carries reads back


@pytest.mark.parametrize("text", ["", "soon", "2026-13", "2026-00", "1999", "3000", "w2026-02-30"])
def test_other_periods_do_not(text: str) -> None:
    assert parse_period(text, TODAY) is None


def test_stats_arguments() -> None:
    month = current(K.MONTH, TODAY)
    assert parse_request("", TODAY) == (None, month)
    assert parse_request("11", TODAY) == (11, month)
    assert parse_request("2026", TODAY) == (None, parse_period("2026", TODAY))
    assert parse_request("11 week", TODAY) == (11, current(K.WEEK, TODAY))
    for bad in ("week 11", "11 12", "11 week more", "-3", "0", "１１"):
        assert parse_request(bad, TODAY) is None, bad


def test_previous_month_and_the_trend_span() -> None:
    assert previous_month(parse_period("2026-01", TODAY)).code == "2025-12"  # type: ignore[arg-type]
    today = current(K.TODAY, TODAY)
    assert trend_span(today) == (date(2026, 11, 19), TODAY)  # two weeks for one day
    assert trend_span(current(K.MONTH, TODAY)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_buckets_and_medians() -> None:
    assert len(BUCKET_EDGES_MINUTES) + 1 == BUCKETS
    assert bucket_of(0) == 0 and bucket_of(119) == 0 and bucket_of(120) == 1
    assert bucket_of(-5) == 0 and bucket_of(10**9) == BUCKETS - 1
    counts = [0] * BUCKETS
    assert median_seconds(counts) is None
    counts[bucket_of(12 * 60)] = 2  # [10, 15) minutes
    assert median_seconds(counts) == pytest.approx(10 * 60 + 5 * 60 / 2)
    counts[bucket_of(3 * 3600)] = 3  # [3, 4) hours: the median is in here now
    assert 3 * 3600 <= (median_seconds(counts) or 0) < 4 * 3600
    last = [0] * BUCKETS
    last[-1] = 1  # at least a week: its lower edge
    assert median_seconds(last) == BUCKET_EDGES_MINUTES[-1] * 60


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


CHINESE = "订单状态 按服务类别 下级站点排名 城关镇新时代文明实践所"


def test_the_cjk_font_resolves_for_chinese_text() -> None:
    path = charts.cjk_font()
    assert path is not None, "install the OS package fonts-noto-cjk"
    found = font_manager.findfont(
        font_manager.FontProperties(family=charts.CJK_FAMILY), fallback_to_default=False
    )
    assert found == path and "DejaVu" not in found
    font = FT2Font(path)
    assert all(font.get_char_index(ord(c)) for c in CHINESE.replace(" ", ""))


def _summary(values: list[float]) -> charts.SummaryChart:
    bars = charts.Bars("订单状态", ["待派单", "已完成"], values, charts.STATUS_COLOURS)
    return charts.SummaryChart(
        "城关镇新时代文明实践所 · 2026年11月",
        bars,
        charts.Bars("按服务类别", ["乡风文明"], values[:1]),
        [("接单中位时长", "12 分钟"), ("平均评分", "4.6 ★")],
        "关键数字",
        charts.Bars("下级站点排名", [], [], empty="没有下级站点"),
        "暂无数据",
    )


def test_the_charts_draw_chinese_as_pngs_of_their_size() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise
        summary = charts.draw_summary(_summary([3, 5]))
        empty = charts.draw_summary(_summary([0, 0]))
        trend = charts.draw_trend(
            charts.TrendChart(
                "每日趋势", ["11/1", "11/2"], [("下单", [1, 2]), ("完成", [0, 1])], "无"
            )
        )
    assert _png_size(summary) == _png_size(empty) == (900, 700)
    assert _png_size(trend) == (900, 360)
    assert 10_000 < len(summary) < 300_000 and len(trend) < 200_000
