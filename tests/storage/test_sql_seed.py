"""The seed loader, and the demo county the end-to-end tests and demo rely on."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from sqlalchemy import func, select

from domain.models import Role, RoleGrant, SiteLevel
from domain.reference import uncached
from storage.seed import SeedError, SeedSummary, load_seed, read_seed
from storage.sql import SqlDatabase, metadata

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo-county.yaml"


async def _row_counts(db: SqlDatabase) -> dict[str, int]:
    async with db.transaction() as tx:
        return {
            t.name: (await tx.session.execute(select(func.count()).select_from(t))).scalar_one()
            for t in metadata.sorted_tables
        }


async def test_seed_twice_changes_nothing(db: SqlDatabase) -> None:
    first = await load_seed(db, DEMO)
    counts = await _row_counts(db)
    async with db.transaction() as tx:
        catalogue = await tx.catalogue.load()
        users = [await tx.users.get(i) for i in (900001, 900010, 900101, 900201)]
    second = await load_seed(db, DEMO)
    assert second == first == SeedSummary(19, 7, 18, 14, 15, 4, 1)
    assert await _row_counts(db) == counts
    async with db.transaction() as tx:
        assert await tx.catalogue.load() == catalogue
        assert [await tx.users.get(i) for i in (900001, 900010, 900101, 900201)] == users


async def test_seed_keeps_what_users_chose(db: SqlDatabase) -> None:
    await load_seed(db, DEMO)
    async with db.transaction() as tx:
        await tx.users.set_locale(900001, "en")
        await tx.users.set_home_site(900001, 12)
    await load_seed(db, DEMO)
    async with db.transaction() as tx:
        user = await tx.users.get(900001)
    assert user is not None and (user.locale, user.home_site_id) == ("en", 12)


async def test_demo_county_ids_the_e2e_tests_use(db: SqlDatabase) -> None:
    await load_seed(db, DEMO)
    async with db.transaction() as tx:
        for user_id in (900001, 900002, 900003):  # they write to the bot, as in the e2e tests
            await tx.users.set_unreachable(user_id, False)
        chain = (await uncached().sites(tx)).ancestors(11)
        assert [s.id for s in chain] == [11, 10, 1]
        levels = [s.level for s in chain]
        assert levels == [SiteLevel.POINT, SiteLevel.STATION, SiteLevel.CENTER]
        catalogue = await tx.catalogue.load()
        haircut = next(s for s in catalogue.services if s.code == "haircut")
        assert (haircut.id, haircut.category_code, haircut.name.zh) == (1, "civility", "爱心义剪")
        at_point = await tx.volunteers.candidates("civility", [11])
        assert [(v.user_id, v.site_id) for v in at_point] == [(900001, 11), (900002, 11)]
        at_station = await tx.volunteers.candidates("civility", [10])
        assert [v.user_id for v in at_station] == [900003]
        team = await tx.teams.by_code("HAIR-DQ")
        assert team is not None and team.id == at_point[0].team_id
        assert await tx.roles.coordinators_of([11]) == [900103]
        assert await tx.roles.coordinators_of([11, 10, 1]) == [900101, 900102, 900103]
        assert await tx.roles.grants(900201) == [RoleGrant(900201, Role.ADMIN, None)]
        emma = await tx.users.get(900010)
        assert emma is not None and emma.locale == "en"


async def test_seeded_people_never_started_the_bot_so_none_is_offered_an_order(
    db: SqlDatabase,
) -> None:
    await load_seed(db, DEMO)
    async with db.transaction() as tx:
        people = [await tx.users.get(i) for i in (900001, 900010, 900101, 900201)]
        assert all(p is not None and p.unreachable for p in people)
        assert await tx.volunteers.candidates("civility", [11, 10]) == []
        await tx.users.set_unreachable(900001, False)  # 900001 writes to the bot
    await load_seed(db, DEMO)  # seeding again leaves those who wrote reachable
    async with db.transaction() as tx:
        found = await tx.volunteers.candidates("civility", [11, 10])
    assert [v.user_id for v in found] == [900001]


def _km(a: dict[str, float], b: dict[str, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_demo_county_shape() -> None:
    data = read_seed(DEMO)
    sites = {s["id"]: s for s in data["sites"]}
    points = [s for s in sites.values() if s["level"] == "point"]
    stations = [s for s in sites.values() if s["level"] == "station"]
    assert len(points) >= 12 and len(stations) >= 3
    for point in points:
        assert 0.5 <= _km(point, sites[point["parent"]]) <= 5, point["zh"]
    assert [c["code"] for c in data["categories"]] == [
        "theory",
        "publicity",
        "education",
        "culture",
        "science",
        "sports",
        "civility",
    ]
    assert len(data["services"]) >= 15
    assert all(s["zh"] and s["en"] for s in data["services"])
    people = [p["id"] for key in ("volunteers", "coordinators", "admins") for p in data[key]]
    assert len(people) == len(set(people))
    assert all(900000 <= i < 901000 for i in people)


async def test_seed_refuses_unknown_team(db: SqlDatabase, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("volunteers:\n  - {id: 900001, first_name: X, team: NOPE}\n", encoding="utf-8")
    with pytest.raises(SeedError, match="NOPE"):
        await load_seed(db, bad)


async def test_seed_refuses_site_cycles(db: SqlDatabase, tmp_path: Path) -> None:
    bad = tmp_path / "cycle.yaml"
    bad.write_text(
        "sites:\n"
        "  - {id: 1, parent: 2, level: point, zh: a}\n"
        "  - {id: 2, parent: 1, level: point, zh: b}\n",
        encoding="utf-8",
    )
    with pytest.raises(SeedError, match="cycle"):
        await load_seed(db, bad)
