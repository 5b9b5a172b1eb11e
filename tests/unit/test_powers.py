"""Roles and powers, pure: who manages which sites, tree folds, catalogue rules, codecs."""

from __future__ import annotations

from typing import Any, cast

import pytest

from domain.catalog import check_name, valid_code
from domain.errors import Refused
from domain.models import LocalName, Role, RoleGrant, Site, SiteLevel, SiteTally
from domain.ports.database import Tx
from domain.reference import SiteTree
from domain.roles import Authority, strictly_below, top_sites
from domain.staff import _may_remove, subtree_tallies
from handlers.admin import VolunteersPress, _promote_args
from handlers.application_notices import ApplicationPress
from handlers.applications import ApplicationTeamPress, JoinSitePress
from handlers.catalog import _name
from handlers.kit.chunks import split
from handlers.kit.presses import PRESSES, Press, pack, unpack
from tests.unit.fakes import SITES

SUBTREES = {1: [1, 10, 20, 101, 102, 201], 10: [10, 101, 102], 20: [20, 201], 101: [101]}


class FakeRoles:
    def __init__(self, grants: dict[int, list[RoleGrant]]) -> None:
        self._grants = grants

    async def grants(self, user_id: int) -> list[RoleGrant]:
        return self._grants.get(user_id, [])


class FakeSites:
    async def all(self) -> list[Site]:
        return list(SITES)


def fake_tx(**grants: list[tuple[Role, int | None]]) -> Tx:
    """A Tx with just what `Authority` reads: grants by user ("u<id>") and the tree."""
    table = {
        int(user[1:]): [RoleGrant(int(user[1:]), role, site) for role, site in held]
        for user, held in grants.items()
    }
    tx: Any = type("FakeTx", (), {})()
    tx.roles, tx.sites = FakeRoles(table), FakeSites()
    return cast(Tx, tx)


AUTHORITY = Authority(frozenset({1}))
TX = fake_tx(
    u2=[(Role.COORDINATOR, 10)],  # station
    u3=[(Role.COORDINATOR, 101)],  # point
    u4=[(Role.COORDINATOR, 1)],  # center
    u5=[(Role.ADMIN, None)],  # promoted admin
    u6=[(Role.COORDINATOR, 10), (Role.COORDINATOR, 101)],  # station and one of its points
)


def test_top_sites_drop_grants_inside_other_grants() -> None:
    assert top_sites([10, 101], SUBTREES) == [10]
    assert top_sites([10, 20], SUBTREES) == [10, 20]


def test_strictly_below_excludes_the_grant_site_unless_a_higher_grant_covers_it() -> None:
    assert strictly_below([10], SUBTREES) == {101, 102}
    assert strictly_below([101], SUBTREES) == set()
    assert strictly_below([10, 101], SUBTREES) == {101, 102}


@pytest.mark.parametrize(
    ("user", "site", "allowed"),
    [
        (1, 10, True),  # admin by the settings: everywhere
        (5, 1, True),  # admin by a grant
        (4, 10, True),  # the center manages stations
        (4, 1, False),  # ...but not its own level
        (2, 101, True),  # a station manages its points
        (2, 10, False),  # ...not itself or its peers
        (2, 201, False),  # ...nor another station's points
        (3, 101, False),  # a point manages nobody
    ],
)
async def test_who_may_appoint_where(user: int, site: int, allowed: bool) -> None:
    if allowed:
        await AUTHORITY.require_manage(TX, user, site)
    else:
        with pytest.raises(Refused, match="site-not-yours"):
            await AUTHORITY.require_manage(TX, user, site)


async def test_non_coordinators_manage_nothing_and_are_told_so() -> None:
    with pytest.raises(Refused, match="not-a-coordinator"):
        await AUTHORITY.manages(TX, 99)
    with pytest.raises(Refused, match="not-a-coordinator"):
        await AUTHORITY.top_sites(TX, 99)


async def test_county_wide_powers_are_the_center_and_admins() -> None:
    for user in (1, 4, 5):
        await AUTHORITY.require_county(TX, user)
    for user in (2, 3, 99):
        with pytest.raises(Refused, match="not-county"):
            await AUTHORITY.require_county(TX, user)


async def test_only_admins_are_admins() -> None:
    await AUTHORITY.require_admin(TX, 1)
    await AUTHORITY.require_admin(TX, 5)
    with pytest.raises(Refused, match="not-an-admin"):
        await AUTHORITY.require_admin(TX, 4)


async def test_top_sites_of_a_coordinator_and_of_an_admin() -> None:
    assert await AUTHORITY.top_sites(TX, 6) == [10]
    assert await AUTHORITY.top_sites(TX, 1) == [1]


def test_what_a_demotion_may_remove() -> None:
    point = RoleGrant(9, Role.COORDINATOR, 101)
    admin = RoleGrant(9, Role.ADMIN, None)
    assert _may_remove(point, None) and _may_remove(admin, None)
    assert _may_remove(point, {101, 102})
    assert not _may_remove(point, {102}) and not _may_remove(admin, {101})


def test_subtree_tallies_add_each_site_into_every_ancestor() -> None:
    own = {101: SiteTally(2, 1), 102: SiteTally(1, 0), 201: SiteTally(0, 4), 10: SiteTally(1, 0)}
    totals = subtree_tallies(SiteTree.of(SITES), own)
    assert totals[101] == SiteTally(2, 1)
    assert totals[10] == SiteTally(4, 1)
    assert totals[20] == SiteTally(0, 4)
    assert totals[1] == SiteTally(4, 5)


def test_walk_is_depth_first_with_depths() -> None:
    assert [(s.id, d) for s, d in SiteTree.of(SITES).walk([1])] == [
        (1, 0), (10, 1), (101, 2), (102, 2), (20, 1), (201, 2)
    ]  # fmt: skip
    assert [s.id for s, _ in SiteTree.of(SITES).walk([20, 10])] == [10, 101, 102, 20, 201]


def test_tallies_survive_a_parent_cycle() -> None:
    loop = [
        Site(1, 2, SiteLevel.STATION, LocalName("a", "a")),
        Site(2, 1, SiteLevel.POINT, LocalName("b", "b")),
    ]
    tree = SiteTree.of(loop)
    assert subtree_tallies(tree, {1: SiteTally(1, 0)})[2] == SiteTally(1, 0)
    assert [s.id for s, _ in tree.walk([1])] == [1, 2]


@pytest.mark.parametrize("code", ["haircut", "elder-visit", "a1", "x" * 64])
def test_valid_service_codes(code: str) -> None:
    assert valid_code(code)


@pytest.mark.parametrize("code", ["", "Haircut", "-x", "a b", "x" * 65, "理发"])
def test_invalid_service_codes(code: str) -> None:
    assert not valid_code(code)


def test_service_names_need_chinese_and_fit_the_column() -> None:
    assert check_name(LocalName(" 义剪 ", " Haircut ")) == LocalName("义剪", "Haircut")
    for bad in (LocalName(" ", "x"), LocalName("x" * 129, ""), LocalName("x", "y" * 129)):
        with pytest.raises(Refused, match="bad-service-name"):
            check_name(bad)


def test_catalog_names_split_on_the_bar() -> None:
    assert _name("爱心义剪 | Free haircut") == LocalName("爱心义剪", "Free haircut")
    assert _name("爱心义剪") == LocalName("爱心义剪", "")
    assert _name(" | English only") is None


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        ("900005 coordinator 11", (900005, Role.COORDINATOR, 11)),
        ("900005 Coordinator 11", (900005, Role.COORDINATOR, 11)),
        ("900005 admin", (900005, Role.ADMIN, None)),
        ("900005 admin 11", None),
        ("900005 coordinator", None),
        ("900005 coordinator x", None),
        ("alice coordinator 11", None),
        ("900005 volunteer 11", None),
        ("", None),
    ],
)
def test_promote_arguments(args: str, parsed: object) -> None:
    assert _promote_args(args) == parsed


def test_split_keeps_lines_whole_and_under_the_limit() -> None:
    lines = [f"line {i} " + "x" * 20 for i in range(10)]
    parts = split(lines, limit=60)
    assert all(len(p) <= 60 for p in parts)
    assert "\n".join(parts).split("\n") == lines
    assert split([], limit=10) == [""]
    assert split(["y" * 100], limit=10) == ["y" * 10]


POWER_PRESSES: list[Press] = [
    JoinSitePress(11),
    ApplicationPress(7, "y"),
    ApplicationPress(7, "n"),
    ApplicationTeamPress(7, 3),
    VolunteersPress(11),
]
BIG = 2**63 - 1


@pytest.mark.parametrize("press", POWER_PRESSES, ids=repr)
def test_power_presses_round_trip(press: Press) -> None:
    assert unpack(pack(press)) == press


@pytest.mark.parametrize(
    "press",
    [JoinSitePress(BIG), ApplicationPress(BIG, "y"), ApplicationTeamPress(BIG, BIG)],
    ids=repr,
)
def test_power_presses_fit_in_64_bytes_with_big_ids(press: Press) -> None:
    assert len(pack(press).encode()) <= 64


@pytest.mark.parametrize("data", ["js:", "js:x", "ja:1:z", "ja:1", "jt:1", "jt:x:1", "vs:"])
def test_malformed_power_data_unpacks_to_none(data: str) -> None:
    assert unpack(data) is None


def test_every_power_press_type_has_a_round_trip_case() -> None:
    power = {JoinSitePress, ApplicationPress, ApplicationTeamPress, VolunteersPress}
    assert power <= set(PRESSES.types())
    assert {type(p) for p in POWER_PRESSES} == power
