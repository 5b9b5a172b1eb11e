"""What an order says about itself: its day as a date, its own phone, the card and
history coordinators read, and deep links that always lead to the menu."""

from __future__ import annotations

import re
from datetime import date

from bot.demo import place_order
from domain.when import When
from tests.flows.powers import BARBERS, POINT_COORDINATOR
from tests.harness import ChatHarness, HarnessUser

OWN, NEIGHBOUR = "13800001234", "13900005678"
# The e2e clock starts Friday 20 November 2026, 17:00 in the county (09:00 UTC).
TOMORROW = When(date(2026, 11, 21))
NOTE = re.compile(r"（([^（）]*)）$")  # the note at the end of a Chinese history line
ASCII_LETTERS = re.compile("[A-Za-z]")


async def _order_for(resident: HarnessUser, phone: str) -> HarnessUser:
    """Up to the phone question of a second order, then type `phone`."""
    await resident.command("order")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.press(await resident.expect("要说明"), "跳过")
    await resident.send("🏠 大桥社区新时代文明实践站")
    await resident.press(await resident.expect("到站里来"), "🏢 到站")
    await resident.press(await resident.expect("什么时候"), "明天")
    await resident.press(await resident.expect("哪个时段"), "上午")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.expect("联系电话")
    await resident.send(phone)
    return resident


async def test_ordering_for_someone_else_keeps_the_orderers_saved_phone(chat: ChatHarness) -> None:
    resident = chat.sb.user(800730, "韩阿姨", "zh-CN")
    first = await place_order(resident)  # shares her own contact: saved as hers
    people = chat.app.router.services.people
    assert (await people.profile(resident.id)).phone == OWN  # type: ignore[union-attr]
    await _order_for(resident, NEIGHBOUR)
    question = await resident.expect("只用于这次订单")
    await resident.press(question, "只用于这次订单")
    summary = await resident.expect("请确认")
    assert f"电话：{NEIGHBOUR}" in (summary.text or "")
    await resident.press(summary, "✅ 确认")
    placed = await resident.expect("已提交订单")
    second = int(re.findall(r"#(\d+)", placed.text or "")[0])
    assert (await chat.order(second)).phone == NEIGHBOUR
    assert (await chat.order(first)).phone == OWN
    assert (await people.profile(resident.id)).phone == OWN  # type: ignore[union-attr]

    await _order_for(resident, NEIGHBOUR)  # this time she says it is her new number
    await resident.press(await resident.expect("只用于这次订单"), "存为我的号码")
    await resident.press(await resident.expect("请确认"), "✅ 确认")
    await resident.expect("已提交订单")
    assert (await people.profile(resident.id)).phone == NEIGHBOUR  # type: ignore[union-attr]


async def test_tomorrow_is_stored_and_shown_as_the_date_it_meant(chat: ChatHarness) -> None:
    volunteer = await chat.person(BARBERS[0], "王秀英")
    order_id = await place_order(chat.sb.user(800731, "杨奶奶", "zh-CN"))
    assert (await chat.order(order_id)).when == TOMORROW
    offer = await volunteer.expect(f"新订单 #{order_id}")
    assert "时间：11月21日（周六）" in (offer.text or "")
    assert "明天" not in (offer.text or "")


async def test_a_deep_link_to_an_unknown_site_or_the_center_still_greets_with_the_menu(
    chat: ChatHarness,
) -> None:
    resident = chat.sb.user(800732, "朱大爷", "zh-CN")
    await resident.command("start")  # first contact: the privacy notice and a greeting
    await resident.expect(lambda m: bool(m.buttons))
    for payload, notice in (("site_999", "没有找到"), ("site_1", "县级实践中心")):
        await resident.command("start", payload)
        told = await resident.next_message()
        assert notice in (told.text or "") and "从列表中选择" in (told.text or "")
        greeting = await resident.next_message()
        assert "您好" in (greeting.text or "") and greeting.buttons, greeting.text
    profile = await chat.app.router.services.people.profile(resident.id)
    assert profile is not None and profile.home_site_id is None


async def test_order_card_shows_the_rating_the_comment_and_the_hours(chat: ChatHarness) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    volunteer = await chat.person(BARBERS[0], "王秀英")
    resident = chat.sb.user(800733, "秦奶奶", "zh-CN")
    order_id = await place_order(resident)
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    await volunteer.expect("您已接下订单")
    await volunteer.command("tasks")
    await volunteer.press(await volunteer.expect("我的任务"), f"✅ 完成 #{order_id}")
    await volunteer.press(await volunteer.expect("用了多长时间"), "2")
    await volunteer.expect("已完成")
    await resident.press(await resident.expect("上门服务了吗"), "✅ 是的，来过了")
    await resident.press(await resident.expect("打分"), "★★ 不满意")
    await resident.expect("还有什么想说的")
    await resident.send("师傅迟到了一个小时")
    await resident.expect("意见已记录")
    await coordinator.catch_up()
    await coordinator.command("order", str(order_id))
    card = (await coordinator.next_message()).text or ""
    assert "服务时长：2 小时" in card
    assert "评价：★★（2 星）" in card
    assert "居民意见：师傅迟到了一个小时" in card


async def test_chinese_history_shows_no_english_in_its_notes(chat: ChatHarness) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    first, second = [
        await chat.person(v, n) for v, n in zip(BARBERS, ("王秀英", "李建国"), strict=True)
    ]
    order_id = await place_order(chat.sb.user(800734, "许阿姨", "zh-CN"))
    await first.press(await first.expect(f"新订单 #{order_id}"), "不接")
    await first.expect("您没有接订单")
    await second.press(await second.expect(f"新订单 #{order_id}"), "✅ 接单")
    await second.expect("您已接下订单")
    await second.command("release", f"{order_id} 临时有事")
    await second.expect(f"订单 #{order_id} 已交回")
    await coordinator.catch_up()
    await coordinator.command("assign", f"{order_id} {BARBERS[0]}")
    await coordinator.expect(f"订单 #{order_id} 已派给")
    await coordinator.command("reassign", f"{order_id} {BARBERS[1]}")
    await coordinator.expect(f"订单 #{order_id} 已改派给")
    await coordinator.command("cancel", f"{order_id} 居民已不需要")
    await coordinator.expect(f"订单 #{order_id} 已取消")
    await coordinator.command("order", str(order_id))
    # (Their new-order notice is edited on the way: the card is the next message that reads so.)
    history = ((await coordinator.expect("记录：")).text or "").split("记录：", 1)[1]
    notes = [m[1] for line in history.splitlines() if (m := NOTE.search(line))]
    assert len(notes) >= 6, history  # wave, declined, released, assigned, reassigned, cancelled
    assert [n for n in notes if ASCII_LETTERS.search(n)] == [], history
    assert "志愿者交回任务：临时有事" in notes and "协调员取消：居民已不需要" in notes
    assert "不接" in notes and any(n.startswith("改派") for n in notes)
