"""Many hands at once: ten volunteers pressing Accept, a resident double-tapping Confirm."""

from __future__ import annotations

import asyncio

import pytest

from bot.demo import place_order
from domain.models import OrderStatus
from sandbox import SimUser
from tests.e2e.conftest import Stack
from tests.e2e.joining import join_by_invite

POINT_COORDINATOR = 900103  # coordinator of point 11 (see data/demo-county.yaml)
TEAM = "HAIR-DQ"  # the haircut team at point 11, where the demo resident lives


async def _join(stack: Stack, coordinator: SimUser, user_id: int) -> SimUser:
    volunteer = stack.sb.user(user_id, f"志愿者{user_id}", "zh-CN")
    await join_by_invite(volunteer, coordinator, TEAM)
    return volunteer


@pytest.mark.settings(dispatch_wave_size=20)  # all twelve at the point hear of it at once
async def test_ten_volunteers_accept_at_once_exactly_one_wins(stack: Stack) -> None:
    coordinator = await stack.person(POINT_COORDINATOR, "冯雪")
    volunteers = [await _join(stack, coordinator, 910000 + n) for n in range(10)]
    order_id = await place_order(stack.sb.user(800002, "赵大爷", "zh-CN"))
    offers = [await v.expect(f"新订单 #{order_id}") for v in volunteers]

    await asyncio.gather(
        *(v.press(offer, "✅ 接单") for v, offer in zip(volunteers, offers, strict=True))
    )

    async def outcome(volunteer: SimUser) -> str:
        message = await volunteer.expect(
            lambda m: "您已接下订单" in (m.text or "") or "已被其他志愿者接下" in (m.text or "")
        )
        return "won" if "您已接下订单" in (message.text or "") else "told"

    outcomes = await asyncio.gather(*(outcome(v) for v in volunteers))
    assert sorted(outcomes) == ["told"] * 9 + ["won"]
    winner = volunteers[outcomes.index("won")]
    order = await stack.order(order_id)
    assert order.status is OrderStatus.ACCEPTED and order.volunteer_id == winner.id
    async with stack.app.db.transaction() as tx:
        accepted = [
            e for e in await tx.orders.events(order_id) if e.to_status is OrderStatus.ACCEPTED
        ]
    assert len(accepted) == 1


async def test_double_tap_on_confirm_places_one_order(stack: Stack) -> None:
    resident = stack.sb.user(800003, "钱奶奶", "zh-CN")
    await resident.command("start", "site_11")
    await resident.command("order")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.press(await resident.expect("要说明"), "跳过")
    await resident.send("🏠 大桥社区新时代文明实践站")
    await resident.press(await resident.expect("到站里来"), "🏢 到站")
    await resident.press(await resident.expect("什么时候"), "今天")
    await resident.press(await resident.expect("哪个时段"), "跳过")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.send("跳过")  # the reply keyboard's Skip button
    summary = await resident.expect("请确认")

    await asyncio.gather(resident.press(summary, "✅ 确认"), resident.press(summary, "✅ 确认"))
    await resident.expect("已提交订单")
    # Both presses are answered; only then is it safe to count orders.
    await resident.next_answer()
    await resident.next_answer()
    orders = await stack.app.router.services.desk.for_resident(resident.id)
    assert len(orders) == 1
    assert orders[0].phone is None
    placed = [m for m in await resident.transcript() if "已提交订单" in (m.text or "")]
    assert len(placed) == 1
