"""Voice orders in chat: a voice message answers the order's free-text steps and is
kept as the order's voice note, played to the coordinator on `/order n` and to the
volunteer who accepts; a voice message on the menu starts an order asked only by
buttons (category, service, place), then the usual confirm."""

from __future__ import annotations

import re

from tests.flows.powers import BARBERS, POINT_COORDINATOR
from tests.harness import ChatHarness, HarnessUser


def _order_id(text: str | None) -> int:
    found = re.search(r"#(\d+)", text or "")
    assert found is not None, text
    return int(found.group(1))


async def _accept_and_hear(
    chat: ChatHarness, volunteer: HarnessUser, order_id: int, notes: int
) -> None:
    offer = await volunteer.expect(f"新订单 #{order_id}")
    await volunteer.press(offer, "✅ 接单")
    await volunteer.expect("您已接下订单")
    for n in range(1, notes + 1):
        played = await volunteer.expect(
            lambda m, n=n: m.voice is not None and f"（{n}/" in (m.caption or "")
        )
        assert f"订单 #{order_id}" in (played.caption or "")


async def test_voice_at_details_and_address_is_kept_and_played(chat: ChatHarness) -> None:
    volunteer = await chat.person(BARBERS[0], "王秀英")
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    resident = chat.sb.user(800770, "钱奶奶", "zh-CN")
    await resident.command("start", "site_11")
    await resident.command("order")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.expect("要说明")
    await resident.send_voice(b"details-said", duration=4)  # instead of typing
    await resident.send("🏠 大桥社区新时代文明实践站")
    await resident.press(await resident.expect("到站里来"), "🏠 上门")
    await resident.expect("门牌")
    await resident.send_voice(b"house-said", duration=3)  # the address, said
    await resident.press(await resident.expect("什么时候"), "明天")
    await resident.press(await resident.expect("哪个时段"), "上午")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.share_contact("13800001234")
    await resident.press(await resident.expect("请确认"), "✅ 确认")
    order_id = _order_id((await resident.expect("已提交订单")).text)
    notes = await chat.app.router.services.voice.of_order(order_id)
    assert [n.step for n in notes] == ["details", "address"]

    await _accept_and_hear(chat, volunteer, order_id, 2)
    await coordinator.command("order", str(order_id))
    await coordinator.expect("🎙 语音留言：2 条")  # on the card, the notes follow
    heard = [await coordinator.expect(lambda m: m.voice is not None) for _ in range(1)]
    assert "（1/2）" in (heard[0].caption or "")
    await coordinator.expect(lambda m: m.voice is not None and "（2/2）" in (m.caption or ""))
    assert await chat.sb.violations() == []


async def test_a_voice_on_the_menu_starts_an_order_by_buttons(chat: ChatHarness) -> None:
    volunteer = await chat.person(BARBERS[0], "王秀英")
    resident = chat.sb.user(800771, "孙爷爷", "zh-CN")
    await resident.command("start", "site_11")
    await resident.expect("您好")
    await resident.send_voice(b"please-cut-my-hair", duration=6)
    await resident.expect("收到您的语音")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.send("🏠 大桥社区新时代文明实践站")  # the place: nothing else is asked
    summary = await resident.expect("请确认")
    await resident.press(summary, "✅ 确认")
    order_id = _order_id((await resident.expect("已提交订单")).text)
    notes = await chat.app.router.services.voice.of_order(order_id)
    assert [n.step for n in notes] == ["menu"]
    order = await chat.order(order_id)
    assert order.when.by  # this week, the voice says when
    await _accept_and_hear(chat, volunteer, order_id, 1)


async def test_a_voice_orders_change_offers_only_its_buttons(chat: ChatHarness) -> None:
    resident = chat.sb.user(800772, "Zhou", "en")
    await resident.command("start", "site_11")
    await resident.expect(lambda m: bool(m.buttons))
    await resident.send_voice(b"en-voice", duration=2)
    await resident.expect("Got your voice message")
    category = await resident.expect("What kind of service")
    await resident.press(category, category.buttons[0][0].text)
    service = await resident.expect(lambda m: bool(m.buttons) and m.seq > category.seq)
    await resident.press(service, service.buttons[0][0].text)
    await resident.send("📋 Choose from the list")
    station = await resident.expect(lambda m: bool(m.buttons) and m.seq > service.seq)
    await resident.press(station, station.buttons[0][0].text)
    point = await resident.expect(lambda m: bool(m.buttons) and m.seq > station.seq)
    await resident.press(point, point.buttons[0][0].text)
    summary = await resident.expect(
        lambda m: any(b.text == "✏️ Change" for r in m.buttons for b in r)
    )
    await resident.press(summary, "✏️ Change")
    change = await resident.expect("What would you like to change?")
    labels = [b.text for row in change.buttons for b in row]
    assert "Service" in labels and "Place" in labels
    assert len([b for b in labels if "Back" not in b and "Cancel" not in b]) == 2, labels
