"""Nobody makes themselves a volunteer: a team code only applies, a coordinator over the
team's site decides (with a reason when rejecting), the other coordinators see the
decision, and a coordinator's invite link joins once."""

from __future__ import annotations

from domain.models import ApplicationStatus
from handlers.application_notices import ApplicationPress
from tests.e2e.joining import LINK, invite_payload
from tests.flows.powers import (
    CENTER_COORDINATOR,
    OTHER_COORDINATOR,
    POINT_COORDINATOR,
    STATION_COORDINATOR,
    County,
)
from tests.harness import ChatHarness, HarnessUser

HAIR = "大桥社区爱心义剪队"  # HAIR-DQ, at point 11 (Daqiao) under station 10


async def _apply(chat: ChatHarness, user_id: int, name: str, code: str = "HAIR-DQ") -> HarnessUser:
    applicant = await chat.person(user_id, name)
    await applicant.command("join", code)
    await applicant.expect(f"已提交加入“{HAIR}”")
    return applicant


async def _pending_id(chat: ChatHarness, user_id: int) -> int:
    async with chat.app.db.transaction() as tx:
        application = await tx.applications.pending_of(user_id)
    assert application is not None
    return application.id


async def test_a_team_code_alone_never_makes_a_volunteer(chat: ChatHarness) -> None:
    await _apply(chat, 800801, "路人甲")
    people = chat.app.router.services.people
    assert await people.volunteer(800801) is None
    assert not (await people.touch(800801, "路人甲", None)).roles.volunteer


async def test_a_team_code_application_approved_above_makes_a_volunteer_of_that_team(
    chat: ChatHarness,
) -> None:
    station = await chat.person(STATION_COORDINATOR, "钱军")
    applicant = await _apply(chat, 800802, "孔阿姨")
    ask = await station.expect("新的志愿者申请")
    assert "孔阿姨" in (ask.text or "") and HAIR in (ask.text or "")
    await station.press(ask, ask.button_list[0].text)  # ✅ 批准: no team to pick
    done = await station.expect(f"加入“{HAIR}”")
    assert done.message_id == ask.message_id and not done.buttons
    await applicant.expect(f"已通过，已加入“{HAIR}”")
    volunteer = await chat.app.router.services.people.volunteer(800802)
    assert volunteer is not None and volunteer.team_id == await County(chat).team_id("HAIR-DQ")


async def test_a_coordinator_of_an_unrelated_site_cannot_decide_it(chat: ChatHarness) -> None:
    other = await chat.person(OTHER_COORDINATOR, "褚站长")
    await _apply(chat, 800803, "卫先生")
    application_id = await _pending_id(chat, 800803)
    county = County(chat)
    for act in ("y", "n"):
        await county.plant(other, ApplicationPress(application_id, act))
        answer = await other.next_answer()
        assert answer.show_alert and "不在您负责的站点范围内" in (answer.text or "")
    async with chat.app.db.transaction() as tx:
        application = await tx.applications.get(application_id)
    assert application is not None and application.status is ApplicationStatus.PENDING
    assert await chat.app.router.services.people.volunteer(800803) is None


async def test_reject_with_a_reason_tells_the_applicant(chat: ChatHarness) -> None:
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    first = await _apply(chat, 800804, "蒋先生")
    ask = await point.expect("新的志愿者申请")
    await point.press(ask, ask.button_list[1].text)  # ✖ 拒绝
    reasons = await point.expect("请选择原因，或直接输入原因")
    await point.press(reasons, "队伍人员已满")
    await point.expect("已拒绝。原因：队伍人员已满")
    await first.expect("没有通过。原因：队伍人员已满")

    second = await _apply(chat, 800805, "沈女士")
    ask = await point.expect(lambda m: "沈女士" in (m.text or "") and bool(m.buttons))
    await point.press(ask, ask.button_list[1].text)
    await point.expect("请选择原因，或直接输入原因")
    await point.send("请先参加周六的志愿者培训")
    await point.expect("原因：请先参加周六的志愿者培训")
    await second.expect("没有通过。原因：请先参加周六的志愿者培训")
    for user_id in (800804, 800805):
        assert await chat.app.router.services.people.volunteer(user_id) is None


async def test_other_coordinators_messages_are_edited_after_the_first_decision(
    chat: ChatHarness,
) -> None:
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    station = await chat.person(STATION_COORDINATOR, "钱军")
    center = await chat.person(CENTER_COORDINATOR, "高敏")
    await _apply(chat, 800806, "韩大姐")
    asks = [await who.expect("新的志愿者申请") for who in (point, station, center)]
    # The asks' message ids are stored once every ask is sent: a decision before
    # that has no other messages to edit (a race of its own).
    await chat.idle()
    await point.press(asks[0], asks[0].button_list[0].text)
    await point.expect("已批准")
    for who, ask in ((station, asks[1]), (center, asks[2])):
        edited = await who.expect("已由 冯雪 批准")
        assert edited.message_id == ask.message_id and not edited.buttons
        assert HAIR in (edited.text or "")

    # Rejected the same way: the others read who rejected it, and why.
    await _apply(chat, 800807, "杨先生")
    asks = [await who.expect("杨先生") for who in (point, station, center)]
    await chat.idle()
    await station.press(asks[1], asks[1].button_list[1].text)
    await station.press(await station.expect("请选择原因"), "申请人不在本站点服务范围")
    await station.expect("已拒绝")
    for who, ask in ((point, asks[0]), (center, asks[2]), (station, asks[1])):
        edited = await who.expect("已由 钱军 拒绝。原因：申请人不在本站点服务范围")
        assert edited.message_id == ask.message_id and not edited.buttons


async def _invite(chat: ChatHarness, code: str = "HAIR-DQ") -> str:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    payload = await invite_payload(coordinator, code)
    link = (await coordinator.transcript())[-1].text or ""
    assert f"https://t.me/civic_sandbox_bot?start={payload}" in link and "邀请链接" in link
    assert len(payload) <= 64 and LINK.search(link) is not None
    return payload


async def _start(
    chat: ChatHarness, user_id: int, name: str, payload: str
) -> tuple[str, HarnessUser]:
    """`/start <payload>`: what was said before the greeting, and the user."""
    user = chat.sb.user(user_id, name, "zh-CN")
    await user.command("start", payload)
    # The first-contact privacy notice comes first; what the link said follows it.
    await user.expect("个人信息")
    notice = await user.next_message()
    greeting = await user.expect(lambda m: bool(m.buttons))  # the greeting with the menu
    assert "您好" in (greeting.text or "") or name in (greeting.text or "")
    return notice.text or "", user


async def test_an_invite_link_joins_once_and_a_second_use_is_refused(chat: ChatHarness) -> None:
    payload = await _invite(chat)
    said, first = await _start(chat, 800810, "朱师傅", payload)
    assert f"欢迎加入“{HAIR}”" in said
    volunteer = await chat.app.router.services.people.volunteer(800810)
    assert volunteer is not None and volunteer.team_id == await County(chat).team_id("HAIR-DQ")
    menu = first.last_message_with_buttons
    assert menu is not None and "🙋 我的任务" in [b.text for b in menu.button_list]

    said, _second = await _start(chat, 800811, "秦先生", payload)
    assert "已经被使用过了" in said
    assert await chat.app.router.services.people.volunteer(800811) is None


async def test_an_expired_invite_is_refused(chat: ChatHarness) -> None:
    payload = await _invite(chat)
    chat.clock.advance(days=7, seconds=1)
    said, _user = await _start(chat, 800812, "许阿姨", payload)
    assert "已过期" in said
    assert await chat.app.router.services.people.volunteer(800812) is None


async def test_a_forged_invite_is_refused(chat: ChatHarness) -> None:
    payload = await _invite(chat)
    body = payload[len("inv_") :]
    forged = "inv_" + body[:10] + ("A" if body[10] != "A" else "B") + body[11:]
    said, _user = await _start(chat, 800813, "何先生", forged)
    assert "无效" in said
    assert await chat.app.router.services.people.volunteer(800813) is None
    # And no invite to a team outside one's sites: Donghu's coordinator, Daqiao's team.
    other = await chat.person(OTHER_COORDINATOR, "褚站长")
    await other.command("invite", "HAIR-DQ")
    await other.expect("不在您负责的站点范围内")
