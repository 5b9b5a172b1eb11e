"""A step commits before it forgets, and a lost conversation is told so: the router
over a real SQLite database and in-process state (tests/unit/resident_desk.py).

The failing INSERT is produced by the database itself: a trigger another
connection puts on `orders`, as a full disk or a broken constraint would refuse it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from domain.ports.state import StateKey
from handlers.kit.ports import InlineKeyboard, RemoveKeyboard
from tests.unit.resident_desk import Desk, Resident, resident_desk

CONFIRM = "✅ 确认"


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Desk]:
    async with resident_desk(tmp_path) as running:
        yield running


async def to_summary(resident: Resident) -> None:
    await resident.command("start", "site_11")
    await resident.command("order")
    await resident.press("乡风文明")
    await resident.press("爱心义剪")
    await resident.say("请带上围布")
    await resident.say("🏠 大桥社区新时代文明实践站")
    await resident.press("🏢 到站")
    await resident.press("明天")
    await resident.press("上午")
    await resident.press("🙋 为我自己")
    await resident.say("13900001111")
    await resident.press("只用于这次订单")  # the number is this order's only


def refuse_orders(path: Path, refuse: bool) -> None:
    with sqlite3.connect(path) as other:
        if refuse:
            other.execute(
                "CREATE TRIGGER refuse_orders BEFORE INSERT ON orders"
                " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
            )
        else:
            other.execute("DROP TRIGGER refuse_orders")


async def test_a_confirm_whose_order_insert_fails_keeps_the_summary_and_its_buttons(
    desk: Desk,
) -> None:
    resident = Resident(desk, 800100)
    await to_summary(resident)
    summary = resident.with_button(CONFIRM)
    version = resident.flow_version(summary)
    key = StateKey(desk.router.services.bot_id, resident.id, resident.id)
    refuse_orders(desk.path, True)
    before = len(desk.messenger.said)
    with pytest.raises(DBAPIError):  # raised to the drainer, which retries or sets it aside
        await resident.press_on(summary, CONFIRM)
    after = desk.messenger.said[before:]
    assert not [s for s in after if s.kind == "markup" and s.message_id == summary.message_id]
    state = await desk.states.get(key)
    assert state is not None and (state.step, state.version) == ("confirm", version)
    assert await desk.router.services.desk.for_resident(resident.id) == []

    refuse_orders(desk.path, False)
    await resident.press_on(summary, CONFIRM)  # the same button, pressed again
    orders = await desk.router.services.desk.for_resident(resident.id)
    assert len(orders) == 1
    texts = [s.text or "" for s in desk.messenger.said[before:]]
    assert sum(f"已提交订单 #{orders[0].id}" in text for text in texts) == 1
    dropped = [s for s in desk.messenger.said[before:] if s.kind == "markup"]
    assert [(s.message_id, s.markup) for s in dropped] == [(summary.message_id, None)]
    ended = await desk.states.get(key)
    assert ended is not None and not ended.flow  # forgotten only now


async def test_a_flow_button_after_the_state_was_flushed_is_told_the_conversation_was_lost(
    desk: Desk,
) -> None:
    resident = Resident(desk, 800101)
    await resident.command("start", "site_11")
    await resident.command("order")
    question = resident.with_button("乡风文明")
    await desk.states.close()  # what a Redis flush, or a restart without AOF, leaves
    before = len(desk.messenger.said)
    await resident.press_on(question, "乡风文明")
    after = desk.messenger.said[before:]
    told = [s for s in after if s.kind == "send"]
    assert [s.text for s in told] == ["抱歉，您刚才的对话记录丢失了，请从菜单重新开始。"]
    assert isinstance(told[0].markup, InlineKeyboard)  # the menu, to start again
    assert [s.kind for s in after if s.kind == "answer"] == ["answer"]  # the press answered
    assert any(s.kind == "markup" and s.message_id == question.message_id for s in after)
    assert not any(
        "之前的步骤" in (s.text or "") or "请点下面的按钮" in (s.text or "") for s in after
    )


async def test_a_location_shared_after_the_state_was_lost_is_told_so_and_the_keyboard_goes(
    desk: Desk,
) -> None:
    resident = Resident(desk, 800102)
    await resident.command("start", "site_11")
    await resident.command("order")
    await resident.press("乡风文明")
    await resident.press("爱心义剪")
    await resident.say("请带上围布")  # now asked where, on a reply keyboard
    await desk.states.close()
    before = len(desk.messenger.said)
    await resident.locate(39.9, 116.4)
    told = desk.messenger.said[before:]
    assert told[0].text == "抱歉，您刚才的对话记录丢失了，请从菜单重新开始。"
    assert isinstance(told[0].markup, RemoveKeyboard)
    assert isinstance(told[1].markup, InlineKeyboard)
