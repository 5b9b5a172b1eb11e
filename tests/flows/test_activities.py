"""Activities in chat: publish with `/activity new`, announce, sign up and wait-list,
offers down the wait-list, reminders, check-in by the rotating code, attendance and
结项 (both languages), through the in-process harness. What goes to many (the
announcement, moves, calling off, edits, reminders) is a durable broadcast: the
harness here runs a broadcast sender beside the bot, as every worker does.

The cast (data/demo-county.yaml): the Chengguan station's coordinator (10) publishes
for the Daqiao haircut team (point 11: barbers 900001, 900002); the Daqiao reading
volunteer 900005 is in the same subtree. The harness clock starts on Friday
20 November 2026, 17:00 in the county.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.broadcaster import Broadcaster
from domain.activity_models import ActivityDraft, SignupRole, Visibility
from domain.models import LocalName
from tests.flows.powers import BARBERS, READER, STATION_COORDINATOR
from tests.harness import ADMIN, ChatHarness, HarnessUser
from tests.harness.chat import START

RESIDENTS = (800801, 800802, 800803)
SKIP = "跳过"


@contextlib.asynccontextmanager
async def sending(harness: ChatHarness) -> AsyncIterator[ChatHarness]:
    """The harness with a broadcast sender running, woken by each broadcast started."""
    stop = asyncio.Event()
    sender = Broadcaster(harness.app.router.services, 3600.0)
    task = asyncio.create_task(sender.run(stop))
    try:
        yield harness
    finally:
        stop.set()
        await task


@pytest.fixture
async def chat(chat: ChatHarness) -> AsyncIterator[ChatHarness]:
    async with sending(chat) as harness:
        yield harness


@pytest.fixture
async def service_chat(service_chat: ChatHarness) -> AsyncIterator[ChatHarness]:
    async with sending(service_chat) as harness:
        yield harness


async def _publish_in_chat(coordinator: HarnessUser, residents: str = "20") -> None:
    await coordinator.command("activity", "new")
    await coordinator.expect("请输入活动名称")
    await coordinator.send("爱心义剪进社区")
    await coordinator.press(await coordinator.expect("英文名称"), SKIP)
    await coordinator.press(await coordinator.expect("请选择活动类别"), "乡风文明")
    teams = await coordinator.expect("由哪个队伍组织")
    assert {b.text for b in teams.button_list} >= {"大桥社区爱心义剪队", "城关镇爱心义剪队"}
    await coordinator.press(teams, "大桥社区爱心义剪队")
    await coordinator.press(await coordinator.expect("在哪个站点举办"), "大桥社区新时代文明实践站")
    venue = await coordinator.expect("活动地点")
    assert venue.reply_buttons[0][0].request_location
    await coordinator.send("🏠 使用站点地址")
    await coordinator.expect("开始时间")
    await coordinator.send("明天下午")  # not a time
    await coordinator.expect("没看懂这个时间")
    await coordinator.send("11月22日 14:00")
    await coordinator.press(await coordinator.expect("活动多长时间"), "2 小时")
    await coordinator.press(await coordinator.expect("需要多少名志愿者"), "2")
    await coordinator.expect("可报名的居民名额")
    await coordinator.send(residents)
    await coordinator.press(await coordinator.expect("谁可以看到"), "🌳 本站点及下属站点的所有人")
    await coordinator.expect("海报")
    await coordinator.send_photo(data=b"poster")


async def test_a_coordinator_publishes_and_volunteers_and_followers_are_told(
    chat: ChatHarness,
) -> None:
    follower = await chat.person(RESIDENTS[0], "孙阿姨")
    await follower.command("follow")
    await follower.press(await follower.expect("关注哪个镇"), "城关镇新时代文明实践所")
    await follower.press(await follower.expect("选择要关注的村"), "大桥社区新时代文明实践站")
    await follower.expect("已关注 大桥社区新时代文明实践站")
    barber = await chat.person(BARBERS[0], "王秀英")
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")

    await _publish_in_chat(coordinator)
    preview = await coordinator.expect("请确认活动信息")
    text = preview.text or ""
    assert "爱心义剪进社区" in text and "11-22 14:00–16:00" in text and "🖼" in text
    await coordinator.press(preview, "✅ 发布")
    published = await coordinator.expect("已发布活动 #")
    assert "11月22日（周日）14:00–16:00" in (published.text or "")
    assert {b.text for b in published.button_list} >= {"🔳 签到码", "🏁 结项"}
    # The subtree's volunteers and the follower; only a barber and the follower ever
    # wrote, so the sender marks the others unreachable.
    await coordinator.expect("正在通知")

    told = await follower.expect("📣 新活动：爱心义剪进社区")
    assert [b.text for b in told.button_list] == ["✅ 我要报名"]
    await follower.press(told, "✅ 我要报名")
    await follower.expect("✅ 报名成功：爱心义剪进社区")
    offered = await barber.expect("📣 新活动")
    assert [b.text for b in offered.button_list] == ["🙋 报名当志愿者", "✅ 我要报名"]
    await barber.press(offered, "🙋 报名当志愿者")
    await barber.expect("✅ 报名成功")

    await coordinator.command("activities")
    await coordinator.expect("您负责的近期活动")
    line = await coordinator.expect("爱心义剪进社区")
    assert "志愿者 1/2 · 居民 1/20" in (line.text or "")
    await follower.command("activities")
    mine = await follower.expect("我的报名")
    assert "居民 · 已报名" in (mine.text or "")


async def _activity(chat: ChatHarness, residents: int = 1, volunteers: int = 2) -> int:
    services = chat.app.router.services
    start = START + timedelta(days=2)
    published = await services.activities.publish(
        ActivityDraft(
            title=LocalName("健康知识讲座", "Health talk"),
            category_code="civility",
            team_id=await _team_id(chat, "HAIR-DQ"),
            site_id=11,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            volunteer_quota=volunteers,
            resident_quota=residents,
            visibility=Visibility.SUBTREE,
            created_by=STATION_COORDINATOR,
        )
    )
    return published.activity.id


async def _team_id(chat: ChatHarness, code: str) -> int:
    async with chat.app.db.transaction() as tx:
        team = await tx.teams.by_code(code)
    assert team is not None
    return team.id


async def test_a_freed_place_goes_down_the_wait_list(chat: ChatHarness) -> None:
    activity_id = await _activity(chat, residents=1)
    a, b, c = [await chat.person(p, n) for p, n in zip(RESIDENTS, ("甲", "乙", "丙"), strict=True)]
    for who, answer in ((a, "✅ 报名成功"), (b, "您已加入候补"), (c, "您已加入候补")):
        await who.command("activity", str(activity_id))
        await who.press(await who.expect("健康知识讲座"), f"as:{activity_id}:r")
        await who.expect(answer)
    await b.command("activities")
    line = await b.expect("我的报名")
    assert "候补第" in (line.text or "")

    await a.command("activities")
    await a.press(await a.expect("我的报名"), "✖ 取消报名")
    await a.expect("已取消报名：健康知识讲座")
    offer = await b.expect("有空出的名额")
    await b.press(offer, "✖ 不去了")
    await b.expect("已取消报名")
    offer = await c.expect("有空出的名额")
    assert "11月22日" in (offer.text or "")  # the confirm-by time, in county time

    chat.clock.advance(hours=3)  # c never answers: the offer lapses
    await chat.app.sweeper.run_once()
    await c.expect("名额已让给下一位候补")
    activity = await chat.app.router.services.activities.get(activity_id)
    assert activity is not None and activity.residents_signed == 0  # nobody left waiting


async def test_reminders_come_the_day_before_and_the_hour_before(chat: ChatHarness) -> None:
    activity_id = await _activity(chat, residents=5)
    resident = await chat.person(RESIDENTS[0], "周大爷")
    await chat.app.router.services.activities.sign_up(
        activity_id, RESIDENTS[0], SignupRole.RESIDENT
    )
    chat.clock.advance(days=1, minutes=1)
    await chat.app.sweeper.run_once()
    await resident.expect("⏰ 明天有活动：健康知识讲座")
    chat.clock.advance(hours=23)
    await chat.app.sweeper.run_once()
    await resident.expect("⏰ 一小时后开始：健康知识讲座")


async def test_postponing_and_calling_off_tell_everyone_signed_up(chat: ChatHarness) -> None:
    activity_id = await _activity(chat, residents=5)
    resident = await chat.person(RESIDENTS[0], "周大爷")
    await chat.app.router.services.activities.sign_up(
        activity_id, RESIDENTS[0], SignupRole.RESIDENT
    )
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("activity", str(activity_id))
    desk = await coordinator.expect("健康知识讲座")
    await coordinator.press(desk, "📅 改期")
    await coordinator.expect("开始时间")
    await coordinator.send("11月29日 9:30")
    await coordinator.press(await coordinator.expect("活动多长时间"), "3 小时")
    await coordinator.expect("已改期：健康知识讲座")
    moved = await resident.expect("📅 活动时间有变")
    assert "11月29日（周日）09:30–12:30" in (moved.text or "")

    await coordinator.press(desk, "❌ 取消活动")
    await coordinator.press(await coordinator.expect("确定要取消"), "❌ 确定取消")
    await coordinator.expect("已取消活动")
    await resident.expect("❌ 活动已取消：健康知识讲座")
    await coordinator.catch_up()
    await coordinator.press(desk, "🏁 结项")  # nothing to close: refused before any question
    assert "已经取消或结项" in ((await coordinator.next_answer()).text or "")
    other = await chat.person(RESIDENTS[1], "吴奶奶")
    await other.command("activity", str(activity_id))
    await other.press(await other.expect("健康知识讲座"), "✅ 我要报名")
    assert "已经取消或结项" in ((await other.next_answer()).text or "")


async def test_check_in_by_code_attendance_and_closing(chat: ChatHarness) -> None:
    activity_id = await _activity(chat, residents=5)
    services = chat.app.router.services
    for person, role in ((BARBERS[0], SignupRole.VOLUNTEER), (RESIDENTS[0], SignupRole.RESIDENT)):
        async with chat.app.db.transaction() as tx:
            await tx.users.upsert(person, "人", None)
        await services.activities.sign_up(activity_id, person, role)
    barber = await chat.person(BARBERS[0], "王秀英")
    resident = await chat.person(RESIDENTS[0], "周大爷")
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    chat.clock.advance(days=2, minutes=10)  # the event is on

    await coordinator.command("activity", str(activity_id))
    await coordinator.press(await coordinator.expect("健康知识讲座"), "🔳 签到码")
    poster = await coordinator.expect(lambda m: m.photo is not None)
    assert "签到码：健康知识讲座" in (poster.caption or "")
    link = await coordinator.expect("扫不了码的")
    code = (link.text or "").rsplit("start=", 1)[1]
    assert code.startswith("ac_")
    await barber.command("start", code)
    await barber.expect("✅ 签到成功：健康知识讲座")
    await barber.command("start", code)
    await barber.expect("已经签到过了")
    chat.clock.advance(minutes=3)  # the code a friend photographed is stale now
    await resident.command("start", code)
    await resident.expect("签到码已过期")
    await barber.command("checkin", f"{activity_id} {RESIDENTS[0]}")  # for him, no phone needed
    await barber.expect(f"已为 {RESIDENTS[0]} 签到")

    await coordinator.command("activity", str(activity_id))
    await coordinator.press(await coordinator.expect("健康知识讲座"), "📋 签到名单")
    listing = await coordinator.expect("签到名单")
    assert "已签到 2" in (listing.text or "")
    present = next(b for b in listing.button_list if "周大爷" in b.text)
    await coordinator.press(listing, present.text)  # correct it: he was not there after all
    corrected = await coordinator.expect("未到 1")
    assert corrected.message_id == listing.message_id

    await coordinator.command("activity", str(activity_id))
    await coordinator.press(await coordinator.expect("健康知识讲座"), "🏁 结项")
    await coordinator.expect("服务了多少位老人")
    await coordinator.send("12")
    await coordinator.press(await coordinator.expect("多少名儿童"), SKIP)
    await coordinator.expect("其他受益群众")
    await coordinator.send("3")
    await coordinator.expect("活动总结")
    await coordinator.send("讲座顺利，老人们反映很好。")
    await coordinator.expect("已收到 0 张")
    await coordinator.send_photo(data=b"photo-1")
    photos = await coordinator.expect("已收到 1 张")
    await coordinator.press(photos, "✅ 完成")
    done = await coordinator.expect("已结项：健康知识讲座")
    assert "受益群众 15 人；1 名志愿者各记服务时长 2 小时" in (done.text or "")
    volunteer = await services.people.volunteer(BARBERS[0])
    assert volunteer is not None and volunteer.hours >= 2.0
    closed = await services.activities.get(activity_id)
    assert closed is not None and closed.beneficiaries == {"elderly": 12, "others": 3}
    assert len(closed.report_photos) == 1


async def test_in_english_a_volunteer_of_the_team_sees_a_team_only_activity(
    chat: ChatHarness,
) -> None:
    admin = await chat.person(ADMIN, "Admin", "en")
    reader = await chat.person(READER, "陈静")
    await admin.command("activity", "new")
    await admin.expect("Its name in Chinese")
    await admin.send("阅读分享会")
    await admin.expect("Its name in English")
    await admin.send("Reading circle")
    await admin.press(await admin.expect("Which category?"), "Culture")
    await admin.press(await admin.expect("Which team runs it?"), "Daqiao Reading Volunteers")
    await admin.press(await admin.expect("At which site?"), "Daqiao Community Practice Station")
    await admin.expect("Where exactly?")
    await admin.share_location(30.0611, 119.9551)
    await admin.expect("When does it start?")
    await admin.send("11/23 19:00")
    await admin.expect("How long?")
    await admin.send("20:30")
    await admin.press(await admin.expect("How many volunteers"), "5")
    await admin.press(await admin.expect("How many places for residents"), "10")
    await admin.press(await admin.expect("Who may see it?"), "👥 Only this team's volunteers")
    await admin.press(await admin.expect("Send a poster"), "Skip")
    preview = await admin.expect("Please check the activity")
    assert "(pinned)" in (preview.text or "") and "this team only" in (preview.text or "")
    await admin.press(preview, "✅ Publish")
    await admin.expect("Published activity #")
    await admin.expect("Telling 1 people")

    told = await reader.expect("📣 新活动：阅读分享会")
    assert "11月23日（周一）19:00–20:30" in (told.text or "")
    barber = await chat.person(BARBERS[0], "王秀英")
    await barber.command("activities")
    await barber.expect("近期没有活动")


async def test_check_in_by_sharing_a_location_at_the_venue(chat: ChatHarness) -> None:
    activity_id = await _activity(chat, residents=5)
    resident = await chat.person(RESIDENTS[0], "周大爷")
    await chat.app.router.services.activities.sign_up(
        activity_id, RESIDENTS[0], SignupRole.RESIDENT
    )
    chat.clock.advance(days=2, minutes=-10)  # ten minutes before the start
    await resident.command("activities")
    await resident.press(await resident.expect("我的报名"), "📍 现场签到")
    asked = await resident.expect("请发送您现在的位置")
    assert asked.reply_buttons[0][0].request_location
    await resident.share_location(30.0800, 119.9550)  # about 2 km away
    await resident.expect("离活动地点太远了")
    await resident.command("activities")
    await resident.press(await resident.expect("我的报名"), "📍 现场签到")
    await resident.expect("请发送您现在的位置")
    await resident.share_location(30.0612, 119.9551)  # the Daqiao point's door
    checked = await resident.expect("✅ 签到成功：健康知识讲座")
    assert checked.removed_keyboard


async def test_signing_up_on_postgresql_and_redis(service_chat: ChatHarness) -> None:
    chat = service_chat
    activity_id = await _activity(chat, residents=1)
    first = await chat.person(RESIDENTS[0], "甲")
    second = await chat.person(RESIDENTS[1], "乙")
    for who, answer in ((first, "✅ 报名成功"), (second, "您已加入候补")):
        await who.command("activity", str(activity_id))
        await who.press(await who.expect("健康知识讲座"), f"as:{activity_id}:r")
        await who.expect(answer)
    await first.command("activities")
    await first.press(await first.expect("我的报名"), "✖ 取消报名")
    await second.press(await second.expect("有空出的名额"), "✅ 确认参加")
    await second.expect("✅ 报名成功")
    activity = await chat.app.router.services.activities.get(activity_id)
    assert activity is not None and activity.residents_signed == 1


async def test_editing_the_places_offers_the_new_ones_down_the_wait_list(
    chat: ChatHarness,
) -> None:
    activity_id = await _activity(chat, residents=1)
    services = chat.app.router.services
    a, b, c = [await chat.person(p, n) for p, n in zip(RESIDENTS, ("甲", "乙", "丙"), strict=True)]
    for person in RESIDENTS:
        await services.activities.sign_up(activity_id, person, SignupRole.RESIDENT)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("activity", str(activity_id))
    await coordinator.press(await coordinator.expect("健康知识讲座"), "✏️ 修改")
    await coordinator.press(await coordinator.expect("要修改什么"), "名额")
    await coordinator.press(await coordinator.expect("需要多少名志愿者"), "2")
    await coordinator.expect("可报名的居民名额")
    await coordinator.send("0")  # fewer than the one signed up
    await coordinator.expect("名额不能少于已经报名的人数")
    await coordinator.command("activity", str(activity_id))
    await coordinator.press(await coordinator.expect("健康知识讲座"), "✏️ 修改")
    await coordinator.press(await coordinator.expect("要修改什么"), "名额")
    await coordinator.press(await coordinator.expect("需要多少名志愿者"), "2")
    await coordinator.expect("可报名的居民名额")
    await coordinator.send("2")
    done = await coordinator.expect("已修改：健康知识讲座")
    assert "这次修改不影响报名的人，没有另行通知" in (done.text or "")
    await b.press(await b.expect("有空出的名额"), "✅ 确认参加")  # the first waiting
    await b.expect("✅ 报名成功")

    await coordinator.command("activity", str(activity_id))
    await coordinator.press(await coordinator.expect("健康知识讲座"), "✏️ 修改")
    await coordinator.press(await coordinator.expect("要修改什么"), "名称")
    await coordinator.expect("请输入新的活动名称")
    await coordinator.send("健康养生讲座")
    await coordinator.press(await coordinator.expect("英文名称"), SKIP)
    renamed = await coordinator.expect("已修改：健康养生讲座")
    assert "已通知 3 位报名的人" in (renamed.text or "")
    await a.expect("活动信息有更新：健康养生讲座")
    await c.expect("活动信息有更新：健康养生讲座")  # still waiting: told too
    # The places were no news to them: the rename, sent after, is the only update.
    for person in (a, c):
        updates = [m for m in await person.transcript() if "活动信息有更新" in (m.text or "")]
        assert len(updates) == 1
