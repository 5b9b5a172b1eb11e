"""The order says where, when in the day and for whom (issue 12, "The order"):
at home with a house or a pin, or at the station; typed Chinese days; for a
neighbour, who is told when they are here; taken by phone by a coordinator; and
the confirmation in the resident's words, in the summary and when a volunteer
accepts."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.flows.powers import BARBERS, POINT_COORDINATOR
from tests.harness import ChatHarness, HarnessUser

# The harness clock: Friday 20 November 2026, 17:00 in the county.
TOMORROW_WORDS = "明天 11月21日（周六）"
HUBIN = (30.0851, 120.0201)  # next to point 21 (Hubin), about 6 km from point 11
HUBIN_BARBER = 900009  # 孙丽, HAIR-HB at point 21


async def _to_visit(resident: HarnessUser) -> None:
    await resident.command("start", "site_11")
    await resident.command("order")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.press(await resident.expect("要说明"), "跳过")
    await resident.send("🏠 大桥社区新时代文明实践站")


def _order_id(text: str | None) -> int:
    found = re.search(r"#(\d+)", text or "")
    assert found is not None, text
    return int(found.group(1))


async def test_an_order_at_home_is_said_back_in_the_residents_words(chat: ChatHarness) -> None:
    volunteer = await chat.person(BARBERS[0], "王秀英")
    resident = chat.sb.user(800750, "赵奶奶", "zh-CN")
    await _to_visit(resident)
    await resident.press(await resident.expect("志愿者上门，还是您到站里来"), "🏠 上门")
    await resident.expect("门牌")
    await resident.send("3号楼2单元")
    await resident.press(await resident.expect("什么时候"), "明天")
    await resident.press(await resident.expect("哪个时段"), "上午")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.share_contact("13800001234")
    summary = await resident.expect("请确认")
    assert f"志愿者 {TOMORROW_WORDS} 上午 上门，地址：3号楼2单元" in (summary.text or "")
    assert "为：您本人" in (summary.text or "")
    await resident.press(summary, "✅ 确认")
    order_id = _order_id((await resident.expect("已提交订单")).text)
    details = await chat.app.router.services.desk.details(order_id)
    assert details is not None and details.address == "3号楼2单元"
    assert (details.visit, details.day_part) == ("home", "morning")

    offer = await volunteer.expect(f"新订单 #{order_id}")
    assert "3号楼" not in (offer.text or "")  # the house reaches only who takes it
    await volunteer.press(offer, "✅ 接单")
    told = await resident.expect("接下了您的订单")
    assert f"王秀英 {TOMORROW_WORDS} 上午 上门，地址：3号楼2单元" in (told.text or "")
    mine = await volunteer.expect("上门信息")
    assert f"王秀英 {TOMORROW_WORDS} 上午 上门，地址：3号楼2单元" in (mine.text or "")


async def test_a_typed_chinese_day_and_time_need_no_more_questions(chat: ChatHarness) -> None:
    resident = chat.sb.user(800751, "钱大爷", "zh-CN")
    await _to_visit(resident)
    await resident.press(await resident.expect("到站里来"), "🏢 到站")
    await resident.expect("什么时候")
    await resident.send("十二月三号下午三点")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")  # no part-of-day question
    await resident.send("跳过")
    summary = await resident.expect("请确认")
    assert "志愿者 12月3日（周四） 15:00 到站：大桥社区新时代文明实践站" in (summary.text or "")
    await resident.press(summary, "✅ 确认")
    order_id = _order_id((await resident.expect("已提交订单")).text)
    order = await chat.order(order_id)
    assert order.when.day == date(2026, 12, 3)
    assert (order.lat, order.lon) == (None, None)  # at the station: measured to the point


@pytest.mark.parametrize("typed", ["下周三", "3天后", "三天后"])
async def test_each_typed_relative_day_is_taken(chat: ChatHarness, typed: str) -> None:
    resident = chat.sb.user(800752, "孙阿姨", "zh-CN")
    await _to_visit(resident)
    await resident.press(await resident.expect("到站里来"), "🏢 到站")
    await resident.expect("什么时候")
    await resident.send(typed)
    await resident.press(await resident.expect("哪个时段"), "下午")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.send("跳过")
    summary = await resident.expect("请确认")
    wanted = {
        "下周三": "11月25日（周三）",
        "3天后": "11月23日（周一）",
        "三天后": "11月23日（周一）",
    }
    assert f"{wanted[typed]} 下午" in (summary.text or "")


@pytest.mark.settings(dispatch_wave_size=1)
async def test_a_pin_for_the_house_is_where_dispatch_measures_from(chat: ChatHarness) -> None:
    near_pin = await chat.person(HUBIN_BARBER, "孙丽")
    at_point = [await chat.person(v, n) for v, n in zip(BARBERS, ("王秀英", "李建国"), strict=True)]
    resident = chat.sb.user(800753, "周奶奶", "zh-CN")
    await _to_visit(resident)
    await resident.press(await resident.expect("到站里来"), "🏠 上门")
    await resident.expect("门牌")
    await resident.share_location(*HUBIN)
    await resident.press(await resident.expect("什么时候"), "明天")
    await resident.press(await resident.expect("哪个时段"), "晚上")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.send("跳过")
    summary = await resident.expect("请确认")
    assert "上门，按您发送的位置" in (summary.text or "")
    await resident.press(summary, "✅ 确认")
    order_id = _order_id((await resident.expect("已提交订单")).text)
    order = await chat.order(order_id)
    assert (order.site_id, order.lat, order.lon) == (11, *HUBIN)
    await near_pin.expect(f"新订单 #{order_id}")  # inside the pin's 15-minute circle
    await chat.idle()
    for barber in at_point:
        assert not [m for m in await barber.transcript() if f"#{order_id}" in (m.text or "")]


async def test_for_a_neighbour_keeps_their_details_and_tells_them(chat: ChatHarness) -> None:
    volunteer = await chat.person(BARBERS[0], "王秀英")
    neighbour = await chat.person(800755, "王秀兰")
    await chat.app.router.services.people.set_phone(neighbour.id, "13900005678")
    orderer = chat.sb.user(800754, "李阿姨", "zh-CN")
    await _to_visit(orderer)
    await orderer.press(await orderer.expect("到站里来"), "🏠 上门")
    await orderer.expect("门牌")
    await orderer.send("5号楼1单元402")
    await orderer.press(await orderer.expect("什么时候"), "明天")
    await orderer.press(await orderer.expect("哪个时段"), "上午")
    await orderer.press(await orderer.expect("为谁"), "👵 为家人或邻居")
    await orderer.expect("对方的姓名")
    await orderer.send("王秀兰")
    await orderer.press(await orderer.expect("对方是您的什么人"), "邻居")
    await orderer.expect("对方的手机号")
    await orderer.send("139 0000 5678")
    await orderer.expect("联系电话")  # the orderer's own, as before
    await orderer.share_contact("13800004321")
    summary = await orderer.expect("请确认")
    assert "为：王秀兰（邻居），电话 13900005678" in (summary.text or "")
    await orderer.press(summary, "✅ 确认")
    order_id = _order_id((await orderer.expect("已提交订单")).text)
    details = await chat.app.router.services.desk.details(order_id)
    assert details is not None and details.beneficiary is not None
    assert (details.beneficiary.name, details.beneficiary.relation) == ("王秀兰", "neighbour")
    assert details.beneficiary.person_id == neighbour.id
    told = await neighbour.expect("为您点了服务")
    assert f"李阿姨 为您点了服务：订单 #{order_id}" in (told.text or "")
    assert "上门，地址：5号楼1单元402" in (told.text or "")
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    mine = await volunteer.expect("上门信息")
    assert "为：王秀兰（邻居），电话 13900005678" in (mine.text or "")  # whom to call
    comes = await neighbour.expect("有志愿者接下了为您点的订单")
    assert f"王秀英 {TOMORROW_WORDS} 上午 上门，地址：5号楼1单元402" in (comes.text or "")


async def test_a_beneficiary_nobody_here_has_the_phone_of_is_kept_untold(
    chat: ChatHarness,
) -> None:
    orderer = chat.sb.user(800756, "吴大姐", "zh-CN")
    await _to_visit(orderer)
    await orderer.press(await orderer.expect("到站里来"), "🏢 到站")
    await orderer.press(await orderer.expect("什么时候"), "今天")
    await orderer.press(await orderer.expect("哪个时段"), "跳过")
    await orderer.press(await orderer.expect("为谁"), "👵 为家人或邻居")
    await orderer.send("吴老太")
    await orderer.expect("对方是您的什么人")
    await orderer.send("婆婆")  # typed: kept as typed
    await orderer.send("跳过")  # their phone is not known
    await orderer.send("跳过")
    summary = await orderer.expect("请确认")
    assert "为：吴老太（婆婆）" in (summary.text or "")
    assert "电话" not in (summary.text or "").split("为：吴老太")[1].splitlines()[0]
    await orderer.press(summary, "✅ 确认")
    order_id = _order_id((await orderer.expect("已提交订单")).text)
    details = await chat.app.router.services.desk.details(order_id)
    assert details is not None and details.beneficiary is not None
    assert details.beneficiary.person_id is None and details.beneficiary.phone is None


async def test_a_coordinator_takes_an_order_by_phone(chat: ChatHarness) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    await coordinator.command("order", "for")
    await coordinator.expect("电话代点")
    await coordinator.press(await coordinator.expect("哪一类服务"), "乡风文明")
    await coordinator.press(await coordinator.expect("具体服务"), "爱心义剪")
    await coordinator.press(await coordinator.expect("要说明"), "跳过")
    await coordinator.send("🏠 大桥社区新时代文明实践站")
    await coordinator.press(await coordinator.expect("到站里来"), "🏠 上门")
    await coordinator.send("7号楼3单元101")
    await coordinator.press(await coordinator.expect("什么时候"), "明天")
    await coordinator.press(await coordinator.expect("哪个时段"), "下午")
    await coordinator.expect("对方的姓名")  # no "for whom?": it is for the caller
    await coordinator.send("郑爷爷")
    await coordinator.press(await coordinator.expect("对方是您的什么人"), "邻居")
    await coordinator.send("13900001212")
    summary = await coordinator.expect("请确认")  # the caller's phone is the order's
    assert "电话：13900001212" in (summary.text or "") and "郑爷爷" in (summary.text or "")
    await coordinator.press(summary, "✅ 确认")
    placed = await coordinator.expect("已为 郑爷爷 提交订单")
    order_id = _order_id(placed.text)
    order = await chat.order(order_id)
    assert order.phone == "13900001212"
    profile = await chat.app.router.services.people.profile(POINT_COORDINATOR)
    assert profile is not None and profile.phone != "13900001212"  # not saved as theirs
    await coordinator.command("order", str(order_id))
    card = await coordinator.expect("记录：")  # the card with its history
    assert "电话代点：协调员 冯雪" in (card.text or "")
    assert "上门，地址：7号楼3单元101" in (card.text or "")
    assert "为：郑爷爷（邻居），电话 13900001212" in (card.text or "")


async def test_order_for_is_only_for_coordinators(chat: ChatHarness) -> None:
    resident = await chat.person(800757, "冯婆婆")
    await resident.command("order", "for")
    await resident.expect("只限协调员")
    assert await chat.app.router.services.desk.for_resident(resident.id) == []


async def test_in_english_the_same_steps_and_the_same_line(chat: ChatHarness) -> None:
    volunteer = await chat.person(BARBERS[1], "李建国")
    resident = await chat.person(800758, "Lucy", "en")
    await chat.app.router.services.people.set_locale(resident.id, "en")  # as /lang English
    await resident.command("start", "site_11")
    await resident.command("order")
    await resident.press(await resident.expect("What kind of service"), "Village civility")
    await resident.press(await resident.expect("Which service"), "Free haircuts for the elderly")
    await resident.press(await resident.expect("Anything the volunteer"), "Skip")
    await resident.send("🏠 Daqiao Community Practice Station")
    await resident.press(await resident.expect("come to your home"), "🏠 At home")
    await resident.expect("Type the house")
    await resident.send("Building 3, Unit 2")
    await resident.press(await resident.expect("When would suit you"), "Tomorrow")
    await resident.press(await resident.expect("part of the day"), "Afternoon")
    await resident.press(await resident.expect("Who is this service for"), "🙋 For me")
    await resident.send("Skip")
    summary = await resident.expect("Please confirm your order")
    line = (
        "A volunteer: tomorrow (Sat 21 Nov), Afternoon, at your home, address: Building 3, Unit 2"
    )
    assert line in (summary.text or ""), summary.text
    await resident.press(summary, "✅ Confirm")
    order_id = _order_id((await resident.expect("placed")).text)
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    told = await resident.expect("accepted your order")
    assert "李建国: tomorrow (Sat 21 Nov), Afternoon, at your home" in (told.text or "")


async def test_an_order_taken_by_phone_outside_ones_sites_is_refused(chat: ChatHarness) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")  # of point 11 only
    await coordinator.command("order", "for")
    await coordinator.press(await coordinator.expect("哪一类服务"), "乡风文明")
    await coordinator.press(await coordinator.expect("具体服务"), "爱心义剪")
    await coordinator.press(await coordinator.expect("要说明"), "跳过")
    await coordinator.send("📋 从列表选择")
    await coordinator.press(await coordinator.expect("请选择镇"), "东湖镇新时代文明实践所")
    await coordinator.press(await coordinator.expect("请选择村"), "湖滨村新时代文明实践站")
    await coordinator.press(await coordinator.expect("到站里来"), "🏢 到站")
    await coordinator.press(await coordinator.expect("什么时候"), "明天")
    await coordinator.press(await coordinator.expect("哪个时段"), "上午")
    await coordinator.send("郑爷爷")
    await coordinator.press(await coordinator.expect("对方是您的什么人"), "邻居")
    await coordinator.send("跳过")
    summary = await coordinator.expect("请确认")
    await chat.idle()
    await coordinator.catch_up()  # the earlier presses' answers
    await coordinator.press(summary, "✅ 确认")
    refused = await coordinator.next_answer()  # an alert on the press; the summary stays
    assert refused.show_alert and "不在您负责的站点范围内" in (refused.text or "")
    assert await chat.app.router.services.desk.for_resident(POINT_COORDINATOR) == []
