"""Delivery: an update the handler fails on every time is set
aside, its press answered and its summary kept; a flooding user is told once to
slow down, the excess dropped (presses still answered), and nobody else waits."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from tests.harness import ChatHarness, HarnessUser

CONFIRM = "✅ 确认"


def delivery_events(chat: ChatHarness) -> dict[str, float]:
    return {
        sample.labels["event"]: sample.value
        for family in chat.app.metrics.registry.collect()
        if family.name == "civic_delivery_events"
        for sample in family.samples
        if sample.name.endswith("_total")
    }


async def _to_summary(resident: HarnessUser) -> None:
    await resident.command("start", "site_11")
    await resident.command("order")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.expect("要说明")
    await resident.send("请带上围布")
    await resident.send("🏠 大桥社区新时代文明实践站")
    await resident.press(await resident.expect("到站里来"), "🏢 到站")
    await resident.press(await resident.expect("什么时候"), "明天")
    await resident.press(await resident.expect("哪个时段"), "上午")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.send("13900001111")
    await resident.press(await resident.expect("要不要也把它存为"), "只用于这次订单")


async def _refuse_orders(chat: ChatHarness, refuse: bool) -> None:
    """The database itself refuses the INSERT, as a broken constraint would."""
    async with chat.app.db.engine.begin() as connection:
        if refuse:
            await connection.execute(
                text(
                    "CREATE TRIGGER refuse_orders BEFORE INSERT ON orders"
                    " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                )
            )
        else:
            await connection.execute(text("DROP TRIGGER refuse_orders"))


@pytest.mark.settings(handler_max_tries=3, retry_backoff=0.05, retry_backoff_max=0.1)
async def test_a_confirm_the_handler_always_fails_on_is_set_aside_answered_and_can_be_redone(
    chat: ChatHarness,
) -> None:
    resident = chat.sb.user(800500, "韩阿姨", "zh-CN")
    await _to_summary(resident)
    summary = await resident.expect("请确认")
    await resident.catch_up()  # the answers to the earlier presses are not the point
    await _refuse_orders(chat, True)
    await resident.press(summary, CONFIRM)
    answer = await resident.next_answer()
    assert answer.show_alert and "出了点问题" in (answer.text or "")
    aside = await chat.app.state.inbox.aside(chat.app.settings.bot_id)
    assert [a.reason for a in aside] == ["handler"]
    assert delivery_events(chat) == {"failure": 2.0, "set_aside": 1.0}
    assert await chat.app.router.services.desk.for_resident(resident.id) == []
    kept = [m for m in await resident.transcript() if "请确认" in (m.text or "")]
    assert kept[-1].find_button(CONFIRM) is not None  # the summary keeps its buttons

    await _refuse_orders(chat, False)
    await resident.press(summary, CONFIRM)
    await resident.expect("已提交订单")
    assert len(await chat.app.router.services.desk.for_resident(resident.id)) == 1


FLOOD_LIMIT = 5
FLOOD = 12


@pytest.mark.settings(flood_limit=FLOOD_LIMIT)
async def test_a_flooding_user_is_told_once_to_slow_down_and_nobody_else_waits(
    chat: ChatHarness,
) -> None:
    flooder = await chat.person(800510, "刷屏")  # /start counts as one update
    other = await chat.person(800511, "邻居")
    await asyncio.gather(*(flooder.send(f"第{n}条") for n in range(FLOOD)))
    await other.command("myorders")
    await other.expect("您还没有订单")
    await flooder.catch_up()
    await flooder.press(None, "🛎 我要点单")  # over the limit: dropped, still answered
    await flooder.next_answer()
    seen = [m.text or "" for m in await flooder.transcript()]
    assert sum("太快" in t for t in seen) == 1
    assert sum("请点下面的按钮" in t for t in seen) == FLOOD_LIMIT - 1
    assert delivery_events(chat) == {"flood": float(FLOOD - (FLOOD_LIMIT - 1) + 1)}
