"""Residents pressing Sign up at once for fewer places, over HTTP and each transport:
exactly the quota signed up, the rest wait-listed, each told which."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from domain.activity_models import ActivityDraft, SignupStatus, Visibility
from domain.models import LocalName
from sandbox import SimUser
from tests.e2e.conftest import Stack
from tests.harness import START

STATION_COORDINATOR = 900102  # Chengguan (10), over the Daqiao point (11)
# Thirty presses for eight places (it was sixty for fifteen, twice the updates): on
# PostgreSQL a sign-up that read the count and then wrote it (the bug the one
# conditional UPDATE in storage/sql/repos/activities.py rules out) signed 17 or 18
# of them up, against 25 of the sixty; the presses all come at once either way.
RESIDENTS = range(820000, 820030)
PLACES = 8


async def _publish(stack: Stack) -> int:
    services = stack.app.router.services
    async with stack.app.db.transaction() as tx:
        team = await tx.teams.by_code("HAIR-DQ")
    assert team is not None
    start = START + timedelta(days=2)
    published = await services.activities.publish(
        ActivityDraft(
            title=LocalName("爱心义剪", "Free haircuts"),
            category_code="civility",
            team_id=team.id,
            site_id=11,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            volunteer_quota=0,
            resident_quota=PLACES,
            visibility=Visibility.SUBTREE,
            created_by=STATION_COORDINATOR,
        )
    )
    return published.activity.id


async def test_thirty_press_sign_up_at_once_for_eight_places(stack: Stack) -> None:
    await _race(stack)


async def test_the_same_race_on_postgresql_and_redis(service_stack: Stack) -> None:
    await _race(service_stack)


async def _race(stack: Stack) -> None:
    activity_id = await _publish(stack)
    # Started at once: only the presses below are the race, the greetings are not.
    residents = list(await asyncio.gather(*(stack.person(p, f"居民{p}") for p in RESIDENTS)))

    async def shown(resident: SimUser) -> None:
        await resident.command("activity", str(activity_id))
        await resident.expect("爱心义剪")

    await asyncio.gather(*(shown(r) for r in residents))
    await asyncio.gather(*(r.press(None, f"as:{activity_id}:r") for r in residents))

    async def told(resident: SimUser) -> str:
        message = await resident.expect(
            lambda m: "报名成功" in (m.text or "") or "加入候补" in (m.text or ""), timeout=60
        )
        return "signed" if "报名成功" in (message.text or "") else "waiting"

    outcomes = await asyncio.gather(*(told(r) for r in residents))
    assert outcomes.count("signed") == PLACES
    assert outcomes.count("waiting") == len(RESIDENTS) - PLACES
    async with stack.app.db.transaction() as tx:
        activity = await tx.activities.get(activity_id)
        signups = await tx.activities.signups(activity_id)
    assert activity is not None and activity.residents_signed == PLACES
    assert sum(s.status is SignupStatus.SIGNED for s in signups) == PLACES
    signed_ids = {s.person_id for s in signups if s.status is SignupStatus.SIGNED}
    assert signed_ids == {r.id for r, o in zip(residents, outcomes, strict=True) if o == "signed"}


async def test_check_in_by_the_rotating_code_over_each_transport(stack: Stack) -> None:
    activity_id = await _publish(stack)
    coordinator = await stack.person(STATION_COORDINATOR, "钱军")
    residents = [await stack.person(p, f"居民{p}") for p in RESIDENTS[:5]]
    stack.clock.advance(days=2, minutes=5)  # the event is on
    await coordinator.command("activity", str(activity_id))
    await coordinator.press(await coordinator.expect("爱心义剪"), "🔳 签到码")
    picture = await coordinator.expect(lambda m: m.photo is not None)  # uploaded as a PNG
    assert picture.photo is not None and picture.photo.file_size > 0
    link = await coordinator.expect("扫不了码的")
    code = (link.text or "").rsplit("start=", 1)[1]

    await asyncio.gather(*(r.command("start", code) for r in residents))
    await asyncio.gather(*(r.expect("✅ 签到成功：爱心义剪") for r in residents))
    await residents[0].command("start", code)  # scanned twice: once is what counts
    await residents[0].expect("已经签到过了")
    async with stack.app.db.transaction() as tx:
        checkins = await tx.activities.checkins(activity_id)
    assert sorted(c.person_id for c in checkins) == [r.id for r in residents]
