"""Digests and dispatch by buttons over each transport (issue 13): the presses they
carry (an empty last field, two ids) go through parsing, editing and answering on
both; every rule is in tests/flows/test_digests.py and test_candidates.py."""

from __future__ import annotations

from bot.demo import place_order
from tests.e2e.conftest import Stack
from tests.flows.powers import BARBERS, POINT_COORDINATOR


async def test_notify_and_assign_by_a_candidates_button(stack: Stack) -> None:
    coordinator = await stack.person(POINT_COORDINATOR, "冯雪")
    await stack.person(BARBERS[0], "王秀英")
    await coordinator.command("notify")
    menu = await coordinator.expect("新订单怎么通知您")
    await coordinator.press(menu, "🚨 只要督办")
    assert (await coordinator.next_answer()).text == "已保存"
    edited = await coordinator.expect("现在：只通知督办")
    assert edited.message_id == menu.message_id  # the pressed message, edited
    await coordinator.press(edited, "📨 每个新订单")
    await coordinator.expect("现在：每个新订单都通知")

    order_id = await place_order(stack.sb.user(800930, "蓝奶奶", "zh-CN"))
    await coordinator.expect(f"新订单 #{order_id}")
    await coordinator.command("order", str(order_id))
    shortlist = await coordinator.expect(f"订单 #{order_id} 推荐的志愿者")
    await coordinator.press(shortlist, "👤 1. 派给 王秀英")
    await coordinator.expect(f"订单 #{order_id} 已派给 王秀英")
    assert (await stack.order(order_id)).volunteer_id == BARBERS[0]
