"""Contract tests for vetted joining on every SQL backend: an invite token is used
once, even by two people at the same instant; a team-code application keeps its team;
the coordinators' notices are kept for editing later."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from domain import invite_tokens
from domain.applications import Applications
from domain.clock import ManualClock
from domain.errors import Refused
from domain.invites import Invites
from domain.models import ApplicationStatus, Notice, Role
from domain.roles import Authority
from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
KEY = invite_tokens.derive_key("test secret")
COORDINATOR = 700  # of station 10, over the team at point 11
RACERS = range(810, 820)


async def test_an_invite_token_is_marked_used_once(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        assert await tx.invites.use("a1b2c3d4e5f60708", world.team_id, 901, NOW) is True
        assert await tx.invites.use("a1b2c3d4e5f60708", world.team_id, 902, NOW) is False
        assert await tx.invites.use("0000000000000000", world.team_id, 902, NOW) is True


async def test_two_people_racing_on_one_invite_exactly_one_joins(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        await tx.roles.grant(COORDINATOR, Role.COORDINATOR, 10)
        for user_id in RACERS:
            await tx.users.upsert(user_id, f"U{user_id}", None)
    invites = Invites(db, ManualClock(NOW), Authority(frozenset()), KEY)
    issued = await invites.issue(COORDINATOR, "hair-11")
    start = asyncio.Event()

    async def redeem(user_id: int) -> bool:
        await start.wait()
        try:
            await invites.redeem(user_id, issued.token)
        except Refused as refused:
            assert refused.reason == "invite-used"
            return False
        return True

    tasks = [asyncio.create_task(redeem(user_id)) for user_id in RACERS]
    start.set()
    joined = [u for u, ok in zip(RACERS, await asyncio.gather(*tasks), strict=True) if ok]
    assert len(joined) == 1
    async with db.transaction() as tx:
        volunteers = [await tx.volunteers.get(user_id) for user_id in RACERS]
    assert [v.user_id for v in volunteers if v is not None] == joined


async def test_an_invite_lapses_with_its_issuer_and_never_crosses_sites(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        await tx.roles.grant(COORDINATOR, Role.COORDINATOR, 20)  # the other station
        await tx.users.upsert(811, "U811", None)
    clock = ManualClock(NOW)
    invites = Invites(db, clock, Authority(frozenset()), KEY, ttl=timedelta(hours=1))
    with pytest.raises(Refused, match="team-not-yours"):
        await invites.issue(COORDINATOR, "HAIR-11")
    async with db.transaction() as tx:
        await tx.roles.grant(COORDINATOR, Role.COORDINATOR, 10)
    issued = await invites.issue(COORDINATOR, "HAIR-11")
    async with db.transaction() as tx:
        await tx.roles.revoke(COORDINATOR, Role.COORDINATOR, 10)
    with pytest.raises(Refused, match="invite-invalid"):
        await invites.redeem(811, issued.token)


async def test_a_team_code_application_keeps_its_team_and_the_notices(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        filed = await tx.applications.create(500, 11, NOW, team_id=world.team_id)
        assert filed is not None and filed.team_id == world.team_id
        await tx.applications.add_notices(filed.id, [Notice(700, 5), Notice(701, 9)])
        await tx.applications.add_notices(filed.id, [Notice(700, 6)])  # sent again: the newer
        rejected = await tx.applications.decide(
            filed.id, ApplicationStatus.REJECTED, 700, NOW, reason="请先参加培训"
        )
        assert await tx.applications.notices(filed.id) == [Notice(700, 6), Notice(701, 9)]
    assert rejected is not None
    assert (rejected.team_id, rejected.reason, rejected.reason_code) == (
        world.team_id,
        "请先参加培训",
        None,
    )


async def test_an_applicant_who_joined_by_invite_is_not_approved_into_another_team(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        await tx.roles.grant(COORDINATOR, Role.COORDINATOR, 10)
        await tx.users.upsert(812, "U812", None)
    clock, authority = ManualClock(NOW), Authority(frozenset())
    applications = Applications(db, clock, authority)
    invites = Invites(db, clock, authority, KEY)
    filed = await applications.file_for_team(812, "HAIR-10")
    assert filed.team is not None and filed.site.id == 10 and filed.coordinators == [COORDINATOR]
    await invites.redeem(812, (await invites.issue(COORDINATOR, "HAIR-11")).token)
    with pytest.raises(Refused, match="applicant-volunteer"):
        await applications.approve_pressed(filed.application.id, COORDINATOR)
    async with db.transaction() as tx:
        volunteer = await tx.volunteers.get(812)
    assert volunteer is not None and volunteer.team_id == world.team_id
