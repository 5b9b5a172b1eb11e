"""`/stats`: a coordinator's statistics as two photos, in chat, in both languages.

The county (data/demo-county.yaml): point 11 (大桥社区) under station 10 (城关镇),
under the center; the harness's clock starts on Friday 20 November 2026.
"""

from __future__ import annotations

import struct

from bot.demo import (
    COORDINATOR,
    VOLUNTEERS,
    Cast,
    dispatch_and_accept,
    finish_and_rate,
    place_order,
)
from handlers.stats import StatsPress
from tests.flows.powers import POINT, STATION, STATION_COORDINATOR, County
from tests.harness import ADMIN, ChatHarness


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


async def _one_rated_order(chat: ChatHarness) -> int:
    cast = Cast(
        chat.sb.user(800001, "王阿姨", "zh-CN"),
        await chat.person(VOLUNTEERS[0], "王秀英"),
        await chat.person(VOLUNTEERS[1], "李建国"),
        await chat.person(COORDINATOR, "冯雪"),
    )
    order_id = await place_order(cast.resident)
    await dispatch_and_accept(cast, order_id)
    await finish_and_rate(cast, order_id)
    return order_id


async def test_stats_sends_the_chart_and_the_trend_with_buttons(chat: ChatHarness) -> None:
    await _one_rated_order(chat)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("stats")
    summary = await coordinator.expect("📊 城关")
    caption = summary.caption or ""
    assert "2026年11月" in caption
    assert "订单 1：完成 1，取消 0" in caption
    assert "平均评分 5.0 ★（1 条），投诉 0" in caption
    assert "志愿服务时长 1 小时" in caption
    assert summary.photo is not None
    labels = [b.text for b in summary.button_list]
    assert labels[:4] == ["今天", "本周", "本月", "今年"]
    assert "‹ 2026年10月" in labels and any(label.startswith("🔎 大桥") for label in labels)
    trend = await coordinator.expect("📈 城关")
    assert trend.photo is not None and not trend.buttons

    sent = chat.messenger.sent(STATION_COORDINATOR)
    [chart, trend_call] = [c for c in sent if c.method == "send_photo"][-2:]
    assert chart.method == trend_call.method == "send_photo"
    assert chart.file is not None and _png_size(chart.file) == (900, 700)
    assert trend_call.file is not None and _png_size(trend_call.file)[0] == 900

    # Drill into the point below: its own numbers, and a button back up.
    await coordinator.press(summary, "🔎 大桥社区新时代文明实践站")
    point = await coordinator.expect("📊 大桥")
    assert "订单 1：完成 1" in (point.caption or "")
    assert any(b.text.startswith("⬆ 城关") for b in point.button_list)
    await coordinator.expect("📈 大桥")
    # Another period from the same buttons: last month had nothing.
    await coordinator.press(point, "‹ 2026年10月")
    october = await coordinator.expect("📊 大桥")
    assert "2026年10月" in (october.caption or "")
    assert "订单 0：完成 0" in (october.caption or "")
    assert "接单中位时长 —" in (october.caption or "")


async def test_stats_in_english_for_the_center_by_year(chat: ChatHarness) -> None:
    await _one_rated_order(chat)
    center = await chat.person(ADMIN, "Admin", "en")
    await center.command("stats", "2026")
    summary = await center.expect("📊")
    caption = summary.caption or ""
    assert "· 2026" in caption and "Orders: 1 (1 done, 0 cancelled)" in caption
    assert "Average rating 5.0 ★ (ratings: 1); complaints: 0" in caption
    assert [b.text for b in summary.button_list][:4] == [
        "Today",
        "This week",
        "This month",
        "This year",
    ]
    trend = await center.expect("the trend")
    assert trend.photo is not None
    await center.command("stats", f"{STATION} week")
    week = await center.expect("📊")
    assert "16 Nov 2026 to 22 Nov 2026" in (week.caption or "")


async def test_stats_refuses_outside_the_scope_and_explains_its_arguments(
    chat: ChatHarness,
) -> None:
    point = await chat.person(COORDINATOR, "冯雪")
    await point.command("stats", str(STATION))
    await point.expect(f"站点 {STATION} 不在您负责的范围内")
    await point.command("stats", "99999")
    await point.expect("没有编号为 99999 的站点")
    await point.command("stats", "soon")
    await point.expect("用法：/stats")
    await point.command("stats", f"{POINT} 2026-13")
    await point.expect("用法：/stats")
    resident = chat.sb.user(800002, "李阿姨", "zh-CN")
    await resident.command("stats")
    await resident.expect("只有协调员")


async def test_a_stats_button_for_a_site_outside_the_scope_is_refused_in_its_answer(
    chat: ChatHarness,
) -> None:
    point = await chat.person(COORDINATOR, "冯雪")
    await County(chat).plant(point, StatsPress(STATION, "month"))
    answer = await point.next_answer()
    assert answer.show_alert and f"站点 {STATION} 不在您负责的范围内" in (answer.text or "")
    await County(chat).plant(point, StatsPress(POINT, "later"))  # not data we wrote
    assert "用法：/stats" in ((await point.next_answer()).text or "")
    assert not [c for c in chat.messenger.sent(COORDINATOR) if c.method == "send_photo"]


async def test_stats_on_postgresql_and_redis(service_chat: ChatHarness) -> None:
    await _one_rated_order(service_chat)
    coordinator = await service_chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("stats", "today")
    summary = await coordinator.expect("📊 城关")
    assert "订单 1：完成 1，取消 0" in (summary.caption or "")
    assert "平均评分 5.0 ★（1 条）" in (summary.caption or "")
    await coordinator.expect("📈 城关")
