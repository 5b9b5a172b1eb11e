"""Dispatch by buttons (issue 13): a waiting order's candidates as buttons on
`/order n`, one tap assigns; `/pending` items carry Assign / Cancel."""

from __future__ import annotations

from bot.demo import place_order
from domain.audit_models import AuditAction
from domain.models import OrderStatus
from tests.flows.powers import BARBERS, POINT_COORDINATOR, STATION_COORDINATOR
from tests.harness import ChatHarness


async def test_order_card_of_a_waiting_order_offers_the_ranked_candidates_one_tap_assigns(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    first = await chat.person(BARBERS[0], "王秀英")
    second = await chat.person(BARBERS[1], "李建国")
    resident = chat.sb.user(800920, "柏奶奶", "zh-CN")
    order_id = await place_order(resident)
    await coordinator.catch_up()

    await coordinator.command("order", str(order_id))  # the numeric command, as before
    await coordinator.expect(f"订单 #{order_id}：爱心义剪")
    shortlist = await coordinator.expect(f"订单 #{order_id} 推荐的志愿者")
    lines = (shortlist.text or "").splitlines()
    # Same point, same load, unrated: ranked by id, as a wave ranks them.
    assert lines[1].startswith("1. 王秀英 · ") and lines[2].startswith("2. 李建国 · ")
    assert "进行中 0 单" in lines[1] and "评分 暂无" in lines[1] and "可联系" in lines[1]
    assert [b.text for b in shortlist.button_list] == ["👤 1. 派给 王秀英", "👤 2. 派给 李建国"]

    await coordinator.command("order", str(order_id))  # a second copy, pressed below
    pressed = await coordinator.expect(f"订单 #{order_id} 推荐的志愿者")
    await coordinator.press(pressed, "👤 2. 派给 李建国")
    done = await coordinator.expect(f"订单 #{order_id} 已派给 李建国")
    assert done.message_id == pressed.message_id and not done.buttons
    await coordinator.next_answer()
    await second.expect(f"协调员给您派了订单 #{order_id}")
    await first.expect("已被其他志愿者接下")
    await resident.expect("李建国")
    order = await chat.order(order_id)
    assert order.status is OrderStatus.ACCEPTED and order.volunteer_id == BARBERS[1]
    async with chat.app.db.read() as tx:
        entries = await tx.audit.recent(None, county=True)
    assert any(e.action is AuditAction.ASSIGN and e.subject == str(order_id) for e in entries)

    # A stale button (the order is taken now, the older copy): told so, nothing changes.
    await coordinator.press(shortlist, "👤 1. 派给 王秀英")
    answer = await coordinator.next_answer()
    assert answer.show_alert and f"订单 #{order_id} 已不在待派状态" in (answer.text or "")
    assert (await chat.order(order_id)).volunteer_id == BARBERS[1]

    # Taken: the card shows no candidates.
    await coordinator.catch_up()
    await coordinator.command("order", str(order_id))
    await coordinator.expect(f"订单 #{order_id}：爱心义剪")
    await chat.idle()
    shortlists = [m for m in await coordinator.transcript() if "推荐的志愿者" in (m.text or "")]
    assert [m.message_id for m in shortlists] == [shortlist.message_id]  # none new


async def test_pending_items_carry_assign_and_cancel_with_confirmation(chat: ChatHarness) -> None:
    coordinator = await chat.person(STATION_COORDINATOR, "Qian", "en")
    async with chat.app.db.transaction() as tx:  # the seed says zh-CN for them
        await tx.users.set_locale(STATION_COORDINATOR, "en")
    await chat.person(BARBERS[0], "王秀英")
    resident = chat.sb.user(800921, "鲍奶奶", "zh-CN")
    order_id = await place_order(resident)
    await coordinator.catch_up()

    await coordinator.command("pending")
    waiting = await coordinator.expect("Waiting orders")
    labels = [b.text for b in waiting.button_list]
    assert f"👤 Assign #{order_id}" in labels and f"✖️ Cancel #{order_id}" in labels

    await coordinator.press(waiting, f"👤 Assign #{order_id}")
    shortlist = await coordinator.expect(f"Suggested volunteers for order #{order_id}")
    first, *others = (shortlist.text or "").splitlines()[1:]
    assert first.startswith("1. 王秀英 · ") and first.endswith(" · reachable")
    # Who never started the bot (李建国, the station's barbers) is listed so, with no
    # button: assigning them would be refused.
    assert others and all(line.endswith(" · unreachable") for line in others)
    assert any(" 李建国 · " in line for line in others)
    assert [b.text for b in shortlist.button_list] == ["👤 1. Assign to 王秀英"]

    await coordinator.press(waiting, f"✖️ Cancel #{order_id}")
    ask = await coordinator.expect(f"Cancel order #{order_id}?")
    await coordinator.press(ask, "↩️ Keep it")
    await coordinator.expect(f"Fine, order #{order_id} stays.")
    assert (await chat.order(order_id)).status is not OrderStatus.CANCELLED

    await coordinator.press(waiting, f"✖️ Cancel #{order_id}")
    ask = await coordinator.expect(f"Cancel order #{order_id}?")
    await coordinator.press(ask, "✖️ Yes, cancel it")
    await coordinator.expect(f"Order #{order_id} cancelled")
    await resident.expect(f"您的订单 #{order_id}")
    assert (await chat.order(order_id)).status is OrderStatus.CANCELLED

    # Stale: the same buttons once it is cancelled.
    await coordinator.catch_up()
    await coordinator.press(shortlist, "👤 1. Assign to 王秀英")
    answer = await coordinator.next_answer()
    assert answer.show_alert and f"Order #{order_id} is no longer waiting" in (answer.text or "")
    await coordinator.press(waiting, f"✖️ Cancel #{order_id}")
    assert "no longer waiting" in ((await coordinator.next_answer()).text or "")
    await coordinator.press(waiting, f"👤 Assign #{order_id}")
    assert "no longer waiting" in ((await coordinator.next_answer()).text or "")
