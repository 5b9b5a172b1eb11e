"""Volunteer applications end to end: apply with buttons, a coordinator decides with buttons."""

from __future__ import annotations

import asyncio

import pytest

from domain.errors import Refused
from domain.models import Role
from handlers.application_notices import ApplicationPress
from handlers.kit.presses import unpack
from tests.flows.powers import CENTER_COORDINATOR, POINT_COORDINATOR, STATION_COORDINATOR, County
from tests.harness import ADMIN, Call, ChatHarness


async def test_apply_then_a_coordinator_approves_into_a_team(chat: ChatHarness) -> None:
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    station = await chat.person(STATION_COORDINATOR, "钱军")
    center = await chat.person(CENTER_COORDINATOR, "高敏")
    applicant = await chat.person(800700, "孔阿姨")
    await applicant.command("join")
    towns = await applicant.expect("请选择您所在的镇")
    await applicant.press(towns, "城关镇新时代文明实践所")
    villages = await applicant.expect("请选择您所在的村")
    assert villages.message_id == towns.message_id  # the same message, edited
    await applicant.press(villages, "大桥社区新时代文明实践站")
    await applicant.expect("已提交申请：大桥社区新时代文明实践站")

    asks = [await who.expect("新的志愿者申请") for who in (point, station, center)]
    assert "孔阿姨" in (asks[0].text or "") and "800700" in (asks[0].text or "")
    await point.press(asks[0], asks[0].button_list[0].text)  # ✅ 批准
    teams = await point.expect("请选择加入哪个队伍")
    assert {b.text for b in teams.button_list} == {"大桥社区爱心义剪队", "大桥社区读书志愿队"}
    await point.press(teams, "大桥社区读书志愿队")
    await point.expect("已批准：孔阿姨 加入“大桥社区读书志愿队”")
    await applicant.expect("您的志愿者申请已通过，已加入“大桥社区读书志愿队”")
    volunteer = await chat.app.router.services.people.volunteer(800700)
    assert volunteer is not None and volunteer.site_id == 11

    # The station's copy now says who decided; its old Reject, pressed anyway, is too late.
    closed = await station.expect("已由 冯雪 批准")
    assert closed.message_id == asks[1].message_id and not closed.buttons
    reject = unpack(asks[1].button_list[1].data or "")
    assert isinstance(reject, ApplicationPress) and reject.act == "n"
    await County(chat).plant(station, reject)  # ✖ 拒绝, too late
    assert "已经处理过了" in ((await station.next_answer()).text or "")
    await applicant.command("join")
    await applicant.expect("您已经是志愿者了")


async def test_a_decision_made_while_the_asks_are_still_going_out_reaches_them(
    chat: ChatHarness,
) -> None:
    # The asks' message ids are stored once all are sent; a decision made before that
    # found none to edit, and the others' Approve / Reject stayed.
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    center = await chat.person(CENTER_COORDINATOR, "高敏")
    applicant = await chat.person(800700, "孔阿姨")
    decided = asyncio.Event()

    async def hold_the_centers_ask(call: Call) -> None:
        if call.method == "send" and call.chat_id == center.id:
            await decided.wait()

    chat.messenger.handler = hold_the_centers_ask
    await applicant.command("join")
    await applicant.press(await applicant.expect("请选择您所在的镇"), "城关镇新时代文明实践所")
    await applicant.press(await applicant.expect("请选择您所在的村"), "大桥社区新时代文明实践站")
    ask = await point.expect("新的志愿者申请")
    await point.press(ask, ask.button_list[1].text)  # ✖ 拒绝
    await point.press(await point.expect("请选择原因"), "无法核实申请人身份")
    await point.expect("已拒绝")
    decided.set()
    closed = await center.expect(lambda m: "已由 冯雪 拒绝" in (m.text or ""))
    assert not closed.buttons
    assert not any(m.buttons for m in await center.transcript() if "孔阿姨" in (m.text or ""))


async def test_station_coordinator_may_use_station_teams_and_reject(chat: ChatHarness) -> None:
    station = await chat.person(STATION_COORDINATOR, "钱军")
    applicant = await chat.person(800701, "褚先生")
    await applicant.command("join")
    await applicant.press(await applicant.expect("请选择您所在的镇"), "城关镇新时代文明实践所")
    await applicant.press(await applicant.expect("请选择您所在的村"), "桃园村新时代文明实践站")
    await applicant.expect("已提交申请")
    await applicant.command("join")
    await applicant.press(await applicant.expect("请选择您所在的镇"), "城关镇新时代文明实践所")
    villages = await applicant.expect("请选择您所在的村")
    await applicant.catch_up()
    await applicant.press(villages, "桃园村新时代文明实践站")
    assert "已经提交过申请" in ((await applicant.next_answer()).text or "")

    # Point 13 has no team of its own: the station's coordinator sees the station's.
    await station.command("pending")
    listing = await station.expect("待审核的志愿者申请")
    assert "褚先生" in (listing.text or "")
    found = next(b for b in listing.button_list if b.text.startswith("✅"))
    await station.press(listing, found.text)
    teams = await station.expect("请选择加入哪个队伍")
    assert {b.text for b in teams.button_list} == {"城关镇爱心义剪队", "城关镇法律服务队"}

    await station.command("pending")
    listing = await station.expect("待审核的志愿者申请")
    reject = next(b for b in listing.button_list if b.text.startswith("✖"))
    await station.press(listing, reject.text)
    await station.press(await station.expect("请选择原因"), "无法核实申请人身份")
    await station.expect("已拒绝")
    await applicant.expect("没有通过")
    assert await chat.app.router.services.people.volunteer(800701) is None


async def test_a_point_without_teams_refers_its_coordinator_upwards(chat: ChatHarness) -> None:
    services = chat.app.router.services
    async with chat.app.db.transaction() as tx:
        for user_id, name in ((800702, "卫先生"), (800703, "蒋站长")):
            await tx.users.upsert(user_id, name, None)
    filed = await services.applications.file(800702, 13)
    assert filed.coordinators == [CENTER_COORDINATOR, STATION_COORDINATOR]
    await services.staff.promote(ADMIN, 800703, Role.COORDINATOR, 13)
    with pytest.raises(Refused, match="no-teams-here"):
        await services.applications.review(filed.application.id, 800703)
    _application, teams = await services.applications.review(
        filed.application.id, CENTER_COORDINATOR
    )
    assert [t.code for t in teams] == ["HAIR-CG", "LAW-CG", "THEORY-CTR", "EDU-CTR"]
