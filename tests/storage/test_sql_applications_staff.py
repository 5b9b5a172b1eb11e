"""Contract tests for the applications and staff repositories, on every SQL backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from domain.models import ApplicationStatus, OrderDraft, Role, SiteTally
from storage.sql import SqlDatabase
from tests.days import TODAY

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


async def test_one_pending_application_per_user_then_decided_once(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        first = await tx.applications.create(500, 11, NOW)
        assert first is not None and first.status is ApplicationStatus.PENDING
        assert first.first_name == "居民" and first.site_id == 11
        assert await tx.applications.create(500, 12, NOW) is None  # one pending at a time
        assert await tx.applications.pending_of(500) == first
    async with db.transaction() as tx:
        approved = await tx.applications.decide(
            first.id, ApplicationStatus.APPROVED, 900, NOW + timedelta(hours=1), world.team_id
        )
        again = await tx.applications.decide(first.id, ApplicationStatus.REJECTED, 901, NOW)
    assert approved is not None and again is None
    assert (approved.status, approved.team_id, approved.decided_by) == (
        ApplicationStatus.APPROVED,
        world.team_id,
        900,
    )
    assert approved.decided_at == NOW + timedelta(hours=1)
    async with db.transaction() as tx:
        assert await tx.applications.pending_of(500) is None
        second = await tx.applications.create(500, 12, NOW)  # decided: may apply again
    assert second is not None and second.id != first.id


async def test_pending_applications_by_site_oldest_first(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        for user_id in (600, 601, 602):
            await tx.users.upsert(user_id, f"U{user_id}", None)
        late = await tx.applications.create(600, 11, NOW + timedelta(minutes=5))
        early = await tx.applications.create(601, 12, NOW)
        await tx.applications.create(602, 21, NOW)
        assert late is not None and early is not None
        assert [a.id for a in await tx.applications.pending_at([11, 12])] == [early.id, late.id]
        assert await tx.applications.get(10_000) is None


async def test_revoke_removes_exactly_one_grant(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        await tx.roles.grant(77, Role.COORDINATOR, 10)
        await tx.roles.grant(77, Role.COORDINATOR, 11)
        await tx.roles.grant(77, Role.ADMIN, None)
        assert await tx.roles.admins() == [77]
        assert await tx.roles.revoke(77, Role.COORDINATOR, 10)
        assert not await tx.roles.revoke(77, Role.COORDINATOR, 10)
        assert await tx.roles.revoke(77, Role.ADMIN, None)
        grants = await tx.roles.grants(77)
    assert [(g.role, g.site_id) for g in grants] == [(Role.COORDINATOR, 11)]


async def test_teams_roster_and_tallies(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        assert [t.code for t in await tx.teams.teams_at([10, 11])] == ["HAIR-11", "HAIR-10"]
        await tx.volunteers.upsert(902, world.team_id, active=False)
        roster = await tx.volunteers.roster([10, 11], limit=2)
        assert [v.user_id for v in roster] == [901, 903]  # active first, then by name
        assert await tx.volunteers.roster_size([10, 11]) == 3
        await tx.orders.create(OrderDraft(500, world.service_id, 11, TODAY), "civility", NOW)
        await tx.orders.create(OrderDraft(500, world.service_id, 12, TODAY), "civility", NOW)
        tallies = await tx.sites.tallies()
    assert tallies == {
        10: SiteTally(volunteers=1),
        11: SiteTally(volunteers=1, open_orders=1),
        12: SiteTally(open_orders=1),
    }
