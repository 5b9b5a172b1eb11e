"""Hours and points for `/stats` from the ledger, on every SQL backend: each post that
moves a person's hours adds to `ledger_rollups` in its own transaction, placed by
its ref (order, activity, adjustment); recomputing a run of days from the entries
replaces those days' rows, so running it again (or after the live feed) changes
nothing; the desk reports hours by source and the activities held, per site."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from domain.activities import Activities
from domain.activity_models import ActivityDraft, SignupRole, Visibility
from domain.clock import ManualClock
from domain.ledger import credit_hours
from domain.ledger_models import TxKind, reversal_of
from domain.models import LocalName, OrderDraft, Role
from domain.reference import Reference
from domain.roles import Authority
from domain.stats import StatsDesk, month, parse_period
from storage.sql import SqlDatabase, SqlTx
from storage.sql.tables import ledger_rollups
from tests.days import TODAY

if TYPE_CHECKING:
    from tests.storage.conftest import World

# 09:00 in Shanghai on 2 March; 20:00 UTC is 3 March in the county.
NOW = datetime(2025, 3, 2, 1, 0, tzinfo=UTC)
LATE = datetime(2025, 3, 2, 20, 0, tzinfo=UTC)
MARCH = (date(2025, 3, 1), date(2025, 3, 31))
ALL = [1, 10, 11, 12, 20, 21]
COORDINATOR = 700
KEY = b"k" * 32


def _draft(team_id: int, site_id: int, starts: datetime) -> ActivityDraft:
    return ActivityDraft(
        title=LocalName("爱心义剪", "Free haircuts"),
        category_code="civility",
        team_id=team_id,
        site_id=site_id,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        volunteer_quota=3,
        resident_quota=10,
        visibility=Visibility.SUBTREE,
        created_by=COORDINATOR,
    )


async def _order(tx: SqlTx, world: World, site_id: int) -> int:
    draft = OrderDraft(world.resident, world.other_service_id, site_id, TODAY, "", None, None)
    return (await tx.orders.create(draft, "sports", NOW)).id


async def _rows(db: SqlDatabase) -> list[dict[str, Any]]:
    t = ledger_rollups
    async with db.read() as tx:
        found = await tx.session.execute(
            select(t).order_by(t.c.site_id, t.c.day, t.c.category_code, t.c.source)
        )
        return [dict(r._mapping) for r in found]


async def _served(db: SqlDatabase, world: World) -> None:
    """901: 1.5 h for an order at point 12 (sports); 902: 2 h for an activity at point
    21; 903 (station 10's team): 0.5 h adjusted late on 2 March UTC (3 March here);
    901 again: 1 h for another order, reversed on 3 March."""
    async with db.transaction() as tx:
        first = await _order(tx, world, 12)
        await credit_hours(tx, 901, 1.5, f"order:{first}", at=NOW)
        activity = await tx.activities.create(_draft(world.team_id, 21, NOW), NOW)
        await credit_hours(tx, 902, 2.0, f"activity:{activity.id}", at=NOW)
        await credit_hours(tx, 903, 0.5, "adjust", kind=TxKind.ADJUST, actor_id=700, at=LATE)
        second = await _order(tx, world, 12)
        undone = await credit_hours(tx, 901, 1.0, f"order:{second}", at=NOW)
        original = await tx.ledger.get(undone.tx_id)
        assert original is not None
        await tx.ledger.post(reversal_of(original, 700, "wrong order"), LATE)


async def test_each_post_feeds_the_roll_up_by_site_day_and_source(
    db: SqlDatabase, world: World
) -> None:
    await _served(db, world)
    rows = await _rows(db)
    assert [
        (r["site_id"], r["day"].day, r["category_code"], r["source"], r["minutes"], r["points"])
        for r in rows
    ] == [
        (10, 3, "civility", "adjust", 30, 5),
        (12, 2, "sports", "order", 150, 25),
        (12, 3, "sports", "order", -60, -10),  # the reversal, on its own day
        (21, 2, "civility", "activity", 120, 20),
    ]
    async with db.read() as tx:
        cells = await tx.stats.hours(ALL, *MARCH)
        assert sum(c.minutes for c in cells) == 240
        assert await tx.stats.hours([11], *MARCH) == []


async def test_recomputing_days_replaces_them_and_is_idempotent(
    db: SqlDatabase, world: World
) -> None:
    await _served(db, world)
    live = await _rows(db)
    for _ in range(2):  # a redo, then the same redo again
        async with db.transaction() as tx:
            assert await tx.stats.recompute_hours(*MARCH) == 5
        assert await _rows(db) == live
    # Lost rows come back from the entries; days outside the run are left alone.
    async with db.transaction() as tx:
        await tx.session.execute(delete(ledger_rollups))
        assert await tx.stats.recompute_hours(date(2025, 3, 3), date(2025, 3, 3)) == 2
    assert [r["day"].day for r in await _rows(db)] == [3, 3]
    async with db.transaction() as tx:
        await tx.stats.recompute_hours(date(2025, 3, 2), date(2025, 3, 2))
    assert await _rows(db) == live


async def test_the_desk_reports_hours_by_source_and_the_activities_held(
    db: SqlDatabase, world: World
) -> None:
    await _served(db, world)
    async with db.transaction() as tx:
        await tx.roles.grant(COORDINATOR, Role.COORDINATOR, 1)
        for person_id in (800, 801, 802):
            await tx.users.upsert(person_id, f"R{person_id}", None)
    clock = ManualClock(NOW)
    reference = Reference(db, clock)
    activities = Activities(db, clock, Authority(frozenset(), reference), KEY)
    published = await activities.publish(_draft(world.team_id, 11, NOW + timedelta(hours=1)))
    activity_id = published.activity.id
    await activities.sign_up(activity_id, 901, SignupRole.VOLUNTEER)
    await activities.sign_up(activity_id, 902, SignupRole.VOLUNTEER)
    await activities.sign_up(activity_id, 800, SignupRole.RESIDENT)
    await activities.sign_up(activity_id, 801, SignupRole.RESIDENT)
    clock.advance(hours=1, minutes=5)
    for person_id in (901, 800, 802):  # 802 walked in; 902 and 801 did not come
        await activities.checkins.check_in_for(COORDINATOR, activity_id, person_id)
    clock.advance(hours=2)
    closed = await activities.checkins.close(
        COORDINATOR, activity_id, {"elderly": 12, "children": 3}, "", []
    )
    assert closed.credited == [901]

    async with db.read() as tx:
        [line] = [a for a in await tx.stats.activities(ALL, *MARCH) if a.held]
    assert (line.site_id, line.checked_in, line.walk_ins, line.no_shows) == (11, 2, 1, 2)
    assert (line.volunteers_signed, line.residents_signed, line.minutes) == (2, 2, 120)
    assert line.beneficiaries == {"elderly": 12, "children": 3}

    desk = StatsDesk(db, Authority(frozenset(), reference), reference, ZoneInfo(db.timezone))
    report = await desk.report(COORDINATOR, None, month(2025, 3))
    assert report.hours.minutes == {"order": 90, "activity": 240, "adjust": 30}
    assert report.hours.points == 60
    assert report.tally.hours == 6.0
    assert report.activities.held == 1 and report.activities.beneficiaries_total == 15
    by_site = {r.site.id: r for r in report.below}
    assert by_site[10].hours.minutes == {"order": 90, "activity": 120, "adjust": 30}
    assert by_site[10].activities.walk_ins == 1
    assert by_site[20].hours.minutes == {"activity": 120}
    assert by_site[20].activities.held == 0  # its activity was never closed
    categories = dict(report.categories)
    assert categories["sports"].hours == 1.5 and categories["civility"].hours == 4.5


async def test_the_trend_counts_activities_held_by_the_county_day_they_started(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        await tx.roles.grant(COORDINATOR, Role.COORDINATOR, 1)
    clock = ManualClock(NOW)
    reference = Reference(db, clock)
    activities = Activities(db, clock, Authority(frozenset(), reference), KEY)
    # 10:00 on 2 March here; 04:00 on 3 March here (20:00 on 2 March UTC); 1 April
    # 01:00 here (31 March UTC); and one on 3 March that is never closed.
    starts = [NOW + timedelta(hours=1), LATE, datetime(2025, 3, 31, 17, 0, tzinfo=UTC)]
    held = [(await activities.publish(_draft(world.team_id, 11, at))).activity.id for at in starts]
    await activities.publish(_draft(world.team_id, 12, LATE))
    clock.advance(seconds=(starts[-1] + timedelta(hours=3) - NOW).total_seconds())
    for activity_id in held:
        await activities.checkins.close(COORDINATOR, activity_id, {"elderly": 1}, "", [])
    desk = StatsDesk(db, Authority(frozenset(), reference), reference, ZoneInfo(db.timezone))

    march = await desk.report(COORDINATOR, None, month(2025, 3))
    assert {p.day.day: p.held for p in march.trend if p.held} == {2: 1, 3: 1}
    assert march.activities.held == 2
    year = parse_period("2025", TODAY)
    assert year is not None
    by_month = await desk.report(COORDINATOR, None, year)
    assert [p.held for p in by_month.trend] == [0, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert by_month.activities.held == 3
    # One day's statistics show the two weeks before it, their activities too.
    day = parse_period("2025-03-05", TODAY)
    assert day is not None
    today = await desk.report(COORDINATOR, None, day)
    assert today.activities.held == 0
    assert [(p.day.day, p.held) for p in today.trend if p.held] == [(2, 1), (3, 1)]
