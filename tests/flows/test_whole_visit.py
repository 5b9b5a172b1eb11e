"""The whole visit across the features of issue 12, as one product: an order for a
neighbour (their name, relation and phone; a pin for the house), accepted, the
arrival time, the reminder with the house, On my way (the coordinators' notice
says so), the relayed chat both ways, check-in at the pin, done, "did it happen?"
yes, the stars, and the note the next volunteer serving the same neighbour sees,
though someone else ordered for her. `play_whole_visit` is replayed over each
transport by tests/e2e/test_smoke.py; the rest are the edges around it, once.

The harness starts on Friday 20 November 2026, 17:00 in the county (09:00 UTC).
"""

from __future__ import annotations

import re
from typing import Protocol

from bot.app import App
from bot.demo import VOLUNTEERS, dispatch_and_accept, place_order
from domain.clock import ManualClock
from domain.models import Order, OrderStatus
from domain.visits import REMIND
from sandbox import SandboxClient, SimUser
from sandbox.transcript import ChatMessage
from tests.flows import test_complaints as complaints
from tests.flows.test_relay import assert_no_contact_details
from tests.harness import ChatHarness, chat_harness

COORDINATOR = 900103  # of point 11 (大桥社区)
POINT = (30.0610, 119.9550)  # point 11's place
PIN = (30.0640, 119.9550)  # the neighbour's house: about 330 m north, beyond the radius
NEIGHBOUR = "王奶奶"
NEIGHBOUR_PHONE = "13900007777"  # nobody here has it: she is known by it only
ORDERER, ORDERER_PHONE = 800811, "13800004321"
OTHER_ORDERER = 800812  # her grandson, who orders the next visit
NOTE = "耳背，请大声敲门"


class Stage(Protocol):
    """What both the in-process harness and the e2e stack offer a play."""

    sb: SandboxClient
    clock: ManualClock
    app: App

    async def person(self, user_id: int, name: str, lang: str = ...) -> SimUser: ...

    async def order(self, order_id: int) -> Order: ...


def _word(message: ChatMessage) -> str:
    found = re.search(r"「(.+?)」", message.text or "")
    assert found is not None, message.text
    return found.group(1)


def _text(message: ChatMessage) -> str:
    return message.text or ""


async def order_for_neighbour(
    orderer: SimUser, house: str | tuple[float, float], phone: str | None = ORDERER_PHONE
) -> int:
    """爱心义剪 at home for 王奶奶 (邻居), tomorrow morning; `house` typed or pinned."""
    await orderer.command("start", "site_11")
    await orderer.expect("您好")
    await orderer.command("order")
    await orderer.press(await orderer.expect("哪一类服务"), "乡风文明")
    await orderer.press(await orderer.expect("具体服务"), "爱心义剪")
    await orderer.press(await orderer.expect("要说明"), "跳过")
    await orderer.send("🏠 大桥社区新时代文明实践站")
    await orderer.press(await orderer.expect("到站里来"), "🏠 上门")
    await orderer.expect("门牌")
    if isinstance(house, str):
        await orderer.send(house)
    else:
        await orderer.share_location(*house)
    await orderer.press(await orderer.expect("什么时候"), "明天")
    await orderer.press(await orderer.expect("哪个时段"), "上午")
    await orderer.press(await orderer.expect("为谁"), "👵 为家人或邻居")
    await orderer.expect("对方的姓名")
    await orderer.send(NEIGHBOUR)
    await orderer.press(await orderer.expect("对方是您的什么人"), "邻居")
    await orderer.expect("对方的手机号")
    await orderer.send("139 0000 7777")
    await orderer.expect("联系电话")
    if phone is None:
        await orderer.send("跳过")
    else:
        await orderer.share_contact(phone)
    summary = await orderer.expect("请确认")
    assert f"为：{NEIGHBOUR}（邻居），电话 {NEIGHBOUR_PHONE}" in _text(summary)
    await orderer.press(summary, "✅ 确认")
    found = re.search(r"#(\d+)", _text(await orderer.expect("已提交订单")))
    assert found is not None
    return int(found.group(1))


def _relayed(messages: list[ChatMessage]) -> list[ChatMessage]:
    """Every message the relay passed on, from either side."""
    return [m for m in messages if m.who == "bot" and "💬 订单 #" in f"{m.text}{m.caption}"]


async def play_whole_visit(chat: Stage) -> None:
    """The whole visit, end to end (see the module's docstring)."""
    coordinator = await chat.person(COORDINATOR, "冯雪")
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    orderer = chat.sb.user(ORDERER, "李阿姨", "zh-CN", username="li_ayi")
    order_id = await order_for_neighbour(orderer, PIN)
    assert "状态：" in _text(await coordinator.expect(f"新订单 #{order_id}"))

    # Accept: the task names whom to call; the code word; when will you arrive?
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    won = await volunteer.expect("您已接下订单")
    house = await volunteer.expect("上门信息")
    assert f"为：{NEIGHBOUR}（邻居），电话 {NEIGHBOUR_PHONE}" in _text(house)
    asked = await volunteer.expect("您预计什么时候到")
    word = _word(asked)
    await orderer.expect("接下了您的订单")
    await volunteer.press(asked, "明天上午")
    await volunteer.expect("您预计 明天 11月21日（周六）上午 到达")
    assert _word(await orderer.expect("预计 明天 11月21日（周六）上午 上门")) == word

    # The reminder, half an hour before, carries the house (the pin) and whom for.
    chat.clock.advance(hours=15, minutes=31)  # 08:31 tomorrow in the county
    assert await chat.app.sweeper.run_once() >= 1
    reminder = await volunteer.expect("⏰")
    assert f"位置：{PIN[0]:.5f}, {PIN[1]:.5f}" in _text(reminder)
    assert f"为：{NEIGHBOUR}（邻居）" in _text(reminder) and word in _text(reminder)
    await volunteer.press(reminder, "🚶 出发了")
    await volunteer.expect("已告诉居民您出发了")
    assert _word(await orderer.expect("出发了")) == word
    await coordinator.expect(
        lambda m: _text(m).startswith(f"新订单 #{order_id}") and "王秀英 已出发" in _text(m)
    )

    # The relayed chat, both ways, with contact details typed on both sides.
    await orderer.send(f"我是她邻居，电话 {ORDERER_PHONE}，微信 @li_ayi，到了按门铃")
    await orderer.expect("✅ 已转给志愿者")
    got = await volunteer.expect(f"💬 订单 #{order_id} · 居民")
    assert "按门铃" in _text(got) and ORDERER_PHONE not in _text(got)
    await volunteer.send("好的，十分钟到，急事打 139-0000-5678 或 t.me/wang_xiuying")
    await volunteer.expect("✅ 已转给居民")
    answer = await orderer.expect(f"💬 订单 #{order_id} · 志愿者 王秀英")
    assert "十分钟到" in _text(answer)

    # Check-in at the door: the pin is the place (the point is 330 m away).
    await volunteer.press(won, "📍 到门口签到")
    await volunteer.expect("到了居民门口")
    await volunteer.share_location(PIN[0] + 0.0003, PIN[1])  # about 33 m
    await volunteer.expect(f"订单 #{order_id} 已签到")
    await orderer.expect(f"志愿者已到门口签到（订单 #{order_id}")

    # The coordinator's card shows the visit.
    await coordinator.command("order", str(order_id))
    card = _text(await coordinator.expect(f"订单 #{order_id}"))
    for line in (
        "🕘 预计到达：今天 11月21日（周六）上午",
        "🚶 志愿者出发：",
        f"🔑 上门暗号：「{word}」",
        "签到：",
    ):
        assert line in card, card

    # The coordinator reads the thread as each side saw it: masked too.
    await coordinator.command("thread", str(order_id))
    thread = await coordinator.expect(f"订单 #{order_id} 的对话")
    assert "按门铃" in _text(thread) and "十分钟到" in _text(thread)
    assert_no_contact_details([thread], ORDERER_PHONE, "li_ayi", "wang_xiuying", "5678")

    # An hour at the door, done, a note; "did it happen?" yes; the stars.
    chat.clock.advance(hours=1)
    await volunteer.press(won, f"✅ 完成 #{order_id}")
    await volunteer.press(await volunteer.expect("用了多长时间"), "1")
    await volunteer.expect("已完成")
    await volunteer.send(NOTE)
    await volunteer.expect("提醒已记下")
    await orderer.press(await orderer.expect("上门服务了吗"), "✅ 是的，来过了")
    await orderer.press(await orderer.expect("打分"), "★★★★★ 非常满意")
    await orderer.expect("还有什么想说的")
    await orderer.send("准时，暗号也对上了")
    await orderer.expect("意见已记录")
    order = await chat.order(order_id)
    assert (order.status, order.rating, order.hours) == (OrderStatus.RATED, 5, 1.0)

    # Her grandson orders the next visit (a typed house); another volunteer takes it
    # and reads the note: it follows 王奶奶 (her phone), not whoever ordered.
    grandson = chat.sb.user(OTHER_ORDERER, "小李", "zh-CN")
    next_id = await order_for_neighbour(grandson, "7号楼3单元101", phone="13800008888")
    await second.press(await second.expect(f"新订单 #{next_id}"), "✅ 接单")
    asked = await second.expect("您预计什么时候到")
    assert "之前上门的志愿者留言" in _text(asked) and NOTE in _text(asked)
    await second.command("tasks")
    tasks = _text(await second.expect("我的任务"))
    assert "门牌：7号楼3单元101" in tasks and f"电话 {NEIGHBOUR_PHONE}" in tasks

    # Not one relayed message carried a phone number or a username.
    for side in (orderer, volunteer):
        relayed = _relayed(await side.transcript())
        assert len(relayed) == 1
        assert_no_contact_details(relayed, ORDERER_PHONE, "li_ayi", "wang_xiuying", "5678")


async def test_the_whole_visit_for_a_neighbour(chat: ChatHarness) -> None:
    await play_whole_visit(chat)


async def test_the_whole_visit_on_postgresql_and_redis(service_chat: ChatHarness) -> None:
    await play_whole_visit(service_chat)


async def test_a_missed_visit_and_on_the_way_show_in_the_coordinators_notice(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    orderer = chat.sb.user(ORDERER, "李阿姨", "zh-CN")
    order_id = await order_for_neighbour(orderer, "5号楼1单元402")
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    won = await volunteer.expect("您已接下订单")
    await volunteer.press(await volunteer.expect("您预计什么时候到"), "明天上午")
    await volunteer.press(
        await volunteer.expect("您预计 明天 11月21日（周六）上午 到达"), "🚶 出发了"
    )
    on_way = await volunteer.expect("已告诉居民您出发了")
    assert "门牌：5号楼1单元402" in _text(on_way)  # the house, as they set out

    async def shown() -> str:  # the notice as it stands now: one message, edited
        await chat.idle()
        notices = [
            _text(m)
            for m in await coordinator.transcript()
            if _text(m).startswith(f"新订单 #{order_id}")
        ]
        assert len(notices) == 1, notices
        return notices[0]

    assert "状态：王秀英 已出发，正在上门" in await shown()
    await volunteer.press(won, f"✅ 完成 #{order_id}")
    await volunteer.press(await volunteer.expect("用了多长时间"), "1")
    await volunteer.expect("已完成")
    await orderer.press(await orderer.expect("上门服务了吗"), "❌ 没有来")
    await orderer.expect(f"订单 #{order_id} 已重新派单")
    assert "状态：居民说志愿者王秀英没有来，重新派单" in await shown()
    order = await chat.order(order_id)  # back in dispatch, without that volunteer
    assert order.volunteer_id is None and order.status in (OrderStatus.NEW, OrderStatus.OFFERED)


async def test_a_note_about_a_neighbour_is_not_shown_on_the_orderers_own_order(
    chat: ChatHarness,
) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    orderer = chat.sb.user(ORDERER, "李阿姨", "zh-CN")
    order_id = await order_for_neighbour(orderer, "5号楼1单元402")
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    await volunteer.expect("您预计什么时候到")
    await chat.app.router.services.desk.finish(order_id, VOLUNTEERS[0], 1.0)
    await chat.app.router.services.visits.leave_note(order_id, VOLUNTEERS[0], NOTE)
    async with chat.app.db.read() as tx:
        own = await tx.visits.notes_about([f"p:{ORDERER}", f"t:{ORDERER_PHONE}"])
        hers = await tx.visits.notes_about([f"t:{NEIGHBOUR_PHONE}"])
        mine = await tx.visits.notes_for(ORDERER)  # whose data: the orderer told us
    assert own == [] and [n.text for n in hers] == [NOTE] and [n.text for n in mine] == [NOTE]


async def test_a_restart_mid_visit_keeps_the_reminder_the_code_word_and_the_relay(
    chat: ChatHarness,
) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    orderer = chat.sb.user(ORDERER, "李阿姨", "zh-CN")
    order_id = await order_for_neighbour(orderer, "5号楼1单元402")
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    asked = await volunteer.expect("您预计什么时候到")
    word = _word(asked)
    await volunteer.press(asked, "明天上午")
    await volunteer.expect("您预计 明天 11月21日（周六）上午 到达")
    await chat.idle()
    settings = chat.app.settings
    # Another process on the same database: the reminder is a durable deadline.
    async with chat_harness(settings, clock=chat.clock) as again:
        async with again.app.db.read() as tx:
            assert len(await tx.deadlines.pending(REMIND, order_id)) == 1
        volunteer2 = await again.person(VOLUNTEERS[0], "王秀英")
        orderer2 = await again.person(ORDERER, "李阿姨")
        again.clock.advance(hours=15, minutes=31)  # 08:31 tomorrow
        # Fired by this pass, or by the new process's own background sweeper, whose
        # first pass may run after the clock moved on a loaded machine: either way the
        # second process sends it.
        await again.app.sweeper.run_once()
        reminder = await volunteer2.expect("⏰")
        assert word in _text(reminder) and "门牌：5号楼1单元402" in _text(reminder)
        await volunteer2.press(reminder, "🚶 出发了")
        assert _word(await orderer2.expect("出发了")) == word
    # And once more, after On my way: the relay, done and "did it happen?" go on.
    async with chat_harness(settings, clock=chat.clock) as third:
        volunteer3 = await third.person(VOLUNTEERS[0], "王秀英")
        orderer3 = await third.person(ORDERER, "李阿姨")
        await orderer3.send("门没锁，直接进来")
        await volunteer3.expect("门没锁")
        await volunteer3.send("好的")
        await orderer3.expect(lambda m: _text(m).startswith("💬") and "好的" in _text(m))
        await volunteer3.command("tasks")
        await volunteer3.press(await volunteer3.expect("我的任务"), f"✅ 完成 #{order_id}")
        await volunteer3.press(await volunteer3.expect("用了多长时间"), "1")
        await volunteer3.expect("已完成")
        await orderer3.press(await orderer3.expect("上门服务了吗"), "✅ 是的，来过了")
        await orderer3.expect("打分")
        async with third.app.db.read() as tx:
            visit = await tx.visits.get(order_id)
            texts = [m.item.text for m in await tx.relay.thread(order_id)]
    assert visit is not None and visit.on_way_at is not None and visit.happened is True
    assert visit.code_word == word and texts == ["门没锁，直接进来", "好的"]
    assert (await chat.order(order_id)).status is OrderStatus.DONE


async def test_a_complaints_redo_stays_said_in_the_notice_after_the_new_wave(
    chat: ChatHarness,
) -> None:
    cast = await complaints._cast(chat, 800813, "严奶奶")
    order_id = await place_order(cast.resident)
    await dispatch_and_accept(cast, order_id)
    await complaints._finish(cast.first, order_id, cast.resident)
    await cast.resident.press(await cast.resident.expect("打分"), "★ 很不满意")
    offered = await cast.resident.expect("交给实践站的负责人")
    await cast.resident.press(offered, "🔁 请另一位志愿者重新服务")
    await cast.second.expect(f"新订单 #{order_id}")  # the new wave went out
    await chat.idle()
    notices = [
        _text(m)
        for m in await cast.coordinator.transcript()
        if _text(m).startswith(f"新订单 #{order_id}")
    ]
    assert len(notices) == 1 and "状态：居民投诉，重新派单" in notices[0], notices
