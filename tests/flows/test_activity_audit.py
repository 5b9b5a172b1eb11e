"""The audit trail of activities and broadcasts: publishing, editing, postponing and
calling off an activity, correcting its attendance, and its 结项 (the beneficiaries
entered, the hours credited, the report attached) each leave their entries in the
acting transaction, as the orders' and admins' actions do (tests/flows/
test_audit_trail.py); a sent /broadcast leaves one with its audience and size, never
its words. `/audit` shows them in the reader's language."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest

from domain.activity_models import SignupRole
from domain.audit import AuditAction, AuditEntry, AuditValue
from domain.broadcast_models import Audience
from domain.errors import Refused
from domain.models import LocalName
from tests.flows.powers import BARBERS, POINT, POINT_COORDINATOR, STATION_COORDINATOR
from tests.flows.test_activities import RESIDENTS, _activity, sending
from tests.harness import ADMIN, ChatHarness
from tests.harness.chat import START

Entry = tuple[AuditAction, int, int | None, dict[str, AuditValue]]  # what, who, where, details


@pytest.fixture
async def chat(chat: ChatHarness) -> AsyncIterator[ChatHarness]:
    async with sending(chat) as harness:
        yield harness


async def _trail(chat: ChatHarness) -> list[AuditEntry]:
    async with chat.app.db.read() as tx:
        return await tx.audit.recent(None, county=True, limit=1000)


async def _on(chat: ChatHarness) -> int:
    """An activity (at point 11, in two days) with a barber and a resident signed up."""
    activity_id = await _activity(chat, residents=5)
    services = chat.app.router.services
    for person, role in ((BARBERS[0], SignupRole.VOLUNTEER), (RESIDENTS[0], SignupRole.RESIDENT)):
        async with chat.app.db.transaction() as tx:
            await tx.users.upsert(person, "人", None)
        await services.activities.sign_up(activity_id, person, role)
    return activity_id


Act = Callable[[ChatHarness], Awaitable[tuple[Callable[[], Awaitable[Any]], list[Entry]]]]


async def _publish(chat: ChatHarness) -> tuple[Callable[[], Awaitable[Any]], list[Entry]]:
    details: dict[str, AuditValue] = {
        "volunteers": 2,
        "residents": 1,
        "visibility": "subtree",
        "told": 3,  # the subtree's volunteers: the two barbers and the reader
    }
    return lambda: _activity(chat), [
        (AuditAction.ACTIVITY_PUBLISH, STATION_COORDINATOR, POINT, details)
    ]


async def _edit(chat: ChatHarness) -> tuple[Callable[[], Awaitable[Any]], list[Entry]]:
    activity_id = await _on(chat)
    activities = chat.app.router.services.activities
    return (
        lambda: activities.edit(
            STATION_COORDINATOR, activity_id, quotas=(3, 8), title=LocalName("新名字", "")
        ),
        [
            (
                AuditAction.ACTIVITY_EDIT,
                STATION_COORDINATOR,
                POINT,
                {"fields": "places,title", "volunteers": 3, "residents": 8},
            )
        ],
    )


async def _move(chat: ChatHarness) -> tuple[Callable[[], Awaitable[Any]], list[Entry]]:
    activity_id = await _on(chat)
    start = START + timedelta(days=9)
    end = start + timedelta(hours=3)
    activities = chat.app.router.services.activities
    return (
        lambda: activities.move(POINT_COORDINATOR, activity_id, start, end),
        [
            (
                AuditAction.ACTIVITY_MOVE,
                POINT_COORDINATOR,
                POINT,
                {"starts": start.isoformat(), "ends": end.isoformat()},
            )
        ],
    )


async def _cancel(chat: ChatHarness) -> tuple[Callable[[], Awaitable[Any]], list[Entry]]:
    activity_id = await _on(chat)
    activities = chat.app.router.services.activities
    return (
        lambda: activities.cancel_activity(ADMIN, activity_id),
        [(AuditAction.ACTIVITY_CANCEL, ADMIN, POINT, {"told": 2})],
    )


async def _attendance(chat: ChatHarness) -> tuple[Callable[[], Awaitable[Any]], list[Entry]]:
    activity_id = await _on(chat)
    chat.clock.advance(days=2, minutes=10)
    checkins = chat.app.router.services.activities.checkins
    return (
        lambda: checkins.correct(STATION_COORDINATOR, activity_id, RESIDENTS[0]),
        [
            (
                AuditAction.ACTIVITY_ATTENDANCE,
                STATION_COORDINATOR,
                POINT,
                {"user": RESIDENTS[0], "present": True},
            )
        ],
    )


async def _close(chat: ChatHarness) -> tuple[Callable[[], Awaitable[Any]], list[Entry]]:
    activity_id = await _on(chat)
    chat.clock.advance(days=2, minutes=10)
    checkins = chat.app.router.services.activities.checkins
    await checkins.check_in_for(STATION_COORDINATOR, activity_id, BARBERS[0])
    who = STATION_COORDINATOR
    return (
        lambda: checkins.close(
            who, activity_id, {"elderly": 12, "others": 3}, "讲座顺利", ["photo-1", "photo-2"]
        ),
        [
            (
                AuditAction.ACTIVITY_BENEFICIARIES,
                who,
                POINT,
                {"elderly": 12, "children": 0, "others": 3},
            ),
            (AuditAction.ACTIVITY_HOURS, who, POINT, {"volunteers": 1, "minutes": 120}),
            (AuditAction.ACTIVITY_REPORT, who, POINT, {"photos": 2, "words": True}),
        ],
    )


async def _broadcast(chat: ChatHarness) -> tuple[Callable[[], Awaitable[Any]], list[Entry]]:
    desk = chat.app.router.services.broadcasts
    draft = await desk.draft(POINT_COORDINATOR, Audience("subtree"), "周六上午九点集合")
    return (
        lambda: desk.start(draft.id, POINT_COORDINATOR, None),
        [
            (
                AuditAction.BROADCAST,
                POINT_COORDINATOR,
                POINT,
                {"audience": "subtree", "total": draft.total},
            )
        ],
    )


ACTIONS: dict[str, Act] = {
    "publish": _publish,
    "edit": _edit,
    "postpone": _move,
    "call off": _cancel,
    "attendance corrected": _attendance,
    "结项: beneficiaries, hours, report": _close,
    "broadcast sent": _broadcast,
}


@pytest.mark.parametrize("name", list(ACTIONS))
async def test_each_activity_action_and_a_broadcast_leave_their_audit_entries(
    chat: ChatHarness, name: str
) -> None:
    act, expected = await ACTIONS[name](chat)
    before = {entry.id for entry in await _trail(chat)}
    chat.clock.advance(minutes=7)
    result = await act()
    new = sorted((e for e in await _trail(chat) if e.id not in before), key=lambda e: e.id)
    got = [(e.action, e.actor_id, e.site_id, dict(e.details)) for e in new]
    assert got == expected
    subject = str(result if isinstance(result, int) else getattr(result, "activity", result).id)
    assert all(e.subject == subject for e in new)
    assert all(e.at == chat.clock.now() for e in new)
    if name == "broadcast sent":  # the words stay out of the trail
        assert all("周六" not in str(e.details) for e in new)


async def test_a_refused_activity_action_leaves_no_entry(chat: ChatHarness) -> None:
    activity_id = await _on(chat)
    services = chat.app.router.services
    await services.activities.cancel_activity(STATION_COORDINATOR, activity_id)
    before = await _trail(chat)
    with pytest.raises(Refused):
        await services.activities.edit(STATION_COORDINATOR, activity_id, quotas=(5, 5))
    with pytest.raises(Refused):
        await services.activities.checkins.close(STATION_COORDINATOR, activity_id, {}, "", [])
    other = await _on(chat)
    with pytest.raises(Refused):  # not started yet
        await services.activities.checkins.close(STATION_COORDINATOR, other, {}, "", [])
    assert [e for e in await _trail(chat) if e.subject != str(other)] == before


async def test_audit_shows_an_activitys_life_in_both_languages(chat: ChatHarness) -> None:
    activity_id = await _on(chat)
    services = chat.app.router.services
    start = START + timedelta(days=3)
    await services.activities.move(
        STATION_COORDINATOR, activity_id, start, start + timedelta(hours=2)
    )
    await services.activities.edit(STATION_COORDINATOR, activity_id, quotas=(4, 6))
    chat.clock.advance(days=3, minutes=10)
    checkins = services.activities.checkins
    await checkins.check_in_for(STATION_COORDINATOR, activity_id, BARBERS[0])
    await checkins.correct(STATION_COORDINATOR, activity_id, RESIDENTS[0])
    await checkins.close(STATION_COORDINATOR, activity_id, {"elderly": 5}, "", ["p"])
    draft = await services.broadcasts.draft(POINT_COORDINATOR, Audience("subtree"), "集合")
    await services.broadcasts.start(draft.id, POINT_COORDINATOR, None)

    station = await chat.person(STATION_COORDINATOR, "钱军")
    await station.command("audit")
    trail = (await station.expect("您负责站点的操作记录")).text or ""
    a = f"活动 #{activity_id}（健康知识讲座）"
    for line in (
        f"钱军（{STATION_COORDINATOR}）：发布了{a}，志愿者 2 名、居民 5 名，通知 3 人",
        f"把{a}改期到 2026年11月23日 17:00",
        f"修改了{a}的名额",
        f"把 人（{RESIDENTS[0]}） 在{a}的签到改为已到",
        f"登记了{a}的受益群众：老人 5、儿童 0、其他 0",
        f"为{a}的 1 名志愿者各记服务时长 2 小时",
        f"为{a}附上结项总结：1 张照片",
        f"群发 #{draft.id} 给我负责站点的全部志愿者，共 {draft.total} 人",
    ):
        assert line in trail, (line, trail.splitlines())
    assert trail.index("附上结项总结") < trail.index("发布了")  # newest first

    admin = await chat.person(ADMIN, "Admin", "en")
    await admin.command("audit")
    english = (await admin.expect("Audit trail of your sites")).text or ""
    b = f"activity #{activity_id} (Health talk)"
    for line in (
        f"published {b}: 2 volunteers, 5 residents, 3 told",
        f"moved {b} to 23 Nov 2026 17:00",
        f"changed the places of {b}",
        f"marked 人 ({RESIDENTS[0]}) present at {b}",
        f"entered the beneficiaries of {b}: 5 elderly, 0 children, 0 others",
        f"credited 1 volunteer 2 h each for {b}",
        f"attached the report of {b}: 1 photo",
        f"sent broadcast #{draft.id} to all volunteers of my sites: {draft.total} people",
    ):
        assert line in english, line
