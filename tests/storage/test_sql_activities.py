"""Activities over SQLite and PostgreSQL: quotas under a race, the wait-list, offers,
follows and check-ins (`storage/sql/repos/activities.py`, `domain/activities.py`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.activities import OFFER_KIND, Activities, OfferLapsed
from domain.activity_checkins import credit_hours
from domain.activity_models import (
    ActivityDraft,
    CheckInHow,
    SignupRole,
    SignupStatus,
    Visibility,
)
from domain.clock import ManualClock
from domain.deadlines import DeadlineKinds
from domain.errors import Refused
from domain.models import LocalName, Role, SiteLevel
from domain.roles import Authority
from domain.sweep import Sweep
from storage.sql import SqlDatabase
from tests.storage.conftest import empty_database

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
START = NOW + timedelta(days=3)
COORDINATOR = 700
KEY = b"k" * 32
RESIDENTS = range(10_000, 10_200)
WORKERS = 3  # engines, as several bot processes would have


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def dbs(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[list[SqlDatabase]]:
    """One migrated database, and an engine on it per worker."""
    first, engine = await empty_database(request, tmp_path, request.param)
    others = [engine() for _ in range(WORKERS - 1)]
    try:
        yield [first, *others]
    finally:
        for database in (first, *others):
            await database.dispose()


async def _county(db: SqlDatabase) -> int:
    async with db.transaction() as tx:
        for site_id, parent, level in [
            (1, None, SiteLevel.CENTER),
            (10, 1, SiteLevel.STATION),
            (11, 10, SiteLevel.POINT),
        ]:
            name = LocalName(f"站{site_id}", f"Site {site_id}")
            await tx.sites.upsert(site_id, parent, level, name, 30.0, 120.0)
        await tx.catalogue.upsert_category("civility", LocalName("乡风文明", "Civility"), 7)
        team = await tx.teams.upsert("HAIR-11", LocalName("义剪队", "Hair"), 11, "civility")
        await tx.users.upsert(COORDINATOR, "站长", None)
        await tx.roles.grant(COORDINATOR, Role.COORDINATOR, 10)
        for user_id in (901, 902):
            await tx.users.upsert(user_id, f"V{user_id}", None)
            await tx.volunteers.upsert(user_id, team.id)
        for user_id in RESIDENTS:
            await tx.users.upsert(user_id, f"R{user_id}", None)
    return team.id


def _draft(team_id: int, residents: int = 50, volunteers: int = 2) -> ActivityDraft:
    return ActivityDraft(
        title=LocalName("爱心义剪", "Free haircuts"),
        category_code="civility",
        team_id=team_id,
        site_id=11,
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        volunteer_quota=volunteers,
        resident_quota=residents,
        visibility=Visibility.SUBTREE,
        created_by=COORDINATOR,
    )


def _desk(db: SqlDatabase, clock: ManualClock) -> Activities:
    return Activities(db, clock, Authority(frozenset()), KEY)


async def test_200_at_once_for_50_places_leaves_50_signed_and_150_waiting(
    dbs: list[SqlDatabase],
) -> None:
    team_id = await _county(dbs[0])
    clock = ManualClock(NOW)
    desks = [_desk(db, clock) for db in dbs]
    published = await desks[0].publish(_draft(team_id))
    activity_id = published.activity.id
    start = asyncio.Event()

    async def press(n: int, person_id: int) -> SignupStatus:
        await start.wait()
        signed = await desks[n % WORKERS].sign_up(activity_id, person_id, SignupRole.RESIDENT)
        return signed.signup.status

    tasks = [asyncio.create_task(press(n, p)) for n, p in enumerate(RESIDENTS)]
    start.set()
    results = await asyncio.gather(*tasks)

    assert results.count(SignupStatus.SIGNED) == 50
    assert results.count(SignupStatus.WAITLISTED) == 150
    async with dbs[0].transaction() as tx:
        stored = await tx.activities.get(activity_id)
        signups = await tx.activities.signups(activity_id)
    assert stored is not None and stored.residents_signed == 50
    assert len(signups) == 200
    waiting = [s.position for s in signups if s.status is SignupStatus.WAITLISTED]
    assert len(set(waiting)) == 150  # every place in the queue is its own


async def test_one_person_pressing_twice_at_once_takes_one_place(
    dbs: list[SqlDatabase],
) -> None:
    team_id = await _county(dbs[0])
    clock = ManualClock(NOW)
    desks = [_desk(db, clock) for db in dbs]
    activity = (await desks[0].publish(_draft(team_id, residents=5))).activity

    async def press(n: int) -> str:
        try:
            await desks[n % WORKERS].sign_up(activity.id, RESIDENTS[0], SignupRole.RESIDENT)
        except Refused as refused:
            return refused.reason
        return "ok"

    results = await asyncio.gather(*(press(n) for n in range(6)))
    assert sorted(results) == ["activity-already-signed"] * 5 + ["ok"]
    stored = await desks[0].get(activity.id)
    assert stored is not None and stored.residents_signed == 1


async def test_a_freed_place_goes_down_the_wait_list_then_lapses_to_the_next(
    dbs: list[SqlDatabase],
) -> None:
    db = dbs[0]
    team_id = await _county(db)
    clock = ManualClock(NOW)
    desk = _desk(db, clock)
    kinds = DeadlineKinds()
    desk.register(kinds)
    sweep = Sweep(db, clock, kinds)
    activity = (await desk.publish(_draft(team_id, residents=1))).activity
    first, second, third = RESIDENTS[:3]
    for person in (first, second, third):
        await desk.sign_up(activity.id, person, SignupRole.RESIDENT)

    left = await desk.leave(activity.id, first)
    assert left.offered is not None and left.offered.signup.person_id == second
    assert left.activity.residents_signed == 1  # the offered place still counts
    async with db.transaction() as tx:
        assert len(await tx.deadlines.pending(OFFER_KIND, left.offered.signup.id)) == 1

    clock.advance(hours=3)  # nobody confirmed
    with pytest.raises(Refused, match="activity-offer-gone"):  # too late, swept or not
        await desk.confirm(left.offered.signup.id, second)
    fired = await sweep.fire_next()
    assert fired is not None and isinstance(fired.outcome, OfferLapsed)
    assert fired.outcome.signup.person_id == second
    assert fired.outcome.offered is not None and fired.outcome.offered.signup.person_id == third

    taken = await desk.confirm(fired.outcome.offered.signup.id, third)
    assert taken.signup.status is SignupStatus.SIGNED
    with pytest.raises(Refused, match="activity-offer-gone"):
        await desk.confirm(fired.outcome.offered.signup.id, third)
    assert await sweep.fire_next() is None  # the confirmed offer's deadline went with it

    left = await desk.leave(activity.id, third)  # nobody waits now: the place is free
    assert left.offered is None and left.activity.residents_signed == 0
    again = await desk.sign_up(activity.id, first, SignupRole.RESIDENT)  # back after cancelling
    assert again.signup.status is SignupStatus.SIGNED


async def test_follows_check_ins_and_hours(dbs: list[SqlDatabase]) -> None:
    db = dbs[0]
    team_id = await _county(db)
    clock = ManualClock(NOW)
    desk = _desk(db, clock)
    assert await desk.follow(RESIDENTS[0], 11) is True
    assert await desk.follow(RESIDENTS[0], 11) is False
    published = await desk.publish(_draft(team_id))
    assert published.audience == [901, 902, RESIDENTS[0]]  # the team's and the follower

    activity = published.activity
    await desk.sign_up(activity.id, 901, SignupRole.VOLUNTEER)
    with pytest.raises(Refused, match="activity-volunteers-only"):
        await desk.sign_up(activity.id, RESIDENTS[1], SignupRole.VOLUNTEER)
    await desk.sign_up(activity.id, RESIDENTS[1], SignupRole.RESIDENT)
    _a, code = await desk.checkins.check_in_code(COORDINATOR, activity.id)
    with pytest.raises(Refused, match="activity-not-now"):
        await desk.checkins.check_in_by_code(901, code)

    clock.advance(days=3, minutes=5)
    _a, code = await desk.checkins.check_in_code(
        901, activity.id
    )  # a serving volunteer may show it
    assert (await desk.checkins.check_in_by_code(901, code)).fresh is True
    assert (await desk.checkins.check_in_by_code(901, code)).fresh is False  # once per person
    clock.advance(minutes=3)
    with pytest.raises(Refused, match="activity-code-stale"):
        await desk.checkins.check_in_by_code(RESIDENTS[1], code)  # a photo of it, sent home
    with pytest.raises(Refused, match="activity-too-far"):
        await desk.checkins.check_in_by_location(RESIDENTS[1], activity.id, 30.1, 120.0)
    checked = await desk.checkins.check_in_by_location(RESIDENTS[1], activity.id, 30.0005, 120.0)
    assert checked.fresh
    await desk.checkins.check_in_for(901, activity.id, RESIDENTS[5])  # a walk-in without a phone

    attendance = await desk.checkins.attendance(COORDINATOR, activity.id)
    assert (attendance.present, attendance.no_shows, attendance.walk_ins) == (3, 0, 1)
    attendance = await desk.checkins.correct(COORDINATOR, activity.id, RESIDENTS[1])
    assert attendance.present == 2 and attendance.no_shows == 1

    closed = await desk.checkins.close(
        COORDINATOR, activity.id, {"elderly": 12}, "顺利完成", ["photo-1"]
    )
    assert closed.credited == [901] and closed.activity.beneficiaries == {"elderly": 12}
    async with db.transaction() as tx:
        volunteer = await tx.volunteers.get(901)
        assert volunteer is not None and volunteer.hours == 2.0 and volunteer.points == 20
        assert await credit_hours(tx, RESIDENTS[0], 1.0, "test") is False
        checkins = await tx.activities.checkins(activity.id)
    assert {c.how for c in checkins} == {CheckInHow.QR, CheckInHow.STAFF}
    with pytest.raises(Refused, match="activity-not-open"):
        await desk.checkins.close(COORDINATOR, activity.id, {}, "", [])
