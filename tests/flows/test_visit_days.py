"""Messages read on another day than the order was made on: "tomorrow" is said
as seen when each message is sent, always with the date (the harness clock:
Friday 20 November 2026, 17:00 in the county)."""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.demo import place_order
from sandbox.transcript import CallbackAnswer
from tests.flows.powers import BARBERS
from tests.harness import ChatHarness

COUNTY = ZoneInfo("Asia/Shanghai")

SATURDAY = "11月21日（周六）"


@pytest.mark.settings(offer_timeout=86400, dispatch_deadline=86400)
async def test_a_volunteer_who_accepts_the_next_day_reads_today(chat: ChatHarness) -> None:
    volunteer = await chat.person(BARBERS[0], "王秀英")
    resident = chat.sb.user(800760, "赵奶奶", "zh-CN")
    await resident.command("start", "site_11")
    await resident.command("order")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.press(await resident.expect("要说明"), "跳过")
    await resident.send("🏠 大桥社区新时代文明实践站")
    await resident.press(await resident.expect("到站里来"), "🏠 上门")
    await resident.expect("门牌")
    await resident.send("3号楼2单元")
    await resident.press(await resident.expect("什么时候"), "明天")
    await resident.press(await resident.expect("哪个时段"), "上午")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.share_contact("13800001234")
    summary = await resident.expect("请确认")
    # Friday: the confirmation says tomorrow, with the date.
    assert f"志愿者 明天 {SATURDAY} 上午 上门" in (summary.text or "")
    await resident.press(summary, "✅ 确认")
    placed = await resident.expect("已提交订单")
    found = re.search(r"#(\d+)", placed.text or "")
    assert found is not None
    order_id = int(found.group(1))
    offer = await volunteer.expect(f"新订单 #{order_id}")

    chat.clock.advance(hours=15)  # Saturday 08:00: the day wanted is today
    await volunteer.press(offer, "✅ 接单")
    told = await resident.expect("接下了您的订单")
    assert f"王秀英 今天 {SATURDAY} 上午 上门" in (told.text or "")
    mine = await volunteer.expect("上门信息")
    assert f"王秀英 今天 {SATURDAY} 上午 上门，地址：3号楼2单元" in (mine.text or "")
    for message in (told, mine):
        assert "明天" not in (message.text or "")

    asked = await volunteer.expect("您预计什么时候到")
    await volunteer.press(asked, "今天上午")
    await volunteer.expect(f"您预计 今天 {SATURDAY}上午 到达")
    await resident.expect(f"预计 今天 {SATURDAY}上午 上门")

    # /mydata is a record read any day later: the date alone.
    await resident.command("mydata")
    sent = await resident.expect(lambda m: m.document is not None)
    bot = chat.server.world.bot()
    assert bot is not None and sent.document is not None
    sheet = bot.files[sent.document.file_id].data.decode("utf-8")
    line = next(x for x in sheet.splitlines() if "上门信息" in x)
    assert SATURDAY in line and "今天" not in line and "明天" not in line


async def test_a_day_button_pressed_the_next_day_keeps_its_day(chat: ChatHarness) -> None:
    """ "明天上午" drawn on Friday still means Saturday when pressed on Saturday."""
    volunteer = await chat.person(BARBERS[0], "王秀英")
    order_id = await place_order(chat.sb.user(800761, "钱大爷", "zh-CN"))
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    asked = await volunteer.expect("您预计什么时候到")  # Friday 17:00
    chat.clock.advance(hours=15)  # Saturday 08:00
    await volunteer.press(asked, "明天上午")
    await volunteer.expect(f"您预计 今天 {SATURDAY}上午 到达")
    visit = await chat.app.router.services.visits.visit(order_id)
    assert visit is not None and visit.arrival is not None
    assert visit.arrival.at.astimezone(COUNTY).date() == date(2026, 11, 21)


async def test_a_part_of_the_day_already_over_is_refused(chat: ChatHarness) -> None:
    volunteer = await chat.person(BARBERS[0], "王秀英")
    order_id = await place_order(chat.sb.user(800762, "孙阿姨", "zh-CN"))
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    asked = await volunteer.expect("您预计什么时候到")
    chat.clock.advance(hours=19)  # Saturday 12:00: that morning is over
    await volunteer.press(asked, "明天上午")
    await chat.idle()
    answers = [a.text or "" for a in await volunteer.history() if isinstance(a, CallbackAnswer)]
    assert "这个时间已经过了" in answers[-1]
    visit = await chat.app.router.services.visits.visit(order_id)
    assert visit is not None and visit.arrival is None
