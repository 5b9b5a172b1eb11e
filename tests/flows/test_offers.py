"""Offers in chat: what the wave may read, the assignee's own offer, who is never
offered, and offers that reach nobody (withdrawn, the wave refilled at once)."""

from __future__ import annotations

import pytest

from bot.demo import VOLUNTEERS, place_order
from domain.models import OfferStatus, OrderStatus
from sandbox import ChatMessage
from tests.harness import ChatHarness

POINT_COORDINATOR = 900103
STATION_BARBER = 900003  # HAIR-CG, at station 10 above point 11
READER = 900005  # READ-DQ (culture) at point 11
DETAILS = "老人腿脚不便，请上门理发"  # what `place_order` types
PHONE = "13800001234"
TAKEN_BY_ANOTHER = "已被其他志愿者接下"


async def _offer_statuses(chat: ChatHarness, order_id: int) -> dict[int, OfferStatus]:
    async with chat.app.db.transaction() as tx:
        return {o.volunteer_id: o.status for o in await tx.offers.for_order(order_id)}


async def _unreachable(chat: ChatHarness, user_id: int) -> bool:
    profile = await chat.app.router.services.people.profile(user_id)
    assert profile is not None
    return profile.unreachable


async def test_an_offer_shows_neither_details_nor_phone_and_the_winner_sees_both(
    chat: ChatHarness,
) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    order_id = await place_order(chat.sb.user(800040, "陈阿姨", "zh-CN"))
    offer = await first.expect(f"新订单 #{order_id}")
    other = await second.expect(f"新订单 #{order_id}")
    for shown in (offer.text or "", other.text or ""):
        assert "爱心义剪" in shown and "大桥社区新时代文明实践站" in shown and "11月21日" in shown
        assert DETAILS not in shown and PHONE not in shown
    await first.press(offer, "✅ 接单")
    won = await first.expect("您已接下订单")
    assert won.message_id == offer.message_id
    assert DETAILS in (won.text or "") and PHONE in (won.text or "")
    taken = await second.expect(TAKEN_BY_ANOTHER)
    assert DETAILS not in (taken.text or "") and PHONE not in (taken.text or "")
    await first.command("tasks")
    tasks = await first.expect("我的任务")
    assert DETAILS in (tasks.text or "") and PHONE in (tasks.text or "")


def _never_told_taken(history: list[object]) -> bool:
    return not any(
        isinstance(e, ChatMessage) and TAKEN_BY_ANOTHER in (e.text or "") for e in history
    )


async def test_the_assignees_own_offer_becomes_their_task_never_taken_by_another(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    order_id = await place_order(chat.sb.user(800041, "卫奶奶", "zh-CN"))
    first_offer = await first.expect(f"新订单 #{order_id}")
    second_offer = await second.expect(f"新订单 #{order_id}")
    # Offers' message ids are recorded once all of the wave's sends are back: an
    # assignment before that finds no message to edit (a race of its own).
    await chat.idle()
    await coordinator.command("assign", f"{order_id} {VOLUNTEERS[1]}")
    await coordinator.expect(f"订单 #{order_id} 已派给 李建国")
    await second.expect(f"协调员给您派了订单 #{order_id}")
    own = await second.expect(lambda m: m.message_id == second_offer.message_id)
    assert f"协调员给您派了订单 #{order_id}" in (own.text or "") and PHONE in (own.text or "")
    assert [b.text for b in own.button_list] == [
        "💬 联系居民",
        "📍 到门口签到",
        f"✅ 完成 #{order_id}",
    ]  # no Accept / Decline
    gone = await first.expect(TAKEN_BY_ANOTHER)  # told after the assignee's own edit
    assert gone.message_id == first_offer.message_id
    assert _never_told_taken(list(await second.history()))
    statuses = await _offer_statuses(chat, order_id)
    assert statuses == {VOLUNTEERS[0]: OfferStatus.TAKEN, VOLUNTEERS[1]: OfferStatus.WON}


async def test_reassign_makes_the_new_volunteers_earlier_offer_their_task(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    order_id = await place_order(chat.sb.user(800042, "沈奶奶", "zh-CN"))
    await first.press(await first.expect(f"新订单 #{order_id}"), "✅ 接单")
    second_offer = await second.expect(f"新订单 #{order_id}")
    await second.expect(TAKEN_BY_ANOTHER)  # true then: 王秀英 took it
    await coordinator.command("reassign", f"{order_id} {VOLUNTEERS[1]}")
    await coordinator.expect(f"订单 #{order_id} 已改派给 李建国")
    await second.expect(f"协调员给您派了订单 #{order_id}")
    own = await second.expect(lambda m: m.message_id == second_offer.message_id)
    assert f"协调员给您派了订单 #{order_id}" in (own.text or "") and PHONE in (own.text or "")
    now = next(m for m in await second.transcript() if m.message_id == second_offer.message_id)
    assert TAKEN_BY_ANOTHER not in (now.text or "")
    assert (await _offer_statuses(chat, order_id))[VOLUNTEERS[1]] is OfferStatus.WON


async def test_assign_is_refused_for_inactive_wrong_category_or_unreachable_with_the_reason(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    await chat.person(VOLUNTEERS[0], "王秀英")
    await chat.person(READER, "陈静")
    order_id = await place_order(chat.sb.user(800043, "孔奶奶", "zh-CN"))
    await coordinator.expect(f"新订单 #{order_id}")
    async with chat.app.db.transaction() as tx:
        team = await tx.teams.by_code("HAIR-DQ")
        assert team is not None
        await tx.volunteers.upsert(VOLUNTEERS[0], team.id, active=False)
    refusals = {
        VOLUNTEERS[0]: f"志愿者 {VOLUNTEERS[0]} 目前已停用",
        READER: f"志愿者 {READER} 所在的队伍不提供订单 #{order_id} 这类服务",
        VOLUNTEERS[1]: f"联系不上志愿者 {VOLUNTEERS[1]}",  # never started the bot
    }
    for command in ("assign", "reassign"):
        for volunteer, reason in refusals.items():
            await coordinator.command(command, f"{order_id} {volunteer}")
            await coordinator.expect(reason)
    order = await chat.order(order_id)
    assert order.status is not OrderStatus.ACCEPTED and order.volunteer_id is None


async def test_a_volunteer_who_never_started_the_bot_is_never_offered(chat: ChatHarness) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    order_id = await place_order(chat.sb.user(800044, "韩奶奶", "zh-CN"))
    await first.expect(f"新订单 #{order_id}")
    # 李建国 and 张伟 serve haircuts here too, but were only seeded: never offered.
    assert await _offer_statuses(chat, order_id) == {VOLUNTEERS[0]: OfferStatus.OPEN}
    assert await _unreachable(chat, VOLUNTEERS[1])


@pytest.mark.settings(dispatch_wave_size=2)
async def test_an_offer_to_a_chat_not_found_is_withdrawn_and_the_wave_refilled_at_once(
    chat: ChatHarness,
) -> None:
    second = await chat.person(VOLUNTEERS[1], "李建国")
    station = await chat.person(STATION_BARBER, "张伟")
    # 王秀英 never started the bot, yet her row says reachable (as in a database seeded
    # before seeded people started unreachable): Telegram answers 400 "chat not found".
    await chat.app.router.services.people.set_unreachable(VOLUNTEERS[0], False)
    order_id = await place_order(chat.sb.user(800045, "褚大妈", "zh-CN"))
    await second.expect(f"新订单 #{order_id}")
    await station.expect(f"新订单 #{order_id}")  # at once: no deadline fired, no time passed
    assert await _offer_statuses(chat, order_id) == {
        VOLUNTEERS[0]: OfferStatus.WITHDRAWN,
        VOLUNTEERS[1]: OfferStatus.OPEN,
        STATION_BARBER: OfferStatus.OPEN,
    }
    assert await _unreachable(chat, VOLUNTEERS[0])
    await chat.person(VOLUNTEERS[0], "王秀英")  # she writes to the bot at last
    assert not await _unreachable(chat, VOLUNTEERS[0])


@pytest.mark.settings(dispatch_wave_size=2)
async def test_a_refilled_wave_left_no_trace_in_the_orders_history(chat: ChatHarness) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    await chat.person(VOLUNTEERS[1], "李建国")
    station = await chat.person(STATION_BARBER, "张伟")
    await first.block()
    order_id = await place_order(chat.sb.user(800047, "孔奶奶", "zh-CN"))
    await station.expect(f"新订单 #{order_id}")  # the refill reached the station's barber
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    await coordinator.command("order", str(order_id))
    history = (await coordinator.expect("记录：")).text or ""
    assert "第 1 轮派单" in history
    assert "有 1 位志愿者联系不上，已重新派单" in history
    assert history.index("第 1 轮派单") < history.index("联系不上")


@pytest.mark.settings(dispatch_wave_size=2)
async def test_an_offer_to_someone_who_blocked_the_bot_is_withdrawn_and_the_wave_refilled(
    chat: ChatHarness,
) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    station = await chat.person(STATION_BARBER, "张伟")
    await first.block()
    order_id = await place_order(chat.sb.user(800046, "何奶奶", "zh-CN"))
    await second.expect(f"新订单 #{order_id}")
    await station.expect(f"新订单 #{order_id}")
    assert (await _offer_statuses(chat, order_id))[VOLUNTEERS[0]] is OfferStatus.WITHDRAWN
    assert await _unreachable(chat, VOLUNTEERS[0])
    await first.block(False)
    await first.command("start")
    await first.expect("您好")
    assert not await _unreachable(chat, VOLUNTEERS[0])
