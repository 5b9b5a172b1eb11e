"""The resident's phone never crosses in an offer (docs/architecture.md, privacy):
no message a volunteer sees before accepting carries a phone number (the
orderer's, the beneficiary's, or one typed into the details), however the order
reaches them (the first wave, the next wave after a decline or a timeout, the
order given back). Only the volunteer who has the order sees a phone, and only
when one was given."""

from __future__ import annotations

import re

import pytest

from bot.demo import VOLUNTEERS
from sandbox.transcript import ChatMessage
from tests.harness import ChatHarness, HarnessUser

STATION_VOLUNTEER = 900003
# A mobile (11 digits, spaces or dashes allowed) or a landline with its area code.
PHONE = re.compile(r"1[3-9]\d(?:[ -]?\d){8}|0\d{2,3}-?\d{7,8}")
ORDERER, BENEFICIARY, TYPED = "13800004321", "13900005678", "13700009999"


async def _order_for_a_neighbour(resident: HarnessUser, phone: bool = True) -> int:
    await resident.command("start", "site_11")
    await resident.command("order")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.expect("要说明")
    await resident.send(f"请先打 {TYPED} 再上门")  # a phone in the details, too
    await resident.send("🏠 大桥社区新时代文明实践站")
    await resident.press(await resident.expect("到站里来"), "🏠 上门")
    await resident.expect("门牌")
    await resident.send("5号楼1单元402")
    await resident.press(await resident.expect("什么时候"), "明天")
    await resident.press(await resident.expect("哪个时段"), "上午")
    await resident.press(await resident.expect("为谁"), "👵 为家人或邻居")
    await resident.expect("对方的姓名")
    await resident.send("王秀兰")
    await resident.press(await resident.expect("对方是您的什么人"), "邻居")
    await resident.expect("对方的手机号")
    await resident.send(BENEFICIARY if phone else "跳过")
    await resident.expect("联系电话")
    if phone:
        await resident.share_contact(ORDERER)
    else:
        await resident.send("跳过")
    await resident.press(await resident.expect("请确认"), "✅ 确认")
    found = re.search(r"#(\d+)", (await resident.expect("已提交订单")).text or "")
    assert found is not None
    return int(found.group(1))


async def _seen(user: HarnessUser) -> list[ChatMessage]:
    """Every message and edit the bot sent `user`, in order."""
    return [e for e in await user.history() if isinstance(e, ChatMessage) and e.who == "bot"]


def _offers(seen: list[ChatMessage]) -> list[ChatMessage]:
    return [m for m in seen if any(b.text == "✅ 接单" for b in m.button_list)]


@pytest.mark.settings(dispatch_wave_size=1, offer_timeout=1800)
async def test_no_offer_message_carries_a_phone(chat: ChatHarness) -> None:
    first, second = [await chat.person(v, f"v{v}") for v in VOLUNTEERS]
    third = await chat.person(STATION_VOLUNTEER, "张伟")
    order_id = await _order_for_a_neighbour(chat.sb.user(800830, "李阿姨", "zh-CN"))

    await first.press(await first.expect(f"新订单 #{order_id}"), "不接")  # the next wave
    await second.expect(f"新订单 #{order_id}")
    chat.clock.advance(minutes=31)
    await chat.app.sweeper.run_once()  # the second wave timed out: the third
    await third.press(await third.expect(f"新订单 #{order_id}"), "✅ 接单")
    await third.expect("上门信息")
    await third.command("release", f"{order_id} 家里临时有事")  # given back: offered again
    await third.expect(f"订单 #{order_id} 已交回")
    await chat.idle()

    offers = [m for v in (first, second, third) for m in _offers(await _seen(v))]
    assert len(offers) >= 3
    for message in offers:
        assert not PHONE.search(message.text or ""), message.text
    for never_had_it in (first, second):  # not in any message at all, offer or not
        for message in await _seen(never_had_it):
            assert not PHONE.search(message.text or ""), message.text


async def test_who_has_the_order_sees_the_phones_given(chat: ChatHarness) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    order_id = await _order_for_a_neighbour(chat.sb.user(800831, "李阿姨", "zh-CN"))
    offer = await volunteer.expect(f"新订单 #{order_id}")
    assert not PHONE.search(offer.text or "")
    await volunteer.press(offer, "✅ 接单")
    won = await volunteer.expect(f"您已接下订单 #{order_id}")
    assert f"居民电话：{ORDERER}" in (won.text or "") and TYPED in (won.text or "")
    visit = await volunteer.expect("上门信息")
    assert f"为：王秀兰（邻居），电话 {BENEFICIARY}" in (visit.text or "")


async def test_no_phone_given_means_no_phone_line(chat: ChatHarness) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    resident = chat.sb.user(800832, "钱大爷", "zh-CN")
    order_id = await _order_for_a_neighbour(resident, phone=False)
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    won = await volunteer.expect(f"您已接下订单 #{order_id}")
    assert "电话" not in (won.text or "")
    visit = await volunteer.expect("上门信息")
    assert "为：王秀兰（邻居）" in (visit.text or "") and "电话" not in (visit.text or "")
    await volunteer.command("tasks")
    listed = await volunteer.expect("我的任务")
    assert f"#{order_id}" in (listed.text or "") and "电话" not in (listed.text or "")
