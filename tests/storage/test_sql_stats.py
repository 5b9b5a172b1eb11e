"""The statistics roll-ups on every SQL backend: kept by each transition in its own
transaction, read by site, category and county day, and backfilled by migration 0019
to the same numbers the live hook keeps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.clock import ManualClock
from domain.errors import Refused
from domain.models import LocalName, OrderDraft, OrderStatus, Role, SiteLevel
from domain.reference import Reference
from domain.roles import Authority
from domain.stats import StatsDesk, month
from domain.stats_models import Tally, bucket_of, total
from storage.migrate import alembic_config, downgrade, upgrade
from storage.sql import SqlDatabase, SqlTx
from storage.sql.tables import stats_rollups
from tests.days import TODAY

if TYPE_CHECKING:
    from tests.storage.conftest import World

S = OrderStatus
# 09:00 in Shanghai on 2 March; 20:00 UTC is the next county day already.
NOW = datetime(2025, 3, 2, 1, 0, tzinfo=UTC)
LATE = datetime(2025, 3, 2, 20, 0, tzinfo=UTC)
MARCH = (date(2025, 3, 1), date(2025, 3, 31))
ALL = [1, 10, 11, 12, 20, 21]


async def _order(tx: SqlTx, world: World, site_id: int, at: datetime, sports: bool = False) -> int:
    service = world.other_service_id if sports else world.service_id
    draft = OrderDraft(world.resident, service, site_id, TODAY, "", None, None)
    order = await tx.orders.create(draft, "sports" if sports else "civility", at)
    return order.id


async def _serve(tx: SqlTx, order_id: int, at: datetime, stars: int | None, hours: float) -> None:
    """Offered, accepted 12 minutes after `at`, done 3 hours after, rated if `stars`."""
    await tx.orders.transition(order_id, [S.NEW], S.OFFERED, None, at)
    accepted = at + timedelta(minutes=12)
    await tx.orders.transition(
        order_id, [S.NEW, S.OFFERED], S.ACCEPTED, 901, accepted, volunteer_id=901
    )
    await tx.orders.transition(
        order_id, [S.ACCEPTED], S.DONE, 901, at + timedelta(hours=3), hours=hours
    )
    if stars is not None:
        rated = at + timedelta(hours=4)
        await tx.orders.transition(order_id, [S.DONE], S.RATED, 500, rated, rating=stars)


async def _county(db: SqlDatabase, world: World) -> list[int]:
    """Five orders in March: two served at point 11 (5 and 2 stars), one cancelled
    after acceptance at point 12, one released and open at station 20's point, one
    placed late on 2 March UTC (3 March in the county)."""
    async with db.transaction() as tx:
        a = await _order(tx, world, 11, NOW)
        await _serve(tx, a, NOW, 5, 1.5)
        b = await _order(tx, world, 11, NOW, sports=True)
        await _serve(tx, b, NOW, 2, 2.0)
        c = await _order(tx, world, 12, NOW)
        await tx.orders.transition(c, [S.NEW], S.OFFERED, None, NOW)
        await tx.orders.transition(c, [S.OFFERED], S.ACCEPTED, 902, NOW + timedelta(hours=1))
        # Several statuses allowed: the repository finds which one it replaced.
        await tx.orders.transition(c, [S.NEW, S.OFFERED, S.ACCEPTED], S.CANCELLED, 500, NOW)
        d = await _order(tx, world, 21, NOW)
        await tx.orders.transition(d, [S.NEW, S.OFFERED], S.ACCEPTED, 903, NOW + timedelta(days=2))
        # A reassignment keeps it accepted and is not a second acceptance.
        await tx.orders.transition(d, [S.NEW, S.OFFERED, S.ACCEPTED], S.ACCEPTED, 901, NOW)
        await tx.orders.transition(d, [S.ACCEPTED], S.NEW, 901, NOW)  # released
        e = await _order(tx, world, 11, LATE)
    return [a, b, c, d, e]


async def test_each_transition_keeps_the_roll_ups(db: SqlDatabase, world: World) -> None:
    await _county(db, world)
    async with db.transaction() as tx:
        by_category = await tx.stats.by_category(ALL, *MARCH)
        by_site = await tx.stats.by_site(ALL, *MARCH)
    county = total(by_category.values())
    assert county.placed == 5
    assert {s: county.count(s) for s in S if county.count(s)} == {
        S.NEW: 2,
        S.RATED: 2,
        S.CANCELLED: 1,
    }
    assert (county.rating_sum, county.rating_count, county.complaints) == (7, 2, 1)
    assert county.rating == 3.5  # (hours: the ledger's, tests/storage/test_sql_ledger_rollups.py)
    # Accepted after 12 min (twice), 1 hour, 2 days; done after 3 hours (twice).
    accepted = [0] * len(county.accept)
    for waited in (12 * 60, 12 * 60, 3600, 2 * 86400):
        accepted[bucket_of(waited)] += 1
    assert list(county.accept) == accepted
    assert county.done[bucket_of(3 * 3600)] == 2 and sum(county.done) == 2
    assert by_category["sports"].placed == 1 and by_category["sports"].complaints == 1
    assert by_category["civility"].placed == 4
    assert set(by_site) == {11, 12, 21}
    assert by_site[11].placed == 3 and by_site[11].finished == 2
    assert by_site[12].count(S.CANCELLED) == 1
    assert by_site[21].count(S.NEW) == 1


async def test_the_day_is_the_countys_and_the_reads_keep_to_their_sites_and_days(
    db: SqlDatabase, world: World
) -> None:
    await _county(db, world)
    async with db.transaction() as tx:
        days = await tx.stats.by_day(ALL, *MARCH)
        station = await tx.stats.by_site([10, 11, 12], *MARCH)
        second = await tx.stats.by_category(ALL, date(2025, 3, 2), date(2025, 3, 2))
        february = await tx.stats.by_category(ALL, date(2025, 2, 1), date(2025, 2, 28))
        nowhere = await tx.stats.by_category([], *MARCH)
    assert days == {date(2025, 3, 2): (4, 2), date(2025, 3, 3): (1, 0)}
    assert set(station) == {11, 12}
    assert total(second.values()).placed == 4
    assert february == {} and nowhere == {}


async def test_the_tally_adds_up() -> None:
    one = Tally(placed=1, statuses={S.NEW: 1}, accept=tuple([1] + [0] * 20))
    two = one + one
    assert two.placed == 2 and two.count(S.NEW) == 2 and two.accept[0] == 2
    assert Tally().median_accept is None and Tally().rating is None


def _previous() -> str:
    script = ScriptDirectory.from_config(alembic_config())
    down = script.get_revision("0019").down_revision
    assert isinstance(down, str)
    return down


async def _rows(db: SqlDatabase) -> list[dict[str, Any]]:
    async with db.transaction() as tx:
        found = await tx.session.execute(
            select(stats_rollups).order_by(*stats_rollups.primary_key.columns)
        )
        return [dict(row._mapping) for row in found]


async def test_the_migration_backfills_what_the_transitions_kept(
    empty_engine: AsyncEngine,
) -> None:
    await upgrade(empty_engine)
    db = SqlDatabase(empty_engine)
    await _county(db, await _world(db))
    kept = await _rows(db)
    assert len(kept) == 5  # (11, 2 Mar) in 2 categories; 12; 21; (11, 3 Mar)
    await downgrade(empty_engine, _previous())
    await upgrade(empty_engine, "0019")
    assert await _rows(db) == kept


async def _world(db: SqlDatabase) -> World:
    """What conftest's `world` holds, on a database of the test's own."""
    from tests.storage.conftest import World

    async with db.transaction() as tx:
        for site_id, parent, level in [
            (1, None, SiteLevel.CENTER),
            (10, 1, SiteLevel.STATION),
            (11, 10, SiteLevel.POINT),
            (12, 10, SiteLevel.POINT),
            (20, 1, SiteLevel.STATION),
            (21, 20, SiteLevel.POINT),
        ]:
            await tx.sites.upsert(site_id, parent, level, LocalName("站", "Site"), None, None)
        await tx.catalogue.upsert_category("civility", LocalName("乡风文明", "Civility"), 7)
        await tx.catalogue.upsert_category("sports", LocalName("体育健身", "Sports"), 6)
        haircut = await tx.catalogue.upsert_service("haircut", "civility", LocalName("剪", "Cut"))
        fitness = await tx.catalogue.upsert_service("fitness", "sports", LocalName("健", "Fit"))
        team = await tx.teams.upsert("HAIR-11", LocalName("队", "Team"), 11, "civility")
        await tx.users.upsert(500, "居民", None)
        for user_id in (901, 902, 903):
            await tx.users.upsert(user_id, f"V{user_id}", None)
            await tx.volunteers.upsert(user_id, team.id)
    return World(haircut.id, fitness.id, team.id, team.id)


async def test_the_desk_reports_the_readers_scope_and_ranks_the_sites_below(
    db: SqlDatabase, world: World
) -> None:
    await _county(db, world)
    async with db.transaction() as tx:
        await tx.roles.grant(700, Role.COORDINATOR, 10)
        await tx.roles.grant(701, Role.COORDINATOR, 10)
        await tx.roles.grant(701, Role.COORDINATOR, 20)
    reference = Reference(db, ManualClock(NOW))
    desk = StatsDesk(db, Authority(frozenset({9}), reference), reference, ZoneInfo(db.timezone))
    march = month(2025, 3)
    station = await desk.report(700, None, march)
    assert station.site is not None and station.site.id == 10
    assert [(r.site.id, r.tally.placed, r.tally.finished) for r in station.below] == [
        (11, 3, 2),
        (12, 1, 0),
    ]
    assert station.tally.placed == 4 and station.parent is None  # the center is not theirs
    assert [p.placed for p in station.trend][:3] == [0, 3, 1]  # 1, 2 and 3 March
    point = await desk.report(700, 11, march)
    assert point.below == [] and point.parent is not None and point.parent.id == 10
    two = await desk.report(701, None, march)
    assert two.site is None and [r.site.id for r in two.below] == [10, 20]
    county = await desk.report(9, None, march)  # an admin: from the root down
    assert county.site is not None and county.site.id == 1 and county.tally.placed == 5
    with pytest.raises(Refused) as outside:
        await desk.report(700, 21, march)
    assert outside.value.reason == "stats-outside"
    with pytest.raises(Refused) as unknown:
        await desk.report(700, 999, march)
    assert unknown.value.reason == "stats-no-site"
    with pytest.raises(Refused) as nobody:
        await desk.report(702, None, march)
    assert nobody.value.reason == "not-a-coordinator"
