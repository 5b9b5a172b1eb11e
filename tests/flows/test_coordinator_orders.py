"""Coordinators on one order: its history, reassigning it, cancelling it with a reason."""

from __future__ import annotations

from bot.demo import place_order
from domain import notes
from domain.models import OrderStatus
from tests.flows.powers import BARBERS, POINT_COORDINATOR, STATION_COORDINATOR
from tests.harness import ChatHarness


async def test_order_shows_the_card_and_the_whole_history(chat: ChatHarness) -> None:
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    first = await chat.person(BARBERS[0], "王秀英")
    order_id = await place_order(chat.sb.user(800710, "陈阿姨", "zh-CN"))
    await first.press(await first.expect(f"新订单 #{order_id}"), "✅ 接单")
    await first.expect("您已接下订单")
    await coordinator.catch_up()
    await coordinator.command("order", str(order_id))
    card = (await coordinator.next_message()).text or ""
    assert f"订单 #{order_id}：爱心义剪" in card and "13800001234" in card
    assert "居民：陈阿姨 (800710)" in card and "志愿者：王秀英 (900001)" in card
    assert "→ 待派单 · 陈阿姨 (800710)" in card  # created by the resident
    assert "→ 已接单 · 王秀英 (900001)" in card
    await coordinator.command("order", "1 2")
    await coordinator.expect("用法：/order 订单号")
    await coordinator.command("order", "99999")
    await coordinator.expect("没有订单 #99999")


async def test_reassign_tells_the_previous_volunteer_the_new_one_and_the_resident(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    first = await chat.person(BARBERS[0], "王秀英")
    second = await chat.person(BARBERS[1], "李建国")
    resident = chat.sb.user(800711, "卫奶奶", "zh-CN")
    order_id = await place_order(resident)
    await first.press(await first.expect(f"新订单 #{order_id}"), "✅ 接单")
    await resident.expect("接下了您的订单")
    await coordinator.command("reassign", str(order_id))
    await coordinator.expect("用法：/reassign")
    await coordinator.command("reassign", f"{order_id} {BARBERS[0]}")
    await coordinator.expect("已经派给这位志愿者了")
    await coordinator.command("reassign", f"{order_id} {BARBERS[1]}")
    await coordinator.expect(f"订单 #{order_id} 已改派给 李建国")
    await first.expect(f"订单 #{order_id} 已由协调员改派给其他志愿者")
    assigned = await second.expect(f"协调员给您派了订单 #{order_id}")
    assert "13800001234" in (assigned.text or "")
    await resident.expect(f"您的订单 #{order_id}（爱心义剪）改由志愿者 李建国 负责")
    order = await chat.order(order_id)
    assert order.status is OrderStatus.ACCEPTED and order.volunteer_id == BARBERS[1]


async def test_reassign_left_the_previous_volunteers_offer_saying_they_took_it(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    first = await chat.person(BARBERS[0], "王秀英")
    second = await chat.person(BARBERS[1], "李建国")
    order_id = await place_order(chat.sb.user(800712, "韩奶奶", "zh-CN"))
    offer = await first.expect(f"新订单 #{order_id}")
    await first.press(offer, "✅ 接单")
    won = await first.expect(f"您已接下订单 #{order_id}")
    assert won.message_id == offer.message_id
    await coordinator.command("reassign", f"{order_id} {BARBERS[1]}")
    await coordinator.expect(f"订单 #{order_id} 已改派给 李建国")
    await second.expect(f"协调员给您派了订单 #{order_id}")
    # The new message telling them still comes; and the offer they took now says it
    # is no longer theirs, with no buttons left.
    await first.expect(f"订单 #{order_id} 已由协调员改派给其他志愿者")
    away = await first.expect(f"订单 #{order_id}：协调员已改派给其他志愿者")
    assert away.message_id == offer.message_id and not away.buttons
    # Given back to her, the same message is her task again.
    await coordinator.command("reassign", f"{order_id} {BARBERS[0]}")
    await coordinator.expect(f"订单 #{order_id} 已改派给 王秀英")
    await first.expect(f"协调员给您派了订单 #{order_id}")
    task = f"协调员给您派了订单 #{order_id}"
    mine = await first.expect(
        lambda m: m.message_id == offer.message_id and (m.text or "").startswith(task)
    )
    assert [b.text for b in mine.button_list] == [
        "💬 联系居民",
        "📍 到门口签到",
        f"✅ 完成 #{order_id}",
    ]  # the task's buttons, no offer's


async def test_coordinator_cancels_with_a_reason_and_plain_cancel_still_stops_a_flow(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    first = await chat.person(BARBERS[0], "王秀英")
    resident = chat.sb.user(800712, "沈奶奶", "zh-CN")
    order_id = await place_order(resident)
    await first.press(await first.expect(f"新订单 #{order_id}"), "✅ 接单")
    await resident.expect("接下了您的订单")

    await coordinator.command("order")  # a coordinator may order too: the flow starts
    await coordinator.expect("您需要哪一类服务")
    await coordinator.command("cancel")
    await coordinator.expect("已取消点单")
    await coordinator.command("cancel", str(order_id))
    await coordinator.expect("用法：/cancel 订单号 原因")

    await coordinator.command("cancel", f"{order_id} 居民已住院，暂不需要")
    await coordinator.expect(f"订单 #{order_id} 已取消，已通知居民和志愿者")
    told = await resident.expect(f"您的订单 #{order_id}（爱心义剪）已被协调员取消")
    assert "原因：居民已住院，暂不需要" in (told.text or "")
    await first.expect(f"协调员取消了订单 #{order_id}，不需要再去了。原因：居民已住院")
    assert (await chat.order(order_id)).status is OrderStatus.CANCELLED
    await coordinator.command("cancel", f"{order_id} again")
    await coordinator.expect(f"订单 #{order_id} 已结束")
    async with chat.app.db.transaction() as tx:
        events = await tx.orders.events(order_id)
    assert events[-1].note == notes.cancelled_by_coordinator("居民已住院，暂不需要")
    assert events[-1].actor_id == POINT_COORDINATOR
