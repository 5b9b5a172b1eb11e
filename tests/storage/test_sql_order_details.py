"""Contract tests for the order details repository, and the seed file's datum, on
every SQL backend."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from domain.datums import gcj02_to_bd09, wgs84_to_gcj02
from domain.models import OrderDraft
from domain.order_details_models import Beneficiary, OrderDetails, Visit
from storage.seed import SeedError, load_seed
from storage.sql import SqlDatabase
from tests.days import TOMORROW

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


async def test_details_are_kept_and_read_back(db: SqlDatabase, world: World) -> None:
    details = OrderDetails(
        visit=Visit.HOME,
        address="3号楼2单元301",
        pinned=True,
        day_part="afternoon",
        at_time="15:00",
        beneficiary=Beneficiary("王秀英", "parent", "13900005678", None),
        entered_by=77,
    )
    async with db.transaction() as tx:
        draft = OrderDraft(world.resident, world.service_id, 11, TOMORROW, "", 30.1, 120.2)
        order = await tx.orders.create(draft, "civility", NOW)
        await tx.order_details.put(order.id, details)
        plain = await tx.orders.create(draft, "civility", NOW)
        await tx.order_details.put(plain.id, OrderDetails(visit=Visit.STATION))
        bare = await tx.orders.create(draft, "civility", NOW)
    async with db.transaction() as tx:
        assert await tx.order_details.get(order.id) == details
        assert await tx.order_details.get(plain.id) == OrderDetails(visit=Visit.STATION)
        assert await tx.order_details.get(bare.id) is None  # placed before details


async def test_a_phone_finds_the_one_person_who_stored_it(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        await tx.users.upsert(6001, "王秀英", None)
        await tx.users.set_phone(6001, "13900005678")
        await tx.users.upsert(6002, "甲", None)
        await tx.users.upsert(6003, "乙", None)
        await tx.users.set_phone(6002, "13900009999")
        await tx.users.set_phone(6003, "13900009999")  # a shared family phone: nobody
    async with db.transaction() as tx:
        assert await tx.order_details.person_with_phone("13900005678") == 6001
        assert await tx.order_details.person_with_phone("13900009999") is None
        assert await tx.order_details.person_with_phone("13900000000") is None


def _seed(tmp_path: Path, datum: str, lat: float, lon: float) -> Path:
    path = tmp_path / "county.yaml"
    path.write_text(
        f"datum: {datum}\n"
        "sites:\n"
        f"  - {{id: 1, parent: null, level: center, zh: 中心, en: C, lat: {lat!r}, lon: {lon!r}}}\n"
        "  - {id: 2, parent: 1, level: station, zh: 所, en: S}\n",
        encoding="utf-8",
    )
    return path


WGS = (30.2741, 120.1551)  # Hangzhou, West Lake


@pytest.mark.parametrize(
    ("datum", "given"),
    [
        ("WGS84", WGS),
        ("GCJ-02", wgs84_to_gcj02(*WGS)),
        ("BD-09", gcj02_to_bd09(*wgs84_to_gcj02(*WGS))),
    ],
)
async def test_the_seed_loader_stores_wgs84_whatever_the_files_datum(
    db: SqlDatabase, tmp_path: Path, datum: str, given: tuple[float, float]
) -> None:
    await load_seed(db, _seed(tmp_path, datum, *given))
    async with db.transaction() as tx:
        site = await tx.sites.get(1)
        without = await tx.sites.get(2)
    assert site is not None and site.lat is not None and site.lon is not None
    # within a metre: BD-09's own inverse is a published approximation (~0.1 m)
    assert abs(site.lat - WGS[0]) < 1e-5 and abs(site.lon - WGS[1]) < 1e-5
    assert without is not None and (without.lat, without.lon) == (None, None)


async def test_a_seed_with_an_unknown_datum_is_refused(db: SqlDatabase, tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="unknown datum"):
        await load_seed(db, _seed(tmp_path, "CGCS2000", *WGS))


async def test_forgetting_a_person_blanks_the_house_and_the_person_ordered_for(
    db: SqlDatabase, world: World
) -> None:
    details = OrderDetails(
        Visit.HOME, "3号楼2单元", True, "morning", None, Beneficiary("王秀英", "parent", "139")
    )
    async with db.transaction() as tx:
        await tx.users.upsert(6010, "王秀英", None)
        draft = OrderDraft(world.resident, world.service_id, 11, TOMORROW, "", 30.1, 120.2)
        mine = await tx.orders.create(draft, "civility", NOW)
        await tx.order_details.put(mine.id, details)
        await tx.users.upsert(6011, "邻居", None)
        by_neighbour = OrderDraft(6011, world.service_id, 11, TOMORROW, "", 30.1, 120.2)
        other = await tx.orders.create(by_neighbour, "civility", NOW)
        for_her = Beneficiary("王秀英", "parent", "139", person_id=6010)
        await tx.order_details.put(other.id, OrderDetails(Visit.HOME, "5号楼", beneficiary=for_her))
    async with db.transaction() as tx:
        await tx.privacy.erase(world.resident)
    async with db.transaction() as tx:
        assert await tx.order_details.get(mine.id) == OrderDetails(Visit.HOME, day_part="morning")
        kept = await tx.order_details.get(other.id)
        assert kept is not None and kept.beneficiary is not None  # not hers to erase
        await tx.privacy.erase(6010)  # the person it was for, on an order someone else placed
    async with db.transaction() as tx:
        assert await tx.order_details.get(other.id) == OrderDetails(Visit.HOME)
