"""The audit trail end to end: each coordinator action leaves exactly one entry (who,
what, when, about which, why), a refused one leaves none, and `/audit` shows a
coordinator only the entries of their own subtree, in their language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from domain.applications import Reason
from domain.audit import AuditAction, AuditEntry, AuditValue
from domain.errors import Refused
from domain.models import LocalName, OrderDraft, Role
from tests.days import TOMORROW
from tests.flows.powers import (
    CENTER_COORDINATOR,
    OTHER_COORDINATOR,
    POINT,
    POINT_COORDINATOR,
    STATION,
    STATION_COORDINATOR,
    County,
)
from tests.harness import ADMIN, ChatHarness

BARBER, OTHER_BARBER = 900001, 900002


async def _county(chat: ChatHarness) -> County:
    """The test county with both barbers as people who started the bot (assignable)."""
    county = County(chat)
    for barber in (BARBER, OTHER_BARBER):
        await county.started(barber)
    return county


async def _trail(chat: ChatHarness) -> list[AuditEntry]:
    async with chat.app.db.transaction() as tx:
        return await tx.audit.recent(None, county=True, limit=1000)


@dataclass(frozen=True)
class Expected:
    action: AuditAction
    actor: int
    site: int | None
    subject: str
    details: dict[str, AuditValue] = field(default_factory=dict)


# Each action: set up (may itself leave entries), then act; returns what must be recorded.
Act = Callable[[County], Awaitable[tuple[Callable[[], Awaitable[Any]], Expected]]]


async def _assign(county: County) -> tuple[Callable[[], Awaitable[Any]], Expected]:
    order = await county.order()
    return (
        lambda: county.services.desk.assign(order, BARBER, STATION_COORDINATOR),
        Expected(AuditAction.ASSIGN, STATION_COORDINATOR, POINT, str(order), {"volunteer": BARBER}),
    )


async def _reassign(county: County) -> tuple[Callable[[], Awaitable[Any]], Expected]:
    order = await county.order()
    await county.services.desk.assign(order, BARBER, ADMIN)
    return (
        lambda: county.services.desk.reassign(order, OTHER_BARBER, POINT_COORDINATOR),
        Expected(
            AuditAction.REASSIGN,
            POINT_COORDINATOR,
            POINT,
            str(order),
            {"volunteer": OTHER_BARBER, "previous": BARBER},
        ),
    )


async def _cancel(county: County) -> tuple[Callable[[], Awaitable[Any]], Expected]:
    order = await county.order()
    return (
        lambda: county.services.desk.cancel_by_coordinator(
            order, POINT_COORDINATOR, " 居民不需要了 "
        ),
        Expected(
            AuditAction.CANCEL, POINT_COORDINATOR, POINT, str(order), {"reason": "居民不需要了"}
        ),
    )


async def _promote(county: County) -> tuple[Callable[[], Awaitable[Any]], Expected]:
    user = await county.user("新人")
    return (
        lambda: county.services.staff.promote(STATION_COORDINATOR, user, Role.COORDINATOR, 12),
        Expected(AuditAction.PROMOTE, STATION_COORDINATOR, 12, str(user), {"role": "coordinator"}),
    )


async def _demote(county: County) -> tuple[Callable[[], Awaitable[Any]], Expected]:
    user = await county.coordinator(12)
    return (
        lambda: county.services.staff.demote(STATION_COORDINATOR, user),
        Expected(AuditAction.DEMOTE, STATION_COORDINATOR, 12, str(user), {"role": "coordinator"}),
    )


async def _approve(county: County) -> tuple[Callable[[], Awaitable[Any]], Expected]:
    application, team = await county.application(POINT), await county.team_id("HAIR-DQ")
    applicant = await _applicant(county, application)
    return (
        lambda: county.services.applications.approve(application, POINT_COORDINATOR, team),
        Expected(
            AuditAction.APPROVE,
            POINT_COORDINATOR,
            POINT,
            str(application),
            {"user": applicant, "team": team},
        ),
    )


async def _reject(county: County) -> tuple[Callable[[], Awaitable[Any]], Expected]:
    application = await county.application(POINT)
    applicant = await _applicant(county, application)
    return (
        lambda: county.services.applications.reject(
            application, STATION_COORDINATOR, Reason.of(code="full")
        ),
        Expected(
            AuditAction.REJECT,
            STATION_COORDINATOR,
            POINT,
            str(application),
            {"user": applicant, "reason": None, "reason_code": "full"},
        ),
    )


async def _applicant(county: County, application: int) -> int:
    async with county.harness.app.db.transaction() as tx:
        found = await tx.applications.get(application)
    assert found is not None
    return found.user_id


async def _service_add(county: County) -> tuple[Callable[[], Awaitable[Any]], Expected]:
    name = LocalName("读报", "Reading the paper")
    return (
        lambda: county.services.catalog.add(CENTER_COORDINATOR, "culture", "paper-reading", name),
        Expected(
            AuditAction.SERVICE_ADD,
            CENTER_COORDINATOR,
            None,
            "paper-reading",
            {"category": "culture", "zh": "读报", "en": "Reading the paper"},
        ),
    )


async def _service_rename(county: County) -> tuple[Callable[[], Awaitable[Any]], Expected]:
    code = await county.service()  # 测试服务 | Test
    name = LocalName("新名字", "New name")
    return (
        lambda: county.services.catalog.rename(ADMIN, code, name),
        Expected(
            AuditAction.SERVICE_RENAME,
            ADMIN,
            None,
            code,
            {"zh": "新名字", "en": "New name", "was_zh": "测试服务", "was_en": "Test"},
        ),
    )


async def _service_retire(county: County) -> tuple[Callable[[], Awaitable[Any]], Expected]:
    code = await county.service()
    return (
        lambda: county.services.catalog.retire(ADMIN, code),
        Expected(AuditAction.SERVICE_RETIRE, ADMIN, None, code),
    )


ACTIONS: dict[str, Act] = {
    "assign": _assign,
    "reassign": _reassign,
    "cancel": _cancel,
    "promote": _promote,
    "demote": _demote,
    "approve": _approve,
    "reject": _reject,
    "catalogue add": _service_add,
    "catalogue rename": _service_rename,
    "catalogue retire": _service_retire,
}


@pytest.mark.parametrize("name", list(ACTIONS))
async def test_each_coordinator_action_leaves_exactly_one_audit_entry(
    chat: ChatHarness, name: str
) -> None:
    county = await _county(chat)
    act, expected = await ACTIONS[name](county)
    before = {entry.id for entry in await _trail(chat)}
    chat.clock.advance(minutes=7)
    await act()
    new = [entry for entry in await _trail(chat) if entry.id not in before]
    assert len(new) == 1, new
    [entry] = new
    got = Expected(entry.action, entry.actor_id, entry.site_id, entry.subject, dict(entry.details))
    assert got == expected
    assert entry.at == chat.clock.now()


async def test_a_demotion_of_two_grants_leaves_one_entry_at_each_site(chat: ChatHarness) -> None:
    county = await _county(chat)
    user = await county.coordinator(12)
    async with chat.app.db.transaction() as tx:
        await tx.roles.grant(user, Role.COORDINATOR, 13)
    before = {entry.id for entry in await _trail(chat)}
    await county.services.staff.demote(STATION_COORDINATOR, user)
    new = [entry for entry in await _trail(chat) if entry.id not in before]
    assert sorted((e.action, e.site_id, e.subject) for e in new) == [
        (AuditAction.DEMOTE, 12, str(user)),
        (AuditAction.DEMOTE, 13, str(user)),
    ]


async def _cancelled_twice(county: County) -> Callable[[], Awaitable[Any]]:
    # Refused after the entry is written (the order is no longer open): it must roll back.
    order = await county.order()
    await county.services.desk.cancel_by_coordinator(order, POINT_COORDINATOR, "重复")
    return lambda: county.services.desk.cancel_by_coordinator(order, POINT_COORDINATOR, "again")


async def _assigned_elsewhere(county: County) -> Callable[[], Awaitable[Any]]:
    order = await county.order()
    return lambda: county.services.desk.assign(order, BARBER, OTHER_COORDINATOR)


async def _reassigned_to_the_same(county: County) -> Callable[[], Awaitable[Any]]:
    order = await county.order()
    await county.services.desk.assign(order, BARBER, ADMIN)
    return lambda: county.services.desk.reassign(order, BARBER, POINT_COORDINATOR)


async def _promoted_at_own_level(county: County) -> Callable[[], Awaitable[Any]]:
    user = await county.user()
    return lambda: county.services.staff.promote(STATION_COORDINATOR, user, Role.COORDINATOR, 10)


async def _demoted_by_a_peer(county: County) -> Callable[[], Awaitable[Any]]:
    user = await county.coordinator(12)
    return lambda: county.services.staff.demote(OTHER_COORDINATOR, user)


async def _approved_into_a_far_team(county: County) -> Callable[[], Awaitable[Any]]:
    application, far = await county.application(POINT), await county.team_id("HAIR-HB")
    return lambda: county.services.applications.approve(application, POINT_COORDINATOR, far)


async def _rejected_from_elsewhere(county: County) -> Callable[[], Awaitable[Any]]:
    application = await county.application(POINT)
    return lambda: county.services.applications.reject(application, OTHER_COORDINATOR)


async def _catalogue_by_a_station(county: County) -> Callable[[], Awaitable[Any]]:
    code = await county.service()
    return lambda: county.services.catalog.retire(STATION_COORDINATOR, code)


REFUSED: dict[str, Callable[[County], Awaitable[Callable[[], Awaitable[Any]]]]] = {
    "cancel of a cancelled order": _cancelled_twice,
    "assign outside one's sites": _assigned_elsewhere,
    "reassign to the same volunteer": _reassigned_to_the_same,
    "promote at one's own level": _promoted_at_own_level,
    "demote by a peer station": _demoted_by_a_peer,
    "approve into a far team": _approved_into_a_far_team,
    "reject from another station": _rejected_from_elsewhere,
    "catalogue edit by a station": _catalogue_by_a_station,
}


@pytest.mark.parametrize("name", list(REFUSED))
async def test_a_refused_action_leaves_no_audit_entry(chat: ChatHarness, name: str) -> None:
    act = await REFUSED[name](await _county(chat))
    before = await _trail(chat)
    with pytest.raises(Refused):
        await act()
    assert await _trail(chat) == before


async def _order_at(county: County, site_id: int) -> int:
    resident = await county.user("居民")
    draft = OrderDraft(resident, await county.service_id("haircut"), site_id, TOMORROW, "")
    return (await county.services.desk.place(draft)).order.id


async def test_audit_shows_a_point_its_own_entries_and_a_station_all_its_points(
    chat: ChatHarness,
) -> None:
    county = await _county(chat)
    here, there = await _order_at(county, POINT), await _order_at(county, 12)
    station = await chat.person(STATION_COORDINATOR, "钱军")
    await station.command("cancel", f"{here} 居民不需要了")
    await station.expect("已取消，已通知")
    await station.command("cancel", f"{there} 重复下单")
    await station.expect("已取消，已通知")

    point = await chat.person(POINT_COORDINATOR, "冯雪")
    await point.command("audit")
    mine = (await point.expect("您负责站点的操作记录")).text or ""
    assert f"取消了订单 #{here}" in mine and "理由：居民不需要了" in mine
    assert f"#{there}" not in mine and "重复下单" not in mine  # point 12 is not theirs
    await point.command("audit", "12")
    await point.expect("这个站点不在您可以管理的范围内")
    await point.command("audit", str(STATION))
    await point.expect("这个站点不在您可以管理的范围内")

    await station.command("audit", str(STATION))
    whole = (await station.expect("城关镇新时代文明实践所的操作记录")).text or ""
    assert whole.index(f"#{there}") < whole.index(f"#{here}")  # newest first
    assert "钱军（900102）：取消了订单" in whole
    await station.command("audit", "12")
    one = (await station.expect("西门社区新时代文明实践站的操作记录")).text or ""
    assert f"#{there}" in one and f"#{here}" not in one

    other = await chat.person(OTHER_COORDINATOR, "邓宁")
    await other.command("audit")
    await other.expect("您负责的站点还没有操作记录")


async def test_audit_renders_who_what_when_and_why_in_the_readers_language(
    chat: ChatHarness,
) -> None:
    county = await _county(chat)
    order = await county.order()
    await county.services.desk.assign(order, BARBER, STATION_COORDINATOR)
    await county.services.staff.promote(ADMIN, await county.user("小杨"), Role.ADMIN, None)
    await county.services.catalog.add(
        ADMIN, "culture", "paper-reading", LocalName("读报", "Reading the paper")
    )
    admin = await chat.person(ADMIN, "Admin", "en")
    await admin.command("audit")
    trail = (await admin.expect("Audit trail of your sites")).text or ""
    # The harness starts at 09:00 UTC on 20 November: that is 17:00 in the county (Asia/Shanghai).
    at = "20 Nov 2026 17:00"
    assert (
        f"{at} 钱军 (900102): assigned order #{order} to 王秀英 (900001) "
        "(Daqiao Community Practice Station)" in trail
    )
    assert "Admin (900201): appointed 小杨 (" in trail and "as admin (whole county)" in trail
    assert 'added service paper-reading (Reading the paper) under "Culture" (whole county)' in trail

    station = await chat.person(STATION_COORDINATOR, "钱军")
    await station.command("audit")
    theirs = (await station.expect("您负责站点的操作记录")).text or ""
    assert f"把订单 #{order} 派给 王秀英（900001）（大桥社区新时代文明实践站）" in theirs
    assert f"2026年11月20日 17:00 钱军（900102）：把订单 #{order} 派给" in theirs
    assert "paper-reading" not in theirs and "管理员" not in theirs  # county-wide: not theirs


async def test_audit_pages_on_with_the_older_entries_button(chat: ChatHarness) -> None:
    county = await _county(chat)
    orders = [await county.order() for _ in range(22)]
    for order in orders:
        await county.services.desk.cancel_by_coordinator(order, POINT_COORDINATOR, f"原因{order}号")
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    await point.command("audit", str(POINT))
    first = await point.expect("大桥社区新时代文明实践站的操作记录")
    shown = [order for order in orders if f"原因{order}号" in (first.text or "")]
    assert shown == orders[2:]  # the newest 20
    await point.press(first, "更早的记录")
    second = await point.expect("大桥社区新时代文明实践站的操作记录")
    assert [order for order in orders if f"原因{order}号" in (second.text or "")] == orders[:2]
    assert not second.button_list  # nothing older
