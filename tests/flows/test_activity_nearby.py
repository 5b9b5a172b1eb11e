"""Activities near me (📍 under /activities: share a location, the upcoming ones
nearest first), and the activity settings: the offer time, the venue radius and
the check-in window.

Daqiao (site 11) is at 30.0610, 119.9550, Ximen (site 12) at 30.0480, 119.9350:
about 2.4 km apart. The harness clock starts on Friday 20 November 2026, 17:00.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.activity_models import ActivityDraft, SignupRole, Visibility
from domain.models import LocalName
from tests.flows.powers import BARBERS
from tests.harness import ADMIN, ChatHarness
from tests.harness.chat import START

RESIDENT = 800831
XIMEN = (30.0480, 119.9350)


async def _team(chat: ChatHarness, code: str) -> int:
    async with chat.app.db.transaction() as tx:
        team = await tx.teams.by_code(code)
    assert team is not None
    return team.id


async def _publish(
    chat: ChatHarness,
    title: str,
    site_id: int,
    team: str,
    visibility: Visibility = Visibility.SUBTREE,
    residents: int = 10,
) -> int:
    start = START + timedelta(days=2)
    published = await chat.app.router.services.activities.publish(
        ActivityDraft(
            title=LocalName(title, ""),
            category_code="civility",
            team_id=await _team(chat, team),
            site_id=site_id,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            volunteer_quota=2,
            resident_quota=residents,
            visibility=visibility,
            created_by=ADMIN,
        )
    )
    return published.activity.id


async def test_a_shared_location_lists_upcoming_activities_nearest_first(
    chat: ChatHarness,
) -> None:
    await _publish(chat, "大桥义剪", 11, "HAIR-DQ")
    await _publish(chat, "西门辅导", 12, "TUTOR-XM")
    await _publish(chat, "义剪队内训", 11, "HAIR-DQ", Visibility.TEAM)
    resident = await chat.person(RESIDENT, "钱阿姨")
    await resident.command("activities")
    none = await resident.expect("近期没有活动")  # follows nothing: the button finds some
    await resident.press(none, "📍 附近的活动")
    asked = await resident.expect("请发送您现在的位置")
    assert asked.reply_buttons[0][0].request_location
    await resident.send("西门")  # not a location
    await resident.expect("请点下方按钮发送位置")
    await resident.share_location(*XIMEN)
    title = await resident.expect("离您最近的 2 个活动")
    assert title.removed_keyboard
    first = await resident.expect("西门辅导")
    assert "距您 0 m" in (first.text or "")
    assert [b.text for b in first.button_list] == ["✅ 我要报名"]
    second = await resident.expect("大桥义剪")
    assert "距您 2.4 km" in (second.text or "")
    await resident.press(second, "✅ 我要报名")
    await resident.expect("✅ 报名成功：大桥义剪")

    barber = await chat.person(BARBERS[0], "王秀英", "en")
    await chat.app.router.services.people.set_locale(BARBERS[0], "en")
    await barber.command("activities")
    await barber.press(await barber.expect("Coming up"), "📍 Activities near me")
    await barber.expect("Send your location")
    await barber.share_location(30.0611, 119.9551)
    await barber.expect("The 3 nearest activities")  # the team's own one too
    line = await barber.expect("义剪队内训")
    assert "m away" in (line.text or "")


async def test_nothing_near_says_so(chat: ChatHarness) -> None:
    resident = await chat.person(RESIDENT, "钱阿姨")
    await resident.command("activities")
    await resident.press(await resident.expect("近期没有活动"), "📍 附近的活动")
    await resident.share_location(*XIMEN)
    await resident.expect("附近暂时没有即将开始的活动")


@pytest.mark.settings(
    activity_venue_radius=3000.0, activity_checkin_window=3600.0, activity_offer_time=900.0
)
async def test_the_radius_the_window_and_the_offer_time_are_settings(chat: ChatHarness) -> None:
    services = chat.app.router.services
    activity_id = await _publish(chat, "大桥义剪", 11, "HAIR-DQ", residents=1)
    for person in (RESIDENT, RESIDENT + 1):
        await chat.person(person, "居民")
        await services.activities.sign_up(activity_id, person, SignupRole.RESIDENT)
    left = await services.activities.leave(activity_id, RESIDENT)
    assert left.offered is not None
    until = left.offered.signup.offered_until
    assert until == chat.clock.now() + timedelta(minutes=15)

    chat.clock.advance(days=2, minutes=-50)  # fifty minutes before the start: open
    checked = await services.activities.checkins.check_in_by_location(
        RESIDENT + 1,
        activity_id,
        *XIMEN,  # 2.4 km away: inside 3 km
    )
    assert checked.fresh
