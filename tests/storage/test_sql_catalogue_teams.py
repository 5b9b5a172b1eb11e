"""Contract tests for the catalogue, team, volunteer and role repositories."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from domain.ledger import credit_hours
from domain.models import Category, LocalName, Role, RoleGrant, Service, Team, Volunteer
from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def test_catalogue_orders_categories_and_keeps_service_ids(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        await tx.catalogue.upsert_category("theory", LocalName("理论宣讲", "Theory"), 1)
        renamed = await tx.catalogue.upsert_service(
            "haircut", "civility", LocalName("义剪", "Haircuts"), retired=True
        )
        catalogue = await tx.catalogue.load()
    assert renamed == Service(
        world.service_id, "haircut", "civility", LocalName("义剪", "Haircuts"), True
    )
    assert [c.code for c in catalogue.categories] == ["theory", "sports", "civility"]
    assert catalogue.categories[0] == Category("theory", LocalName("理论宣讲", "Theory"), 1)
    assert [s.id for s in catalogue.services] == [world.service_id, world.other_service_id]
    assert catalogue.services_in("civility") == []  # retired ones stay in `services`


async def test_team_by_code_and_upsert(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        assert await tx.teams.by_code("NOPE") is None
        moved = await tx.teams.upsert("HAIR-11", LocalName("队", "Team"), 12, "civility")
        assert moved == Team(world.team_id, "HAIR-11", LocalName("队", "Team"), 12, "civility")
        assert await tx.teams.by_code("HAIR-11") == moved


async def test_volunteer_get_upsert_and_hours(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        assert await tx.volunteers.get(world.resident) is None
        v = await tx.volunteers.get(901)
        assert v == Volunteer(901, "V901", world.team_id, 11, "civility")
        # Hours and points are the ledger's (`domain.ledger`): 3.75 h earn 38 points.
        await credit_hours(tx, 901, 1.5, "order:1", at=NOW)
        await credit_hours(tx, 901, 2.25, "order:2", at=NOW)
        moved = await tx.volunteers.upsert(901, world.station_team_id, active=False)
    assert moved == Volunteer(
        901, "V901", world.station_team_id, 10, "civility", False, hours=3.75, points=38
    )


async def test_candidates_filter_and_order(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        both = await tx.volunteers.candidates("civility", [11, 10])
        assert [v.user_id for v in both] == [901, 902, 903]
        assert [v.user_id for v in await tx.volunteers.candidates("civility", [11])] == [901, 902]
        excluded = await tx.volunteers.candidates("civility", {10, 11}, exclude=[901, 903])
        assert [v.user_id for v in excluded] == [902]
        assert await tx.volunteers.candidates("sports", [10, 11]) == []
        assert await tx.volunteers.candidates("civility", []) == []

        await tx.users.set_unreachable(902, True)
        await tx.volunteers.upsert(903, world.station_team_id, active=False)
        remaining = await tx.volunteers.candidates("civility", [10, 11])
    assert [v.user_id for v in remaining] == [901]


async def test_roles_grant_is_idempotent(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        for _ in range(2):
            await tx.roles.grant(42, Role.COORDINATOR, 10)
            await tx.roles.grant(42, Role.COORDINATOR, 21)
            await tx.roles.grant(42, Role.ADMIN, None)
            await tx.roles.grant(43, Role.COORDINATOR, 11)
        grants = await tx.roles.grants(42)
        assert await tx.roles.grants(7) == []
    assert grants == [
        RoleGrant(42, Role.COORDINATOR, 10),
        RoleGrant(42, Role.COORDINATOR, 21),
        RoleGrant(42, Role.ADMIN, None),
    ]


async def test_coordinators_of(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        await tx.roles.grant(43, Role.COORDINATOR, 11)
        await tx.roles.grant(42, Role.COORDINATOR, 10)
        await tx.roles.grant(42, Role.COORDINATOR, 11)
        await tx.roles.grant(44, Role.ADMIN, None)
        assert await tx.roles.coordinators_of([11, 10, 1]) == [42, 43]
        assert await tx.roles.coordinators_of([20, 21]) == []
        assert await tx.roles.coordinators_of([]) == []
