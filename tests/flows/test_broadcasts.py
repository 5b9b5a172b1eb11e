"""/broadcast: the audience by buttons, the words, a preview, Send / Cancel; the
progress message; every recipient a durable row sent once, across restarts."""

from __future__ import annotations

import asyncio

from bot.broadcaster import Broadcaster
from domain.broadcast_models import BroadcastStatus
from handlers import broadcasts
from handlers.kit.ports import Button, InlineKeyboard
from tests.flows.powers import BARBERS, POINT_COORDINATOR, READER, County
from tests.harness import ChatHarness, HarnessUser

TEXT = "明天上午九点在大桥社区集合，开展爱心义剪活动。"


def sender(chat: ChatHarness, batch: int = broadcasts.BATCH) -> Broadcaster:
    return Broadcaster(chat.app.router.services, 3600.0, batch)


async def preview(chat: ChatHarness, audience: str, *answers: str) -> HarnessUser:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    await coordinator.command("broadcast")
    await coordinator.expect("要发给谁")
    await coordinator.press(None, audience)
    for answer in answers:
        await coordinator.next_message()
        await coordinator.send(answer)
    return coordinator


def received(chat: ChatHarness, user_id: int, text: str = TEXT) -> int:
    return sum(1 for call in chat.messenger.sent(user_id) if call.text == text)


async def test_to_my_volunteers_with_progress_and_one_unreachable(chat: ChatHarness) -> None:
    for barber in BARBERS:
        await chat.person(barber, "理发师")  # READER never started the bot
    coordinator = await preview(chat, "👥 我负责站点的全部志愿者")
    await coordinator.send(TEXT)
    shown = await coordinator.expect("群发预览")
    assert "（3 人）" in (shown.text or "") and TEXT in (shown.text or "")
    await coordinator.press(shown, "✅ 发送")
    started = await coordinator.expect("发送中")
    assert "0 / 3 已发送" in (started.text or "")
    assert started.find_button("✖️ 取消") is not None

    assert await sender(chat).run_once() == 3
    for barber in BARBERS:
        assert received(chat, barber) == 1
    assert received(chat, READER) == 0
    final = await coordinator.expect("已完成")
    assert "2 / 3 已送达，1 人无法送达" in (final.text or "")
    assert final.message_id == shown.message_id and not final.buttons
    async with chat.app.db.read() as tx:
        reader = await tx.users.get(READER)
    assert reader is not None and reader.unreachable
    assert await sender(chat).run_once() == 0  # sent once: nothing left for anyone


async def test_in_english_to_one_team_by_button(chat: ChatHarness) -> None:
    await chat.person(READER, "Reader")
    coordinator = chat.user(POINT_COORDINATOR, "Feng", "en")
    await coordinator.command("start")
    await coordinator.expect(lambda m: bool(m.buttons))
    await chat.app.router.services.people.set_locale(POINT_COORDINATOR, "en")
    await coordinator.command("broadcast")
    await coordinator.expect("Who should it go to")
    await coordinator.press(None, "🚩 One volunteer team")
    await coordinator.expect("Pick the team")
    await coordinator.press(None, "Daqiao Reading Volunteers")
    await coordinator.expect("Type the message")
    await coordinator.send("Books arrive on Monday.")
    shown = await coordinator.expect("Broadcast preview")
    assert "(1 people)" in (shown.text or "")
    await coordinator.press(shown, "✅ Send")
    await chat.idle()
    await sender(chat).run_once()
    assert received(chat, READER, "Books arrive on Monday.") == 1
    await coordinator.expect("1 / 1 delivered, 0 unreachable")


async def test_a_team_outside_my_sites_is_refused_by_code(chat: ChatHarness) -> None:
    coordinator = await preview(chat, "🚩 某一支志愿服务队", "TUTOR-XM")  # Ximen: point 12
    await coordinator.next_message()
    await coordinator.send(TEXT)
    await coordinator.expect("这支服务队不在您负责的站点")


async def test_residents_who_ordered_lately(chat: ChatHarness) -> None:
    county = County(chat)
    resident = 800777
    await chat.person(resident, "张大爷")
    await county.order(resident=resident)
    coordinator = await preview(chat, "🏠 最近在我负责站点下过单的居民")
    await coordinator.expect("最近多少天")
    await coordinator.press(None, "30 天")
    await coordinator.expect("请输入要群发的内容")
    await coordinator.send(TEXT)
    shown = await coordinator.expect("群发预览")
    assert "最近 30 天下过单的居民（1 人）" in (shown.text or "")
    await coordinator.press(shown, "✅ 发送")
    await chat.idle()
    await sender(chat).run_once()
    assert received(chat, resident) == 1


async def test_a_bad_number_of_days_gets_a_hint(chat: ChatHarness) -> None:
    coordinator = await preview(chat, "🏠 最近在我负责站点下过单的居民", "999")
    await coordinator.expect("1 到 365 之间的天数")


async def test_cancel_mid_way_stops_what_was_not_sent(chat: ChatHarness) -> None:
    for barber in BARBERS:
        await chat.person(barber, "理发师")
    coordinator = await preview(chat, "👥 我负责站点的全部志愿者", TEXT)
    await coordinator.press(await coordinator.expect("群发预览"), "✅ 发送")
    progress = await coordinator.expect("发送中")
    services = chat.app.router.services
    assert await broadcasts.pump(services, "w1", batch=1) == 1  # the first barber only
    await coordinator.press(progress, "✖️ 取消")
    stopped = await coordinator.expect("已取消")
    assert "1 / 3 已送达" in (stopped.text or "")
    assert await sender(chat).run_once() == 0
    assert [received(chat, b) for b in BARBERS] == [1, 0]


async def test_a_blocked_volunteer_is_marked_unreachable(chat: ChatHarness) -> None:
    users = [await chat.person(barber, "理发师") for barber in BARBERS]
    await users[0].block()
    coordinator = await preview(chat, "👥 我负责站点的全部志愿者", TEXT)
    await coordinator.press(await coordinator.expect("群发预览"), "✅ 发送")
    await chat.idle()
    await sender(chat).run_once()
    final = await coordinator.expect("已完成")
    assert "1 / 3 已送达，2 人无法送达" in (final.text or "")
    async with chat.app.db.read() as tx:
        blocked = await tx.users.get(BARBERS[0])
    assert blocked is not None and blocked.unreachable


async def test_resumes_after_a_restart_and_never_sends_twice(chat: ChatHarness) -> None:
    services = chat.app.router.services
    people = [800801, 800802, 800803, 800804, 800805]
    for person in people:
        await chat.person(person, "居民")
    made = await broadcasts.announce(services, POINT_COORDINATOR, people, TEXT)
    assert await broadcasts.pump(services, "before-restart", batch=2) == 2
    # A worker claims the next two and dies before it records them.
    assert (claimed := await services.broadcasts.claim("dies", 2)) is not None
    assert claimed.person_ids == people[2:4]
    chat.clock.advance(minutes=11)  # past the claim's lease
    assert await sender(chat).run_once() == 1  # a new process: the fifth only
    assert [received(chat, p) for p in people] == [1, 1, 0, 0, 1]
    got = await services.broadcasts.get(made)
    assert got is not None
    broadcast, tally = got
    assert broadcast.status is BroadcastStatus.DONE
    assert (tally.sent, tally.failed, tally.left) == (3, 2, 0)  # the two are "maybe sent"


async def test_announce_sends_text_and_buttons_to_person_ids(chat: ChatHarness) -> None:
    services = chat.app.router.services
    user = await chat.person(800811, "居民")
    markup = InlineKeyboard(((Button("报名", "m:help"),),))
    await broadcasts.announce(services, POINT_COORDINATOR, [800811, 800811], "活动通知", markup)
    assert await sender(chat).run_once() == 1
    got = await user.expect("活动通知")
    assert got.find_button("报名") is not None


async def test_residents_may_not_broadcast(chat: ChatHarness) -> None:
    resident = await chat.person(800812, "居民")
    await resident.command("broadcast")
    await resident.expect("只有协调员可以这样做")


async def test_two_senders_share_one_broadcast_on_postgresql(service_chat: ChatHarness) -> None:
    services = service_chat.app.router.services
    people = list(range(800900, 800930))
    for person in people:
        await service_chat.person(person, "居民")
    made = await broadcasts.announce(services, POINT_COORDINATOR, people, TEXT)
    first, second = sender(service_chat, batch=4), sender(service_chat, batch=4)
    counts = await asyncio.gather(first.run_once(), second.run_once())
    assert sum(counts) == len(people)
    assert [received(service_chat, p) for p in people] == [1] * len(people)
    got = await services.broadcasts.get(made)
    assert got is not None and got[0].status is BroadcastStatus.DONE
