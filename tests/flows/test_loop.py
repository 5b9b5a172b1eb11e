"""The whole loop, 点单 -> 派单 -> 接单 -> 评单, as people would play it in chat."""

from __future__ import annotations

from bot.demo import (
    COORDINATOR,
    VOLUNTEERS,
    Cast,
    dispatch_and_accept,
    finish_and_rate,
    place_order,
)
from domain.models import OrderStatus
from tests.harness import ChatHarness


async def _cast(chat: ChatHarness) -> Cast:
    return Cast(
        chat.sb.user(800001, "王阿姨", "zh-CN"),
        await chat.person(VOLUNTEERS[0], "王秀英"),
        await chat.person(VOLUNTEERS[1], "李建国"),
        await chat.person(COORDINATOR, "冯雪"),
    )


async def play_and_check(chat: ChatHarness) -> None:
    cast = await _cast(chat)
    order_id = await place_order(cast.resident)
    placed = await chat.order(order_id)
    assert placed.status is OrderStatus.OFFERED
    assert placed.phone == "13800001234"
    assert placed.site_id == 11

    await dispatch_and_accept(cast, order_id)
    assert (await chat.order(order_id)).volunteer_id == VOLUNTEERS[0]

    await finish_and_rate(cast, order_id)
    order = await chat.order(order_id)
    assert order.status is OrderStatus.RATED
    assert (order.rating, order.hours) == (5, 1.0)
    assert order.comment == "理发师傅很耐心，谢谢！"

    async with chat.app.db.transaction() as tx:
        trail = [(e.from_status, e.to_status) for e in await tx.orders.events(order_id)]
        volunteer = await tx.volunteers.get(VOLUNTEERS[0])
    assert trail == [
        (None, OrderStatus.NEW),
        (OrderStatus.NEW, OrderStatus.OFFERED),
        (OrderStatus.OFFERED, OrderStatus.ACCEPTED),
        (OrderStatus.ACCEPTED, OrderStatus.DONE),
        (OrderStatus.DONE, OrderStatus.RATED),
    ]
    assert volunteer is not None and (volunteer.hours, volunteer.points) == (1.0, 10)
    # Every request the bot made on the way was one the Bot API spec allows, and every
    # answer the sandbox gave was one the spec describes (even a 400 the bot swallowed).
    assert await chat.sb.violations() == []


async def test_the_whole_loop_ends_rated(chat: ChatHarness) -> None:
    await play_and_check(chat)


async def test_the_whole_loop_on_postgres_and_redis(service_chat: ChatHarness) -> None:
    await play_and_check(service_chat)


async def test_the_resident_phone_reaches_only_the_winner(chat: ChatHarness) -> None:
    cast = await _cast(chat)
    order_id = await place_order(cast.resident)
    offer = await cast.second.expect(f"新订单 #{order_id}")
    assert "13800001234" not in (offer.text or "")
    await cast.first.press(await cast.first.expect(f"新订单 #{order_id}"), "✅ 接单")
    won = await cast.first.expect("您已接下订单")
    assert "13800001234" in (won.text or "")
    taken = await cast.second.expect("已被其他志愿者接下")
    assert taken.message_id == offer.message_id and not taken.buttons
