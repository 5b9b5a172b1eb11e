"""The visit, in chat: arrival time, the reminder with On my way, the safety code word,
Done on the accepted-order message, "did the visit happen?", and notes for the next
volunteer. Time moves with the ManualClock; deadlines fire when the sweeper runs.

The harness starts on Friday 20 November 2026, 17:00 in the county (09:00 UTC).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.demo import COORDINATOR, VOLUNTEERS, place_order
from domain import notes
from domain.clock import ManualClock
from domain.models import OrderStatus
from domain.visit_words import WORDS
from domain.visits import REMIND
from sandbox.transcript import ChatMessage
from tests.flows.conftest import _settings
from tests.harness import ChatHarness, HarnessUser, chat_harness
from tests.harness.chat import START

RESIDENT = 800001


def _word(message: ChatMessage) -> str:
    found = re.search(r"「(.+?)」", message.text or "")
    assert found is not None, message.text
    return found.group(1)


async def _accepted(
    chat: ChatHarness, volunteer: HarnessUser, resident_id: int = RESIDENT
) -> tuple[int, HarnessUser]:
    """An order placed by the resident and accepted by `volunteer`; the resident."""
    resident = chat.sb.user(resident_id, "王阿姨", "zh-CN")
    order_id = await place_order(resident)
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    return order_id, resident


async def _sweep(chat: ChatHarness, **advance: float) -> int:
    chat.clock.advance(**advance)
    return await chat.app.sweeper.run_once()


async def test_eta_then_the_reminder_then_on_my_way_with_the_code_word(chat: ChatHarness) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    order_id, resident = await _accepted(chat, volunteer)
    won = await volunteer.expect("您已接下订单")
    assert won.find_button(f"✅ 完成 #{order_id}") is not None  # Done, no detour via /tasks
    asked = await volunteer.expect("您预计什么时候到")
    word = _word(asked)
    assert word in WORDS and "大桥社区" in (asked.text or "")
    # 17:00: this morning is over; this afternoon, tomorrow's and a typed time are offered.
    labels = [b.text for b in asked.button_list]
    assert labels == ["今天下午", "明天上午", "明天下午", "⌨️ 输入时间"]
    await resident.expect("接下了您的订单")

    await volunteer.press(asked, "明天上午")
    set_ = await volunteer.expect("您预计 明天 11月21日（周六）上午 到达")
    assert set_.message_id == asked.message_id and set_.find_button("🚶 出发了") is not None
    told = await resident.expect("预计 明天 11月21日（周六）上午 上门")
    assert "王秀英" in (told.text or "") and f"「{word}」" in (told.text or "")
    async with chat.app.db.transaction() as tx:
        due = await tx.deadlines.pending(REMIND, order_id)
    # 09:00 tomorrow in the county is 01:00 UTC; the reminder comes half an hour before.
    assert [d.due_at for d in due] == [START.replace(day=21, hour=0, minute=30)]

    await volunteer.catch_up()
    await _sweep(chat, hours=15, minutes=29)  # 08:29 tomorrow: not yet
    await chat.idle()
    assert not [m for m in await volunteer.transcript() if "⏰" in (m.text or "")]
    assert await _sweep(chat, minutes=2) == 1
    reminder = await volunteer.expect("⏰")
    assert "大桥社区新时代文明实践站" in (reminder.text or "") and word in (reminder.text or "")
    assert await _sweep(chat, minutes=30) == 0  # fired once

    await volunteer.press(reminder, "🚶 出发了")
    done = await volunteer.expect("已告诉居民您出发了")
    assert done.message_id == reminder.message_id and not done.buttons
    on_way = await resident.expect("出发了")
    assert "王秀英" in (on_way.text or "") and f"「{word}」" in (on_way.text or "")
    await volunteer.catch_up()
    await volunteer.press(set_, "🚶 出发了")  # the ETA answer's too: told once is enough
    answer = await volunteer.next_answer()
    assert answer.show_alert and "已经告诉过居民您出发了" in (answer.text or "")
    async with chat.app.db.transaction() as tx:
        visit = await tx.visits.get(order_id)
    assert visit is not None and visit.code_word == word and visit.on_way_at == chat.clock.now()


async def play_the_visit(chat: ChatHarness) -> None:
    """Accept -> arrival time -> the reminder -> On my way -> Done -> "did it happen?"
    yes -> rate: the whole visit, as tests/e2e replays it over each transport."""
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    await chat.person(VOLUNTEERS[1], "李建国")
    order_id, resident = await _accepted(chat, volunteer)
    won = await volunteer.expect("您已接下订单")
    asked = await volunteer.expect("您预计什么时候到")
    word = _word(asked)
    await volunteer.press(asked, "明天上午")
    await volunteer.expect("您预计 明天 11月21日（周六）上午 到达")
    assert _word(await resident.expect("预计 明天 11月21日（周六）上午 上门")) == word

    chat.clock.advance(hours=15, minutes=31)  # 08:31 tomorrow in the county
    assert await chat.app.sweeper.run_once() >= 1
    reminder = await volunteer.expect("⏰")
    await volunteer.press(reminder, "🚶 出发了")
    await volunteer.expect("已告诉居民您出发了")
    on_way = await resident.expect("出发了")
    assert "王秀英" in (on_way.text or "") and _word(on_way) == word

    await volunteer.press(won, f"✅ 完成 #{order_id}")
    await volunteer.press(await volunteer.expect("用了多长时间"), "1")
    await volunteer.expect("已完成")
    await volunteer.send("家里有狗，敲门前先打电话")
    await volunteer.expect("提醒已记下")
    await resident.press(await resident.expect("上门服务了吗"), "✅ 是的，来过了")
    await resident.press(await resident.expect("打分"), f"r:{order_id}:5")  # ★★★★★
    await resident.expect("还有什么想说的")
    await resident.send("准时，暗号也对上了")
    await resident.expect("意见已记录")
    order = await chat.order(order_id)
    assert (order.status, order.rating, order.hours) == (OrderStatus.RATED, 5, 1.0)
    async with chat.app.db.transaction() as tx:
        visit = await tx.visits.get(order_id)
        notes_left = await tx.visits.notes_for(RESIDENT)
    assert visit is not None and visit.code_word == word and visit.happened is True
    assert [n.text for n in notes_left] == ["家里有狗，敲门前先打电话"]


async def test_the_whole_visit(chat: ChatHarness) -> None:
    await play_the_visit(chat)


async def test_the_whole_visit_on_postgres_and_redis(service_chat: ChatHarness) -> None:
    await play_the_visit(service_chat)


async def test_a_typed_arrival_time_and_one_that_has_passed(chat: ChatHarness) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    order_id, resident = await _accepted(chat, volunteer)
    await volunteer.press(await volunteer.expect("您预计什么时候到"), "⌨️ 输入时间")
    await volunteer.expect("请输入预计到达时间")
    await volunteer.send("过一会儿")
    await volunteer.expect("没看懂这个时间")
    await volunteer.send("上午9点")  # 17:00 now: that has passed
    await volunteer.expect("这个时间已经过了")
    await volunteer.send("下午5点半")  # in half an hour: no reminder, On my way is right here
    set_ = await volunteer.expect("您预计 今天 11月20日（周五） 17:30 到达")
    told = await resident.expect("预计 今天 11月20日（周五） 17:30 上门")
    assert _word(told) == _word(set_)
    async with chat.app.db.transaction() as tx:
        assert await tx.deadlines.pending(REMIND, order_id) == []
    await volunteer.press(set_, "🚶 出发了")
    await resident.expect("出发了")


async def test_a_changed_arrival_leaves_one_reminder_and_a_released_task_none(
    chat: ChatHarness,
) -> None:
    # (Finishing through /tasks still works: tests/flows/test_loop.py plays it.)
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    order_id, _ = await _accepted(chat, volunteer)
    await volunteer.press(await volunteer.expect("您预计什么时候到"), "明天下午")
    set_ = await volunteer.expect("明天 11月21日（周六）下午 到达")
    async with chat.app.db.transaction() as tx:
        due = await tx.deadlines.pending(REMIND, order_id)
    assert [d.due_at for d in due] == [START.replace(day=21, hour=5, minute=30)]  # 13:30
    await volunteer.press(set_, "🕘 改时间")
    again = await volunteer.expect(lambda m: m.message_id == set_.message_id and m.is_edit)
    assert "您预计什么时候到" in (again.text or "")
    await volunteer.press(again, "明天上午")
    await volunteer.expect("明天 11月21日（周六）上午 到达")
    async with chat.app.db.transaction() as tx:
        due = await tx.deadlines.pending(REMIND, order_id)
    assert [d.due_at for d in due] == [START.replace(day=21, hour=0, minute=30)]  # 08:30

    await volunteer.command("release", f"{order_id} 临时有事")
    await volunteer.expect("已交回")
    await _sweep(chat, hours=16)
    await chat.idle()
    assert not [m for m in await volunteer.transcript() if "⏰" in (m.text or "")]


async def _finish(volunteer: HarnessUser, order_id: int) -> None:
    """Done on the accepted-order message, then one hour."""
    won = await volunteer.expect("您已接下订单")
    await volunteer.press(won, f"✅ 完成 #{order_id}")
    await volunteer.press(await volunteer.expect("用了多长时间"), "1")
    await volunteer.expect("已完成")


async def test_done_then_it_happened_then_the_rating_and_a_note_for_the_next(
    chat: ChatHarness,
) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    order_id, resident = await _accepted(chat, first)
    await _finish(first, order_id)
    await first.expect("给下一位上门的志愿者留个提醒吗")
    await first.send("电梯坏了，请走楼梯")
    await first.expect("提醒已记下")

    asked = await resident.expect("上门服务了吗")
    assert "王秀英" in (asked.text or "")
    await resident.press(asked, "✅ 是的，来过了")
    await resident.expect("谢谢确认")
    await resident.press(await resident.expect("打分"), f"r:{order_id}:5")  # ★★★★★
    await resident.expect("还有什么想说的")
    assert (await chat.order(order_id)).status is OrderStatus.RATED
    answered = next(m for m in await resident.transcript() if m.message_id == asked.message_id)
    assert "谢谢确认" in (answered.text or "") and not answered.buttons  # answered once

    # The next order of the same resident: whoever takes it reads the note.
    await second.catch_up()
    next_id = await place_order(resident)
    await second.press(await second.expect(f"新订单 #{next_id}"), "✅ 接单")
    eta = await second.expect("您预计什么时候到")
    assert "电梯坏了，请走楼梯" in (eta.text or "")
    assert "之前上门的志愿者留言" in (eta.text or "")

    # The note is about the resident's home: it is in their /mydata too.
    await resident.command("mydata")
    sent = await resident.expect(lambda m: m.document is not None)
    bot = chat.server.world.bot()
    assert sent.document is not None and bot is not None
    mine = bot.files[sent.document.file_id].data.decode("utf-8")
    assert "【志愿者给下一位上门者的提醒】" in mine and "电梯坏了，请走楼梯" in mine


async def test_the_note_is_optional(chat: ChatHarness) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    order_id, _ = await _accepted(chat, volunteer)
    await _finish(volunteer, order_id)
    await volunteer.press(await volunteer.expect("留个提醒"), "跳过")
    await volunteer.expect("好的，谢谢")
    async with chat.app.db.transaction() as tx:
        assert await tx.visits.notes_for(RESIDENT) == []


@pytest.mark.settings(dispatch_wave_size=2)
async def test_it_did_not_happen_reopens_the_order_and_tells_the_coordinators(
    chat: ChatHarness,
) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    coordinator = await chat.person(COORDINATOR, "冯雪")
    order_id, resident = await _accepted(chat, first)
    await _finish(first, order_id)
    await second.catch_up()
    await coordinator.catch_up()

    await resident.press(await resident.expect("上门服务了吗"), "❌ 没有来")
    await resident.expect("已重新派单")
    alert = await coordinator.expect("没有上门")
    assert f"#{order_id}" in (alert.text or "") and "王秀英" in (alert.text or "")
    await first.expect("时长已撤回")
    order = await chat.order(order_id)
    assert order.status is OrderStatus.OFFERED and order.volunteer_id is None
    assert order.hours is None
    async with chat.app.db.transaction() as tx:
        volunteer = await tx.volunteers.get(VOLUNTEERS[0])
        events = await tx.orders.events(order_id)
        offers = {o.volunteer_id: o.status for o in await tx.offers.for_order(order_id)}
    assert volunteer is not None and (volunteer.hours, volunteer.points) == (0.0, 0)
    missed = [e for e in events if e.note == notes.visit_missed()]
    assert [(e.from_status, e.to_status) for e in missed] == [(OrderStatus.DONE, OrderStatus.NEW)]
    # Offered again, never to the volunteer who did not come.
    offer = await second.expect(f"新订单 #{order_id}")
    assert offer.find_button("✅ 接单") is not None
    assert VOLUNTEERS[1] in offers
    # The rating reminder of the order that was done no longer fires.
    await _sweep(chat, hours=25)
    await chat.idle()
    assert not [m for m in await resident.transcript() if "打分" in (m.text or "")]


async def test_an_assigned_volunteer_is_asked_when_they_arrive(chat: ChatHarness) -> None:
    await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    coordinator = await chat.person(COORDINATOR, "冯雪")
    resident = chat.sb.user(RESIDENT, "王阿姨", "zh-CN")
    order_id = await place_order(resident)
    await coordinator.command("assign", f"{order_id} {VOLUNTEERS[1]}")
    told = await second.expect("协调员给您派了订单")
    assert told.find_button(f"✅ 完成 #{order_id}") is not None  # Done on the assigned task too
    asked = await second.expect("您预计什么时候到")
    await second.press(asked, "明天下午")
    await resident.expect("李建国预计 明天 11月21日（周六）下午 上门")


async def test_only_the_volunteer_of_the_order_moves_its_visit(chat: ChatHarness) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    order_id, _ = await _accepted(chat, volunteer)
    asked = await volunteer.expect("您预计什么时候到")
    await volunteer.command("release", f"{order_id} 临时有事")
    await volunteer.expect("已交回")
    await volunteer.catch_up()
    await volunteer.press(asked, "明天上午")
    answer = await volunteer.next_answer()
    assert answer.show_alert and answer.text == "这不是您的任务。"
    assert (await chat.order(order_id)).volunteer_id is None


async def test_a_restart_mid_visit_loses_nothing(
    request: pytest.FixtureRequest, tmp_path: Path, seeded: Path
) -> None:
    """The arrival, the code word and the reminder are rows: a bot stopped after the
    ETA and started again reminds on time, with the same word."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'v.db'}"
    # In-process state: each run's sandbox numbers its updates from 1 again, which a
    # shared inbox would take for redeliveries (Telegram's ids only grow).
    settings = _settings(request, database_url=url, redis_url=None)
    clock = ManualClock(START)
    async with chat_harness(settings, template=seeded, clock=clock) as before:
        volunteer = await before.person(VOLUNTEERS[0], "王秀英")
        order_id, resident = await _accepted(before, volunteer)
        asked = await volunteer.expect("您预计什么时候到")
        await volunteer.press(asked, "明天上午")
        await resident.expect("预计 明天 11月21日（周六）上午 上门")
        word = _word(asked)
    # Started again on the same database (the seed is upserted; orders and visits stay).
    async with chat_harness(settings, clock=clock) as after:
        volunteer = await after.person(VOLUNTEERS[0], "王秀英")
        resident = await after.person(RESIDENT, "王阿姨")
        clock.advance(hours=15, minutes=31)
        # This pass fires it, or the new process's background sweeper did, if its
        # first pass ran after the clock moved (a loaded machine): sent once either way.
        await after.app.sweeper.run_once()
        reminder = await volunteer.expect("⏰")
        assert f"#{order_id}" in (reminder.text or "") and word in (reminder.text or "")
        await volunteer.press(reminder, "🚶 出发了")
        assert _word(await resident.expect("出发了")) == word


async def test_the_rating_reminder_asks_did_it_happen_until_it_is_answered(
    chat: ChatHarness,
) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    unanswered, resident = await _accepted(chat, volunteer)
    await _finish(volunteer, unanswered)
    await resident.expect("上门服务了吗")
    await _sweep(chat, hours=25)
    reminder = await resident.expect("提醒：志愿者王秀英说订单")
    assert reminder.find_button("✅ 是的，来过了") is not None
    await resident.press(reminder, "✅ 是的，来过了")
    await resident.expect("打分")

    answered, neighbour = await _accepted(chat, volunteer, RESIDENT + 1)
    await _finish(volunteer, answered)
    await neighbour.press(await neighbour.expect("上门服务了吗"), "✅ 是的，来过了")
    await neighbour.expect("打分")
    await _sweep(chat, hours=25)
    stars = await neighbour.expect(f"#{answered}")  # the stars' own reminder this time
    assert stars.find_button(f"r:{answered}:5") is not None
    assert "上门服务了吗" not in (stars.text or "")
