"""The monthly roll-ups on every SQL backend: the same writes keep them beside the daily
rows, so a read over whole months (from the monthly rows) says what the same rows
read day by day say; recomputing days of the ledger rebuilds their months; and
migration 0029 fills them from the daily rows there were."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.stats_models import whole_months
from storage.migrate import downgrade, upgrade
from storage.sql import SqlDatabase
from storage.sql.tables import ledger_rollups_monthly, stats_rollups_monthly
from tests.storage.test_sql_ledger_rollups import _served
from tests.storage.test_sql_stats import ALL, MARCH, _county, _world

if TYPE_CHECKING:
    from tests.storage.conftest import World

# The same March, read day by day: it starts in February (where there is nothing),
# so it is not whole months.
BY_DAY = (date(2025, 2, 28), date(2025, 3, 31))


def test_whole_months_are_a_month_or_a_run_of_them() -> None:
    assert whole_months(*MARCH) and whole_months(date(2025, 1, 1), date(2025, 12, 31))
    assert whole_months(date(2024, 2, 1), date(2024, 2, 29))  # a leap February
    assert not whole_months(*BY_DAY) and not whole_months(date(2025, 3, 1), date(2025, 3, 30))


async def test_a_whole_month_reads_what_its_days_add_up_to(db: SqlDatabase, world: World) -> None:
    await _county(db, world)
    await _served(db, world)
    async with db.read() as tx:
        for read in (tx.stats.by_category, tx.stats.by_site):
            monthly, daily = await read(ALL, *MARCH), await read(ALL, *BY_DAY)
            assert monthly == daily and monthly
        monthly_hours = sorted(await tx.stats.hours(ALL, *MARCH), key=repr)
        assert monthly_hours == sorted(await tx.stats.hours(ALL, *BY_DAY), key=repr)
        assert sum(c.minutes for c in monthly_hours) == 240
        days = await tx.stats.by_day(ALL, *BY_DAY)
        months = await tx.stats.by_month(ALL, date(2025, 1, 1), date(2025, 12, 31))
    placed, finished = sum(p for p, _ in days.values()), sum(f for _, f in days.values())
    assert months == {date(2025, 3, 1): (placed, finished)} and placed == 7  # 5 + 2 served


async def _ledger_months(db: SqlDatabase) -> list[dict[str, Any]]:
    t = ledger_rollups_monthly
    async with db.read() as tx:
        found = await tx.session.execute(select(t).order_by(*t.primary_key.columns))
        return [dict(r._mapping) for r in found]


async def test_recomputing_days_rebuilds_their_months(db: SqlDatabase, world: World) -> None:
    await _served(db, world)
    live = await _ledger_months(db)
    assert [(r["site_id"], r["source"], r["minutes"]) for r in live] == [
        (10, "adjust", 30),
        (12, "order", 90),  # 150 minutes, less the 60 reversed the next day
        (21, "activity", 120),
    ]
    async with db.transaction() as tx:
        await tx.session.execute(delete(ledger_rollups_monthly))
        # One day of the month recomputed: its month is summed afresh from every day.
        await tx.stats.recompute_hours(date(2025, 3, 3), date(2025, 3, 3))
    assert await _ledger_months(db) == live


async def _order_months(db: SqlDatabase) -> list[dict[str, Any]]:
    t = stats_rollups_monthly
    async with db.read() as tx:
        found = await tx.session.execute(select(t).order_by(*t.primary_key.columns))
        return [dict(r._mapping) for r in found]


async def test_the_migration_fills_the_months_from_the_days(empty_engine: AsyncEngine) -> None:
    await upgrade(empty_engine)
    db = SqlDatabase(empty_engine)
    world = await _world(db)
    await _county(db, world)
    await _served(db, world)
    orders, hours = await _order_months(db), await _ledger_months(db)
    assert len(orders) == 5 and len(hours) == 3  # 11, 12 in 2 categories, 21; 3 sources
    await downgrade(empty_engine, "0028")
    await upgrade(empty_engine, "0029")
    assert await _order_months(db) == orders
    assert await _ledger_months(db) == hours
