"""Complaints and reopening, orders nobody took, and the coordinators' notice that
follows the order (issue 12, "Complaints and reopening"), played in chat."""

from __future__ import annotations

import logging

import pytest

from bot.demo import COORDINATOR, VOLUNTEERS, Cast, dispatch_and_accept, place_order
from domain import notes as codec
from domain.errors import Refused
from domain.models import OfferStatus, OrderStatus
from sandbox import SimUser
from tests.harness import ADMIN, Call, ChatHarness, faults

STATION_COORDINATOR, CENTER_COORDINATOR = 900102, 900101
POINT_PHONE = "0571-8888-1011"  # data/demo-county.yaml, site_phones of point 11


async def _cast(chat: ChatHarness, resident: int, name: str) -> Cast:
    return Cast(
        chat.sb.user(resident, name, "zh-CN"),
        await chat.person(VOLUNTEERS[0], "王秀英"),
        await chat.person(VOLUNTEERS[1], "李建国"),
        await chat.person(COORDINATOR, "冯雪"),
    )


async def _finish(volunteer: SimUser, order_id: int, resident: SimUser) -> None:
    await volunteer.command("tasks")
    await volunteer.press(await volunteer.expect("我的任务"), f"✅ 完成 #{order_id}")
    await volunteer.press(await volunteer.expect("用了多长时间"), "1")
    await volunteer.expect("已完成")
    # The visit (handlers/visits.py) asks whether it happened before the stars.
    await resident.press(await resident.expect("上门服务了吗"), "✅ 是的，来过了")


async def _sweep(chat: ChatHarness, **advance: float) -> int:
    chat.clock.advance(**advance)
    return await chat.app.sweeper.run_once()


async def test_the_rating_buttons_carry_words(chat: ChatHarness) -> None:
    cast = await _cast(chat, 800801, "孔奶奶")
    order_id = await place_order(cast.resident)
    await dispatch_and_accept(cast, order_id)
    await _finish(cast.first, order_id, cast.resident)
    ask = await cast.resident.expect("打分")
    assert [b.text for b in ask.button_list] == [
        "★ 很不满意",
        "★★ 不满意",
        "★★★ 一般",
        "★★★★ 满意",
        "★★★★★ 非常满意",
    ]
    en = chat.app.router.services.tr
    assert en.text("en", "rate-button-1") == "★ Very unhappy"
    assert en.text("en", "rate-button-5") == "★★★★★ Very happy"


async def test_a_low_rating_alerts_the_coordinators_and_reopens_once_without_that_volunteer(
    chat: ChatHarness,
) -> None:
    cast = await _cast(chat, 800802, "严奶奶")
    station = await chat.person(STATION_COORDINATOR, "钱军")
    order_id = await place_order(cast.resident)
    await dispatch_and_accept(cast, order_id)
    await _finish(cast.first, order_id, cast.resident)
    await cast.coordinator.catch_up()
    await station.catch_up()
    await cast.resident.press(await cast.resident.expect("打分"), "★ 很不满意")

    for coordinator in (cast.coordinator, station):  # everyone over the order's site
        alert = (await coordinator.expect("投诉：订单")).text or ""
        assert f"#{order_id}" in alert and "★" in alert
        assert "评价：★（1 星）" in alert  # the order's card, as /order n shows it
        assert "居民投诉（评分低）" in alert  # and its history
        assert "记录：" in alert
    offered = await cast.resident.expect("交给实践站的负责人")
    await cast.resident.expect("还有什么想说的")  # the comment still comes, as before
    await cast.resident.press(offered, "🔁 请另一位志愿者重新服务")
    await cast.coordinator.expect("因投诉由居民申请重新派单")

    # Offered again, and never to the volunteer complained about.
    again = await cast.second.expect(f"新订单 #{order_id}")
    order = await chat.order(order_id)
    assert order.status is OrderStatus.OFFERED and order.volunteer_id is None
    async with chat.app.db.transaction() as tx:
        offers = {o.volunteer_id: o.status for o in await tx.offers.for_order(order_id)}
        events = await tx.orders.events(order_id)
    assert offers[VOLUNTEERS[0]] is OfferStatus.DECLINED
    assert offers[VOLUNTEERS[1]] is OfferStatus.OPEN
    redo = [e for e in events if e.note == codec.redone(VOLUNTEERS[0])]
    assert [(e.from_status, e.to_status) for e in redo] == [(OrderStatus.RATED, OrderStatus.NEW)]

    # Once: the button is gone, and the domain refuses a second redo all the same.
    assert not (await cast.resident.expect("已重新派单")).buttons
    with pytest.raises(Refused) as refused:
        await chat.app.router.services.complaints.reopen(order_id, cast.resident.id)
    assert refused.value.reason == "complaint-reopened-once"

    # The second visit goes badly too: the coordinators hear of it, no second redo.
    await cast.second.press(again, "✅ 接单")
    await _finish(cast.second, order_id, cast.resident)
    await cast.resident.press(await cast.resident.expect("打分"), "★★ 不满意")
    told = await cast.resident.expect("他们会联系您")
    assert not told.buttons
    assert "★★" in ((await cast.coordinator.expect("投诉：订单")).text or "")
    assert (await chat.order(order_id)).status is OrderStatus.RATED


async def test_a_comment_marked_as_a_complaint_alerts_with_the_comment(chat: ChatHarness) -> None:
    cast = await _cast(chat, 800803, "华大爷")
    order_id = await place_order(cast.resident)
    await dispatch_and_accept(cast, order_id)
    await _finish(cast.first, order_id, cast.resident)
    await cast.resident.press(await cast.resident.expect("打分"), "★★★ 一般")
    await cast.resident.expect("还有什么想说的")
    await cast.resident.send("师傅态度不好，说话很冲")
    recorded = await cast.resident.expect("意见已记录")
    await cast.coordinator.catch_up()
    await cast.resident.press(recorded, "⚠️ 这是投诉")
    alert = (await cast.coordinator.expect("标为投诉")).text or ""
    assert "居民意见：师傅态度不好，说话很冲" in alert and f"#{order_id}" in alert
    assert "居民投诉（意见）" in alert
    await cast.resident.expect(lambda m: "交给实践站的负责人" in (m.text or "") and bool(m.buttons))
    async with chat.app.db.transaction() as tx:
        filed = await tx.complaints.for_order(order_id)
    assert [(c.cause, c.volunteer_id) for c in filed] == [("comment", VOLUNTEERS[0])]


async def test_a_good_rating_offers_no_complaint_and_no_alert(chat: ChatHarness) -> None:
    cast = await _cast(chat, 800804, "金阿姨")
    order_id = await place_order(cast.resident)
    await dispatch_and_accept(cast, order_id)
    await _finish(cast.first, order_id, cast.resident)
    await cast.resident.press(await cast.resident.expect("打分"), "★★★★ 满意")
    await cast.resident.expect("还有什么想说的")
    await cast.resident.send("很好")
    await cast.resident.expect("意见已记录")
    await chat.idle()
    async with chat.app.db.transaction() as tx:
        assert await tx.complaints.for_order(order_id) == []
    texts = [m.text or "" for m in await cast.coordinator.transcript()]
    assert not any("投诉" in t for t in texts)


@pytest.mark.settings(dispatch_wave_size=2, escalation_deadline=3600)
async def test_an_order_nobody_takes_is_not_forgotten(chat: ChatHarness) -> None:
    # Nobody serving 乡风文明 started the bot: nobody can be offered anything.
    point = await chat.person(COORDINATOR, "冯雪")
    await chat.person(STATION_COORDINATOR, "钱军")
    center = await chat.person(CENTER_COORDINATOR, "高敏")
    admin = await chat.person(ADMIN, "Admin", "en")
    keeper = chat.sb.user(800805, "童奶奶", "zh-CN")
    canceller = chat.sb.user(800806, "窦大爷", "zh-CN")
    kept, dropped = await place_order(keeper), await place_order(canceller)
    await point.expect("督办")  # no candidates: straight to the point's coordinators
    await _sweep(chat, minutes=61)  # the station
    await _sweep(chat, minutes=61)  # the center
    assert (await chat.order(kept)).escalation == 3
    await _sweep(chat, minutes=61)  # the center's time is up too

    for resident, order_id in ((keeper, kept), (canceller, dropped)):
        delayed = await resident.expect("暂时还没有志愿者接单")
        assert f"#{order_id}" in (delayed.text or "")
        assert POINT_PHONE in (delayed.text or "") and "大桥社区" in (delayed.text or "")
        assert [b.text for b in delayed.button_list] == ["⏳ 继续等待", "✖️ 取消订单"]
    await keeper.press(keeper.last_message_with_buttons, "⏳ 继续等待")
    await keeper.expect(f"继续为订单 #{kept} 寻找志愿者")
    await canceller.press(canceller.last_message_with_buttons, "✖️ 取消订单")
    await canceller.expect(f"订单 #{dropped}")
    assert (await chat.order(dropped)).status is OrderStatus.CANCELLED
    async with chat.app.db.transaction() as tx:
        codes = [codec.decode(e.note) for e in await tx.orders.events(kept)]
    assert [n.code for n in codes if n and n.code in (codec.DELAYED, codec.KEPT_WAITING)] == [
        codec.DELAYED,
        codec.KEPT_WAITING,
    ]

    await chat.idle()
    notices = {
        (m.text or "").split("：", 1)[0]: m.text or ""
        for m in await point.transcript()
        if (m.text or "").startswith("新订单 #")
    }
    # Kept waiting, with nobody to ask: the fresh round went straight to the point.
    assert "状态：无人接单，已上报实践站" in notices[f"新订单 #{kept}"]
    assert "状态：已取消" in notices[f"新订单 #{dropped}"]

    # The next morning (09:00 in the county) the center gets the list; so do the admins.
    await center.catch_up()
    # Kept waiting, it went round the levels again overnight, and was delayed again.
    for _ in range(16):
        await _sweep(chat, hours=1)
    assert "暂时还没有志愿者接单" in ((await keeper.expect("暂时还没有")).text or "")
    listed = (await center.expect("今日无人接单的订单")).text or ""
    assert f"#{kept}" in listed and f"#{dropped}" not in listed
    assert f"#{kept}" in ((await admin.expect("Orders nobody has taken")).text or "")
    # And again the day after, while it is still waiting.
    await _sweep(chat, hours=24)
    assert f"#{kept}" in ((await center.expect("今日无人接单的订单")).text or "")


async def test_the_coordinators_notice_follows_the_order(chat: ChatHarness) -> None:
    cast = await _cast(chat, 800807, "葛奶奶")
    order_id = await place_order(cast.resident)

    async def shown() -> str:  # the notice as it stands now: one message, edited
        await chat.idle()
        notices = [
            m.text or ""
            for m in await cast.coordinator.transcript()
            if (m.text or "").startswith(f"新订单 #{order_id}")
        ]
        assert len(notices) == 1, notices
        return notices[0]

    assert "状态：已通知 2 位志愿者，等待接单" in await shown()  # sent so: never 派单中
    await dispatch_and_accept(cast, order_id)
    assert "状态：王秀英 已接单" in await shown()
    await _finish(cast.first, order_id, cast.resident)
    assert "状态：已完成（1 小时）" in await shown()
    await cast.resident.press(await cast.resident.expect("打分"), "★★★★ 满意")
    text = await shown()
    assert "状态：已评价 ★★★★" in text and "派单中" not in text
    assert text.startswith(f"新订单 #{order_id}")


async def test_a_notice_that_cannot_be_edited_is_logged_by_type_and_ignored(
    chat: ChatHarness, caplog: pytest.LogCaptureFixture
) -> None:
    cast = await _cast(chat, 800808, "邹大爷")

    def refuse(call: Call) -> None:
        if call.method == "edit" and call.chat_id == cast.coordinator.id:
            raise faults.refusal(400, "Bad Request: message to edit not found")

    order_id = await place_order(cast.resident)
    chat.messenger.handler = refuse
    with caplog.at_level(logging.INFO, logger="handlers.order_notices"):
        await dispatch_and_accept(cast, order_id)  # the resident is told all the same
        await chat.idle()  # the notice is edited after the resident is told
    chat.messenger.handler = None
    lines = [r.getMessage() for r in caplog.records if r.name == "handlers.order_notices"]
    assert lines and all("BadRequest" in line for line in lines)
    assert not any("not found" in line for line in lines)
    assert (await chat.order(order_id)).status is OrderStatus.ACCEPTED
