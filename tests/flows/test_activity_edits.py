"""Editing a published activity from its desk (✏️ 修改): its time, category and team,
site and venue, and who may see it, besides its name and places. Those signed up
hear of what matters to them (the name, the place, the time); a narrower visibility
keeps everyone's place, and the coordinator's confirmation says so. Both languages,
through the in-process harness with a broadcast sender beside the bot.

The cast (data/demo-county.yaml): the Chengguan station's coordinator (10) publishes
for the Daqiao haircut team (point 11: barbers 900001, 900002); Chengguan's own
haircut team (HAIR-CG) serves the station and its points 11 and 12 (Ximen).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from domain.activity_models import SignupRole, SignupStatus, Visibility
from domain.audit_models import AuditAction
from domain.errors import Refused
from tests.flows.powers import BARBERS, STATION_COORDINATOR
from tests.flows.test_activities import RESIDENTS, _activity, _team_id, sending
from tests.harness import ADMIN, ChatHarness, HarnessUser


@pytest.fixture
async def chat(chat: ChatHarness) -> AsyncIterator[ChatHarness]:
    async with sending(chat) as harness:
        yield harness


async def _signed_up(chat: ChatHarness, activity_id: int) -> tuple[HarnessUser, HarnessUser]:
    """A resident and a Daqiao barber, both signed up (and both chatting with the bot)."""
    services = chat.app.router.services
    resident = await chat.person(RESIDENTS[0], "周大爷")
    barber = await chat.person(BARBERS[0], "王秀英")
    await services.activities.sign_up(activity_id, RESIDENTS[0], SignupRole.RESIDENT)
    await services.activities.sign_up(activity_id, BARBERS[0], SignupRole.VOLUNTEER)
    return resident, barber


async def _edit(coordinator: HarnessUser, activity_id: int, what: str) -> None:
    await coordinator.command("activity", str(activity_id))
    await coordinator.press(await coordinator.expect(f"#{activity_id}"), "✏️ 修改")
    await coordinator.press(await coordinator.expect("要修改什么"), what)


def _texts(messages: list[object], part: str) -> list[str]:
    return [t for m in messages if part in (t := str(getattr(m, "text", None) or ""))]


async def test_a_new_team_and_site_tell_everyone_and_a_team_only_view_keeps_their_places(
    chat: ChatHarness,
) -> None:
    activity_id = await _activity(chat, residents=5)
    resident, barber = await _signed_up(chat, activity_id)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")

    await _edit(coordinator, activity_id, "类别和队伍")
    await coordinator.press(await coordinator.expect("请选择活动类别"), "乡风文明")
    await coordinator.press(await coordinator.expect("由哪个队伍组织"), "城关镇爱心义剪队")
    sites = await coordinator.expect("在哪个站点举办")
    assert {b.text for b in sites.button_list} >= {
        "城关镇新时代文明实践所",
        "大桥社区新时代文明实践站",
        "西门社区新时代文明实践站",
    }
    await coordinator.press(sites, "西门社区新时代文明实践站")
    await coordinator.expect("活动地点")
    await coordinator.send("🏠 使用站点地址")
    done = await coordinator.expect("已修改：健康知识讲座")
    text = done.text or ""
    assert "📍 西门社区新时代文明实践站" in text and "已通知 2 位报名的人" in text
    assert done.removed_keyboard  # the location keyboard goes
    for person in (resident, barber):
        moved = await person.expect("📍 活动地点有变：健康知识讲座")
        assert "新的地点：西门社区新时代文明实践站" in (moved.text or "")
    activity = await chat.app.router.services.activities.get(activity_id)
    assert activity is not None and activity.site_id == 12
    assert activity.team_id == await _team_id(chat, "HAIR-CG")

    # Only Chengguan's haircut team may see it now: the resident and the Daqiao
    # barber are outside, and keep their places; nobody is told of it.
    await _edit(coordinator, activity_id, "可见范围")
    await coordinator.press(await coordinator.expect("谁可以看到"), "👥 只有本队伍的志愿者")
    narrowed = (await coordinator.expect("已修改：健康知识讲座")).text or ""
    assert "这次修改不影响报名的人，没有另行通知" in narrowed
    assert "2 位已报名（或候补）的人不在新的可见范围内：他们的名额保留" in narrowed
    activity = await chat.app.router.services.activities.get(activity_id)
    assert activity is not None and activity.visibility is Visibility.TEAM
    assert (activity.residents_signed, activity.volunteers_signed) == (1, 1)
    async with chat.app.db.read() as tx:
        for person in (RESIDENTS[0], BARBERS[0]):
            signup = await tx.activities.signup(activity_id, person)
            assert signup is not None and signup.status is SignupStatus.SIGNED

    # The rename after it is the resident's next news: the visibility was none.
    await _edit(coordinator, activity_id, "名称")
    await coordinator.send("健康养生讲座")
    await coordinator.press(await coordinator.expect("英文名称"), "跳过")
    await coordinator.expect("已修改：健康养生讲座")
    await resident.expect("活动信息有更新：健康养生讲座")
    transcript = await resident.transcript()
    assert len(_texts(transcript, "活动地点有变")) == 1
    assert len(_texts(transcript, "活动信息有更新")) == 1
    await resident.command("activities")  # still theirs, wherever it is seen
    mine = await resident.expect("我的报名")
    assert "健康养生讲座" in (mine.text or "") and "已报名" in (mine.text or "")

    async with chat.app.db.read() as tx:
        trail = await tx.audit.recent(None, county=True, limit=100)
    edits = [e for e in trail if e.action is AuditAction.ACTIVITY_EDIT]
    assert [e.details["fields"] for e in reversed(edits)] == ["site,team", "visibility", "title"]


async def test_in_english_the_time_and_who_sees_it_from_the_edit_menu(chat: ChatHarness) -> None:
    activity_id = await _activity(chat, residents=5)
    resident, _barber = await _signed_up(chat, activity_id)
    admin = await chat.person(ADMIN, "Admin", "en")

    await admin.command("activity", str(activity_id))
    await admin.press(await admin.expect(f"#{activity_id}"), "✏️ Edit")
    menu = await admin.expect("What do you want to change?")
    assert [b.text for b in menu.button_list] == [
        "Name",
        "Time",
        "Site and venue",
        "Category and team",
        "Who sees it",
        "Places",
        "Poster",
        "✖ Cancel",
    ]
    await admin.press(menu, "Time")
    await admin.expect("When does it start?")
    await admin.send("11/29 9:30")
    await admin.press(await admin.expect("How long?"), "3 h")
    await admin.expect("Moved: Health talk")
    moved = await resident.expect("📅 活动时间有变")
    assert "11月29日（周日）09:30–12:30" in (moved.text or "")

    await admin.command("activity", str(activity_id))
    await admin.press(await admin.expect(f"#{activity_id}"), "✏️ Edit")
    await admin.press(await admin.expect("What do you want to change?"), "Who sees it")
    await admin.press(await admin.expect("Who may see it?"), "👥 Only this team's volunteers")
    done = (await admin.expect("Changed: Health talk")).text or ""
    assert "Nothing in this change affects those signed up: nobody was told." in done
    # The Daqiao barber is of its team; the resident is not, and keeps the place.
    assert "1 person signed up (or waiting) is outside who may see it now" in done


async def test_a_site_outside_the_team_or_a_team_elsewhere_is_refused_and_not_recorded(
    chat: ChatHarness,
) -> None:
    activity_id = await _activity(chat)
    services = chat.app.router.services
    async with chat.app.db.read() as tx:
        before = await tx.audit.recent(None, county=True, limit=100)
    with pytest.raises(Refused) as refused:  # the Daqiao team serves only point 11
        await services.activities.edit(STATION_COORDINATOR, activity_id, site_id=12)
    assert refused.value.reason == "activity-site-not-team"
    far = await _team_id(chat, "HAIR-HB")  # under another station
    with pytest.raises(Refused) as refused:
        await services.activities.edit(STATION_COORDINATOR, activity_id, team_id=far, site_id=21)
    assert refused.value.reason == "activity-outside"
    async with chat.app.db.read() as tx:
        assert await tx.audit.recent(None, county=True, limit=100) == before
    activity = await services.activities.get(activity_id)
    assert activity is not None and activity.site_id == 11
