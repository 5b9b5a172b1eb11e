"""Contract tests for the user and site repositories, on every SQL backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from domain.models import LocalName, Site, SiteLevel, UserProfile
from domain.reference import uncached
from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World


async def test_user_upsert_creates_then_refreshes_names_only(db: SqlDatabase) -> None:
    async with db.transaction() as tx:
        assert await tx.users.get(7) is None
        created = await tx.users.upsert(7, "Ann", "ann")
        assert created == UserProfile(id=7, first_name="Ann", username="ann")
        await tx.users.set_locale(7, "en")
        await tx.users.set_phone(7, "+86 138 0000 0000")
        await tx.users.set_unreachable(7, True)
    async with db.transaction() as tx:
        refreshed = await tx.users.upsert(7, "Annie", None)
    assert refreshed == UserProfile(
        id=7,
        first_name="Annie",
        username=None,
        locale="en",
        phone="+86 138 0000 0000",
        unreachable=True,
    )


async def test_user_ids_beyond_32_bits(db: SqlDatabase) -> None:
    big = 7_000_000_001
    async with db.transaction() as tx:
        await tx.users.upsert(big, "Big", None)
    async with db.transaction() as tx:
        user = await tx.users.get(big)
    assert user is not None and user.id == big


async def test_user_home_site(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        await tx.users.set_home_site(world.resident, 11)
        await tx.users.set_unreachable(world.resident, False)
        user = await tx.users.get(world.resident)
    assert user is not None and user.home_site_id == 11 and not user.unreachable


async def test_site_get_all_children(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        center = await tx.sites.get(1)
        assert center == Site(1, None, SiteLevel.CENTER, LocalName("站1", "Site 1"), 30.0, 120.0)
        assert await tx.sites.get(99) is None
        assert [s.id for s in await tx.sites.all()] == [1, 10, 11, 12, 20, 21]
        tree = await uncached().sites(tx)  # the tree as the domain walks it
    assert [s.id for s in tree.children(None)] == [1]
    assert [s.id for s in tree.children(1)] == [10, 20]
    assert [s.id for s in tree.children(10)] == [11, 12]
    assert tree.children(11) == []


@pytest.mark.parametrize(
    ("site_id", "expected"),
    [(1, [1, 10, 11, 12, 20, 21]), (10, [10, 11, 12]), (21, [21]), (99, [])],
)
async def test_site_tree_subtree_ids(
    db: SqlDatabase, world: World, site_id: int, expected: list[int]
) -> None:
    async with db.transaction() as tx:
        tree = await uncached().sites(tx)
    assert tree.subtree_ids(site_id) == expected


async def test_site_tree_ancestors_start_with_the_site(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        tree = await uncached().sites(tx)
    assert [s.id for s in tree.ancestors(11)] == [11, 10, 1]
    assert [s.id for s in tree.ancestors(1)] == [1]
    assert tree.ancestors(99) == []
    levels = [s.level for s in tree.ancestors(21)]
    assert levels == [SiteLevel.POINT, SiteLevel.STATION, SiteLevel.CENTER]


async def test_site_upsert_updates_in_place(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        moved = await tx.sites.upsert(12, 20, SiteLevel.POINT, LocalName("新", "New"), None, None)
    assert moved == Site(12, 20, SiteLevel.POINT, LocalName("新", "New"))
    async with db.transaction() as tx:
        assert (await uncached().sites(tx)).subtree_ids(20) == [12, 20, 21]
        assert await tx.sites.get(12) == moved
