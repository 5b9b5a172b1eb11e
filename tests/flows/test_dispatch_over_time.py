"""派单 over time: waves that time out, escalation point -> station -> center,
release and reassign, quiet hours, availability, and the one rating reminder.

Time moves with the ManualClock; deadlines fire when the test runs the sweeper.
"""

from __future__ import annotations

import pytest

from bot.demo import VOLUNTEERS, place_order
from domain import notes as codec
from domain.models import OrderStatus
from tests.harness import ADMIN, ChatHarness, HarnessUser

POINT_COORDINATOR, STATION_COORDINATOR, CENTER_COORDINATOR = 900103, 900102, 900101
STATION_VOLUNTEER = 900003
# Everyone serving 乡风文明 in the county: the point's two, the station's, and three elsewhere.
CIVILITY = (*VOLUNTEERS, STATION_VOLUNTEER, 900009, 900012, 900015)


async def _sweep(chat: ChatHarness, **advance: float) -> int:
    chat.clock.advance(**advance)
    return await chat.app.sweeper.run_once()


@pytest.mark.settings(dispatch_wave_size=2, offer_timeout=1800, escalation_deadline=3600)
async def test_an_order_nobody_takes_climbs_point_station_center(chat: ChatHarness) -> None:
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    station = await chat.person(STATION_COORDINATOR, "钱军")
    center = await chat.person(CENTER_COORDINATOR, "高敏")
    admin = await chat.person(ADMIN, "Admin", "en")
    for volunteer in CIVILITY:  # only who started the bot is offered anything
        await chat.person(volunteer, f"v{volunteer}")
    order_id = await place_order(chat.sb.user(800030, "蒋奶奶", "zh-CN"))
    for person in (point, station, center):
        await person.expect(f"新订单 #{order_id}")  # told of every new order below them

    # Six volunteers serve 乡风文明 in the county: waves of two, thirty minutes each.
    for _ in range(3):
        assert await _sweep(chat, minutes=31) >= 1
    escalated = await point.expect("督办")
    assert f"#{order_id}" in (escalated.text or "") and "实践站" in (escalated.text or "")
    order = await chat.order(order_id)
    async with chat.app.db.transaction() as tx:
        waves = [(o.volunteer_id, o.ring) for o in await tx.offers.for_order(order_id)]
    # Nearest first: the point's two, then the station's and the next town's, then the rest.
    assert waves[:3] == [(VOLUNTEERS[0], 0), (VOLUNTEERS[1], 0), (STATION_VOLUNTEER, 1)]
    assert sorted({ring for _, ring in waves}) == [0, 1, 2]
    assert order.status is OrderStatus.OFFERED and order.escalation == 1

    await _sweep(chat, minutes=61)
    assert "实践所" in ((await station.expect("督办")).text or "")
    await _sweep(chat, minutes=61)
    assert "实践中心" in ((await center.expect("督办")).text or "")
    assert "practice center" in ((await admin.expect("Escalation")).text or "")
    assert (await chat.order(order_id)).escalation == 3
    # No level above the center: what fires next tells the resident it is delayed
    # (tests/flows/test_complaints.py).
    assert await _sweep(chat, hours=5) >= 1

    async with chat.app.db.transaction() as tx:
        notes = [e.note for e in await tx.orders.events(order_id)]
    # Three waves of two, each timing out; the third finds nobody left and escalates.
    codes = {n: note.code for n in notes if (note := codec.decode(n)) is not None}
    assert [n for n in notes if codes.get(n) in (codec.WAVE, codec.WAVE_TIMED_OUT)] == [
        codec.wave(0),
        codec.wave_timed_out(),
        codec.wave(1),
        codec.wave_timed_out(),
        codec.wave(2),
        codec.wave_timed_out(),
    ]
    assert [n for n in notes if codes.get(n) == codec.ESCALATED] == [
        codec.escalated(1),
        codec.escalated(2),
        codec.escalated(3),
    ]


@pytest.mark.settings(dispatch_wave_size=2, offer_timeout=1800)
async def test_a_wave_that_times_out_offers_the_next_volunteers(chat: ChatHarness) -> None:
    first, second = [await chat.person(v, f"v{v}") for v in VOLUNTEERS]
    station = await chat.person(STATION_VOLUNTEER, "张伟")
    order_id = await place_order(chat.sb.user(800031, "何大爷", "zh-CN"))
    await first.expect(f"新订单 #{order_id}")
    await second.expect(f"新订单 #{order_id}")
    await _sweep(chat, minutes=31)
    offer = await station.expect(f"新订单 #{order_id}")
    await station.press(offer, "✅ 接单")
    await station.expect("您已接下订单")
    assert "已被其他志愿者接下" in ((await first.expect("已被其他")).text or "")
    assert (await chat.order(order_id)).volunteer_id == STATION_VOLUNTEER


@pytest.mark.settings(dispatch_wave_size=1)
async def test_release_sends_the_order_back_without_that_volunteer(chat: ChatHarness) -> None:
    first, second = [await chat.person(v, f"v{v}") for v in VOLUNTEERS]
    resident = chat.sb.user(800032, "吕阿姨", "zh-CN")
    order_id = await place_order(resident)
    await first.press(await first.expect(f"新订单 #{order_id}"), "✅ 接单")
    await resident.expect("接下了您的订单")
    await first.command("release", "x")
    await first.expect("用法")
    await first.command("release", f"{order_id} 家里临时有事")
    await first.expect(f"订单 #{order_id} 已交回")
    await resident.expect("临时不能来了")
    await second.press(await second.expect(f"新订单 #{order_id}"), "✅ 接单")
    await second.expect("您已接下订单")
    order = await chat.order(order_id)
    assert order.status is OrderStatus.ACCEPTED and order.volunteer_id == VOLUNTEERS[1]
    async with chat.app.db.transaction() as tx:
        released = await tx.volunteers.get(VOLUNTEERS[0])
        taker = await tx.volunteers.get(VOLUNTEERS[1])
    assert released is not None and released.open_tasks == 0
    assert taker is not None and taker.open_tasks == 1


async def test_reassign_moves_the_task_and_both_volunteers_tallies(chat: ChatHarness) -> None:
    # The messages of /reassign are checked in test_coordinator_orders.py.
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    await chat.person(VOLUNTEERS[1], "李建国")  # one can be assigned only once reachable
    resident = chat.sb.user(800033, "施奶奶", "zh-CN")
    order_id = await place_order(resident)
    await first.press(await first.expect(f"新订单 #{order_id}"), "✅ 接单")
    await resident.expect("接下了您的订单")
    reassigned = await chat.app.router.services.desk.reassign(order_id, VOLUNTEERS[1], ADMIN)
    assert reassigned.previous_volunteer_id == VOLUNTEERS[0]
    order = await chat.order(order_id)
    assert order.volunteer_id == VOLUNTEERS[1] and order.status is OrderStatus.ACCEPTED
    async with chat.app.db.transaction() as tx:
        old, new = await tx.volunteers.get(VOLUNTEERS[0]), await tx.volunteers.get(VOLUNTEERS[1])
    assert old is not None and new is not None and (old.open_tasks, new.open_tasks) == (0, 1)


async def _offered(chat: ChatHarness, volunteer: HarnessUser, order_id: int) -> bool:
    async with chat.app.db.transaction() as tx:
        return await tx.offers.get(order_id, volunteer.id) is not None


async def test_volunteers_in_quiet_hours_or_paused_are_not_offered(chat: ChatHarness) -> None:
    # The e2e clock starts at 09:00 UTC, 17:00 in the county.
    first, second = [await chat.person(v, f"v{v}") for v in VOLUNTEERS]
    await first.command("quiet", "16:30-18:00")
    await first.expect("免打扰时段：16:30 到 18:00")
    await second.command("available", "off")
    await second.expect("已暂停接单")
    order_id = await place_order(chat.sb.user(800034, "张奶奶", "zh-CN"))
    assert not await _offered(chat, first, order_id)
    assert not await _offered(chat, second, order_id)
    await first.command("quiet", "off")
    await first.expect("已取消免打扰")
    await second.command("available", "on")
    await second.expect("已开启接单")
    later = await place_order(chat.sb.user(800035, "孔爷爷", "zh-CN"))
    assert await _offered(chat, first, later) and await _offered(chat, second, later)


async def test_quiet_and_available_need_a_volunteer_and_good_input(chat: ChatHarness) -> None:
    resident = chat.sb.user(800036, "曹先生", "zh-CN")
    await resident.command("available", "off")
    await resident.expect("不是志愿者")
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    await volunteer.command("quiet", "25:00-07:00")
    await volunteer.expect("用法")
    await volunteer.command("available")
    await volunteer.expect("接单中")


async def test_one_rating_reminder_a_day_after_and_never_more(chat: ChatHarness) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    resident = chat.sb.user(800037, "严阿姨", "zh-CN")
    order_id = await place_order(resident)
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    await volunteer.expect("您已接下订单")
    await chat.app.router.services.desk.finish(order_id, VOLUNTEERS[0], 1.0)
    await _sweep(chat, hours=23)
    await _sweep(chat, hours=2)
    reminder = await resident.expect("提醒")
    assert reminder.buttons  # the stars, right there
    await _sweep(chat, hours=48)
    assert not [m for m in await resident.transcript() if "提醒" in (m.text or "")][1:]
