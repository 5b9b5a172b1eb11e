"""Residents following their orders, volunteers declining, coordinators stepping in."""

from __future__ import annotations

import pytest

from bot.demo import COORDINATOR, VOLUNTEERS, place_order
from domain import notes
from domain.models import OrderStatus
from tests.harness import ChatHarness

STATION_VOLUNTEER = 900003  # HAIR-CG, at station 10 above point 11
OTHER_STATION_COORDINATOR = 900104  # coordinator of station 20
READER = 900005  # READ-DQ volunteer at point 11


async def test_resident_cancels_from_my_orders_and_offers_are_withdrawn(chat: ChatHarness) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    resident = chat.sb.user(800020, "陈阿姨", "zh-CN")
    order_id = await place_order(resident)
    offer = await first.expect(f"新订单 #{order_id}")
    await resident.command("myorders")
    listing = await resident.expect("我的订单")
    assert f"#{order_id}" in (listing.text or "") and "派单中" in (listing.text or "")
    await resident.press(listing, f"取消订单 #{order_id}")
    await resident.expect(f"订单 #{order_id} 已取消")
    withdrawn = await first.expect("已取消，不需要再去了")
    assert withdrawn.message_id == offer.message_id and not withdrawn.buttons
    assert (await chat.order(order_id)).status is OrderStatus.CANCELLED


@pytest.mark.settings(dispatch_wave_size=2)  # the point's two, then the station's one
async def test_when_the_whole_point_declines_the_station_is_offered_next(chat: ChatHarness) -> None:
    point = [await chat.person(v, f"v{v}") for v in VOLUNTEERS]
    station = await chat.person(STATION_VOLUNTEER, "张伟")
    order_id = await place_order(chat.sb.user(800021, "褚大妈", "zh-CN"))
    for volunteer in point:
        await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "不接")
        await volunteer.expect("您没有接订单")
    offer = await station.expect(f"新订单 #{order_id}")
    await station.press(offer, "✅ 接单")
    await station.expect("您已接下订单")
    assert (await chat.order(order_id)).volunteer_id == STATION_VOLUNTEER


async def test_coordinator_sees_pending_and_assigns_by_hand(chat: ChatHarness) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    await chat.person(READER, "陈静")
    barber = await chat.person(VOLUNTEERS[0], "王秀英")
    resident = chat.sb.user(800022, "卫奶奶", "zh-CN")
    order_id = await place_order(resident)
    await coordinator.expect(f"新订单 #{order_id}")
    await coordinator.command("pending")
    pending = await coordinator.expect("待派订单")
    assert f"#{order_id}" in (pending.text or "")
    await coordinator.command("assign", "12")
    await coordinator.expect("用法")
    # 陈静 reads for the blind: a haircut is not hers to do (once it was assigned to her).
    await coordinator.command("assign", f"{order_id} {READER}")
    await coordinator.expect(f"志愿者 {READER} 所在的队伍不提供订单 #{order_id} 这类服务")
    await coordinator.command("assign", f"{order_id} {VOLUNTEERS[0]}")
    await coordinator.expect(f"订单 #{order_id} 已派给 王秀英")
    assigned = await barber.expect(f"协调员给您派了订单 #{order_id}")
    assert "13800001234" in (assigned.text or "")
    await resident.expect("接下了您的订单")
    order = await chat.order(order_id)
    assert order.status is OrderStatus.ACCEPTED and order.volunteer_id == VOLUNTEERS[0]
    async with chat.app.db.transaction() as tx:
        events = await tx.orders.events(order_id)
    assert events[-1].actor_id == COORDINATOR and events[-1].note == notes.assigned()


async def test_coordinators_act_only_inside_their_sites(chat: ChatHarness) -> None:
    outsider = await chat.person(OTHER_STATION_COORDINATOR, "邓宁")
    await chat.person(VOLUNTEERS[0], "王秀英")  # someone to offer it to
    resident_as_coordinator = chat.sb.user(800023, "蒋先生", "zh-CN")
    order_id = await place_order(chat.sb.user(800024, "沈奶奶", "zh-CN"))
    await outsider.command("assign", f"{order_id} {READER}")
    await outsider.expect("不在您负责的站点范围内")
    await resident_as_coordinator.command("pending")
    await resident_as_coordinator.expect("只有协调员可以这样做")
    await resident_as_coordinator.command("assign", f"{order_id} {READER}")
    await resident_as_coordinator.expect("只有协调员可以这样做")
    assert (await chat.order(order_id)).status is OrderStatus.OFFERED


async def test_help_lists_what_each_role_can_do(chat: ChatHarness) -> None:
    resident = chat.sb.user(800025, "韩先生", "zh-CN")
    await resident.command("help")
    text = (await resident.expect("/order")).text or ""  # after the privacy notice
    assert "/order" in text and "/join" in text and "/pending" not in text
    coordinator = await chat.person(COORDINATOR, "冯雪")
    await coordinator.command("help")
    assert "/pending" in ((await coordinator.next_message()).text or "")
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    await volunteer.command("help")
    assert "/tasks" in ((await volunteer.next_message()).text or "")


async def test_unknown_commands_and_teams_get_a_clear_reply(chat: ChatHarness) -> None:
    user = chat.sb.user(800026, "杨先生", "en")
    await user.command("frobnicate")
    assert "/help" in ((await user.expect("/help")).text or "")  # after the privacy notice
    await user.command("join", "NO-SUCH")
    assert "no team with code NO-SUCH" in ((await user.next_message()).text or "")
    await user.command("join")
    assert "/join HAIR-DQ" in ((await user.next_message()).text or "")
    await user.command("whoami")
    assert "800026" in ((await user.next_message()).text or "")


async def test_a_volunteer_who_blocked_the_bot_does_not_stop_the_others(chat: ChatHarness) -> None:
    blocked = await chat.person(VOLUNTEERS[0], "王秀英")
    other = await chat.person(VOLUNTEERS[1], "李建国")
    await blocked.block()
    resident = chat.sb.user(800027, "秦大爷", "zh-CN")
    order_id = await place_order(resident)
    await other.expect(f"新订单 #{order_id}")
    # Offers go out concurrently, so another volunteer may have theirs before the
    # blocked one's refusal is recorded. A chat's updates run in order: the
    # resident's next one is answered only after the confirm step's fan-out ended.
    await resident.command("whoami")
    await resident.expect("800027")
    profile = await chat.app.router.services.people.profile(VOLUNTEERS[0])
    assert profile is not None and profile.unreachable
