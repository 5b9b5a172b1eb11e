"""Hours and points by site, county day, category and source, from the ledger.

`ledger_rollups` (by day) and `ledger_rollups_monthly` (by county month, read for
whole months) are what `/stats` reads for volunteer hours and points. Both are fed by
`SqlLedgerRepo.post` (`add_posting`) in the transaction of every post that moves a
person's hours, so they never disagree with the entries, and they can be recomputed
from the entries for any run of county days (`recompute`): the rows of those days are
replaced, never added to, and their months summed afresh from the days, so running
it twice (or after the live feed, or after migration 0024's backfill) leaves the
same figures.

A post is placed by its `ref`: `order:<id>` at the order's site and category,
`activity:<id>` at the activity's, anything else that moves hours (a coordinator's
adjustment, `adjust`) at the volunteer's team's site and category. A reversal keeps
its original's ref, so it takes back from the same source, on its own day. Opening
balances (migration 0014, carried over from before the ledger) belong to no day and
are left out; they count in the balances.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    String,
    Table,
    bindparam,
    case,
    delete,
    func,
    literal,
    select,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.ledger_models import AccountKind, Posting, TxKind
from domain.ports.exports import VolunteerLine
from domain.stats_models import SOURCES, HoursCell, whole_months
from storage.sql.repos.base import insert_for
from storage.sql.tables import (
    activities,
    ledger_accounts,
    ledger_balances,
    ledger_entries,
    ledger_rollups,
    ledger_rollups_monthly,
    ledger_transactions,
    orders,
    teams,
    volunteers,
)

NOWHERE = (0, "")  # a post whose place is unknown (no such order or volunteer): no site
PAGE = 5000


def source_of(ref: str | None) -> tuple[str, int | None] | None:
    """("order", 12), ("activity", 3), ("adjust", None); None: not a source of hours."""
    head, _, tail = (ref or "").partition(":")
    if head in ("order", "activity") and tail.isdigit():
        return head, int(tail)
    if ref == "adjust":
        return "adjust", None
    return None


@dataclass(frozen=True, slots=True)
class Moved:
    """One ledger transaction's hours and points for one person."""

    ref: str | None
    at: datetime
    person_id: int
    minutes: int
    points: int


def moved_by(posting: Posting, at: datetime) -> Moved | None:
    if posting.kind is TxKind.OPENING or source_of(posting.ref) is None:
        return None
    owners = {e.account.owner for e in posting.entries if e.account.kind is AccountKind.HOURS}
    if len(owners) != 1:
        return None
    owner = owners.pop()
    minutes = sum(e.amount for e in posting.entries if e.account.kind is AccountKind.HOURS)
    points = sum(
        e.amount
        for e in posting.entries
        if e.account.kind is AccountKind.PERSON and e.account.owner == owner
    )
    return Moved(posting.ref, at, owner, minutes, points)


Key = tuple[int, date, str, str]  # site, county day, category, source


async def _places(session: AsyncConnection, items: Sequence[Moved]) -> list[tuple[int, str]]:
    """Where each item counts: (site id, category code)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for item in items:
        found = source_of(item.ref)
        assert found is not None
        kind, ref_id = found
        if ref_id is not None:
            wanted[kind].add(ref_id)
        wanted["person"].add(item.person_id)
    places: dict[tuple[str, int], tuple[int, str]] = {}
    for kind, table in (("order", orders), ("activity", activities)):
        if wanted[kind]:
            rows = await session.execute(
                select(table.c.id, table.c.site_id, table.c.category_code).where(
                    table.c.id.in_(sorted(wanted[kind]))
                )
            )
            places |= {(kind, r.id): (int(r.site_id), r.category_code) for r in rows}
    rows = await session.execute(
        select(volunteers.c.user_id, teams.c.site_id, teams.c.category_code)
        .join(teams, teams.c.id == volunteers.c.team_id)
        .where(volunteers.c.user_id.in_(sorted(wanted["person"])))
    )
    places |= {("person", int(r.user_id)): (int(r.site_id), r.category_code) for r in rows}
    out = []
    for item in items:
        found = source_of(item.ref)
        assert found is not None
        kind, ref_id = found
        place = places.get((kind, ref_id)) if ref_id is not None else None
        out.append(place or places.get(("person", item.person_id), NOWHERE))
    return out


async def _sums(
    session: AsyncConnection, items: Sequence[Moved], tz: ZoneInfo
) -> dict[Key, list[int]]:
    sums: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    for item, (site_id, category) in zip(items, await _places(session, items), strict=True):
        found = source_of(item.ref)
        assert found is not None
        cell = sums[(site_id, item.at.astimezone(tz).date(), category, found[0])]
        cell[0] += item.minutes
        cell[1] += item.points
    return sums


@functools.cache
def _upsert(dialect: str, table: Table, dated: str) -> Any:
    """Add to the row of (site, `dated`, category, source), creating it if need be."""
    t = table
    stmt = insert_for(dialect, t).values(
        {
            "site_id": bindparam("site_id", type_=Integer),
            dated: bindparam(dated, type_=Date),
            "category_code": bindparam("category_code", type_=String(32)),
            "source": bindparam("source", type_=String(16)),
            "minutes": bindparam("minutes", type_=BigInteger),
            "points": bindparam("points", type_=BigInteger),
        }
    )
    return stmt.on_conflict_do_update(
        index_elements=["site_id", dated, "category_code", "source"],
        set_={
            "minutes": t.c.minutes + stmt.excluded.minutes,
            "points": t.c.points + stmt.excluded.points,
        },
    )


def _rows(sums: dict[Key, list[int]], dated: str) -> list[dict[str, Any]]:
    return [
        {
            "site_id": k[0],
            dated: k[1],
            "category_code": k[2],
            "source": k[3],
            "minutes": v[0],
            "points": v[1],
        }
        for k, v in sums.items()
    ]


def _by_month(sums: dict[Key, list[int]]) -> dict[Key, list[int]]:
    months: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    for (site_id, day, category, source), (minutes, points) in sums.items():
        cell = months[(site_id, day.replace(day=1), category, source)]
        cell[0] += minutes
        cell[1] += points
    return months


async def _add(
    session: AsyncConnection, dialect: str, sums: dict[Key, list[int]], monthly: bool = True
) -> None:
    """Add the sums to their days' rows and (unless `monthly` is False: a recompute
    rebuilds the months itself) to their months'."""
    if not sums:
        return
    await session.execute(_upsert(dialect, ledger_rollups, "day"), _rows(sums, "day"))
    if monthly:
        await session.execute(
            _upsert(dialect, ledger_rollups_monthly, "month"), _rows(_by_month(sums), "month")
        )


async def add_posting(
    session: AsyncConnection, dialect: str, tz: ZoneInfo, posting: Posting, at: datetime
) -> None:
    """The live feed: what one post adds, in its transaction."""
    item = moved_by(posting, at)
    if item is not None:
        await _add(session, dialect, await _sums(session, [item], tz))


def day_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


async def recompute(
    session: AsyncConnection, dialect: str, tz: ZoneInfo, first: date, last: date
) -> int:
    """Rebuild the rows of county days `first` to `last` from the ledger's entries:
    the old rows go, the sums are written afresh (idempotent). The transactions read."""
    await session.execute(
        delete(ledger_rollups).where(ledger_rollups.c.day >= first, ledger_rollups.c.day <= last)
    )
    start, end = day_start(first, tz), day_start(last + timedelta(days=1), tz)
    after, count = 0, 0
    while True:
        page = await _page(session, start, end, after)
        if not page:
            break
        after = page[-1][0]
        items = [m for _, m in page if m is not None]
        count += len(items)
        if items:
            await _add(session, dialect, await _sums(session, items, tz), monthly=False)
    await _rebuild_months(session, dialect, first.replace(day=1), last)
    return count


async def _rebuild_months(session: AsyncConnection, dialect: str, first: date, last: date) -> None:
    """The monthly rows from `first`'s month to `last`'s, summed afresh from the daily
    rows (which hold every day of those months, recomputed or not)."""
    m, d = ledger_rollups_monthly, ledger_rollups
    await session.execute(delete(m).where(m.c.month >= first, m.c.month <= last))
    month: Any = func.date_trunc("month", d.c.day).cast(Date)
    if dialect == "sqlite":
        month = func.date(d.c.day, "start of month")
    after = _month_after(last)
    sums = (
        select(
            d.c.site_id,
            month,
            d.c.category_code,
            d.c.source,
            func.sum(d.c.minutes),
            func.sum(d.c.points),
        )
        .where(d.c.day >= first, d.c.day < after)
        .group_by(d.c.site_id, month, d.c.category_code, d.c.source)
    )
    columns = ["site_id", "month", "category_code", "source", "minutes", "points"]
    await session.execute(m.insert().from_select(columns, sums))


def _month_after(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


async def _page(
    session: AsyncConnection, start: datetime, end: datetime, after: int
) -> list[tuple[int, Moved | None]]:
    """Up to PAGE transactions after id `after` in [start, end), with their hours and
    points entries; each as Moved (None: it moves no one's hours)."""
    t, e, a = ledger_transactions, ledger_entries, ledger_accounts
    ids = (
        select(t.c.id)
        .where(t.c.id > after, t.c.at >= start, t.c.at < end, t.c.kind != str(TxKind.OPENING))
        .order_by(t.c.id)
        .limit(PAGE)
    )
    found = [int(i) for i in (await session.execute(ids)).scalars()]
    if not found:
        return []
    rows = await session.execute(
        select(t.c.id, t.c.ref, t.c.at, a.c.kind, a.c.owner_id, e.c.amount)
        .join(e, e.c.transaction_id == t.c.id)
        .join(a, a.c.id == e.c.account_id)
        .where(
            t.c.id.in_(found),
            a.c.kind.in_([str(AccountKind.HOURS), str(AccountKind.PERSON)]),
        )
    )
    by_tx: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_tx[int(row.id)].append(row)
    out: list[tuple[int, Moved | None]] = []
    for tx_id in found:
        out.append((tx_id, _moved(by_tx.get(tx_id, []))))
    return out


def _moved(rows: Sequence[Any]) -> Moved | None:
    if not rows or source_of(rows[0].ref) is None:
        return None
    owners = {int(r.owner_id) for r in rows if r.kind == str(AccountKind.HOURS)}
    if len(owners) != 1:
        return None
    owner = owners.pop()
    minutes = sum(int(r.amount) for r in rows if r.kind == str(AccountKind.HOURS))
    points = sum(
        int(r.amount)
        for r in rows
        if r.kind == str(AccountKind.PERSON) and int(r.owner_id) == owner
    )
    at = rows[0].at
    return Moved(rows[0].ref, at, owner, minutes, points)


async def cells(
    session: AsyncConnection, site_ids: Iterable[int], first: date, last: date
) -> list[HoursCell]:
    """The rows of these sites and days, summed per site, category and source (from
    the monthly rows when the days are whole months)."""
    monthly = whole_months(first, last)
    t = ledger_rollups_monthly if monthly else ledger_rollups
    dated = t.c.month if monthly else t.c.day
    stmt = (
        select(
            t.c.site_id, t.c.category_code, t.c.source, func.sum(t.c.minutes), func.sum(t.c.points)
        )
        .where(t.c.site_id.in_(list(site_ids) or [-1]), dated >= first, dated <= last)
        .group_by(t.c.site_id, t.c.category_code, t.c.source)
    )
    return [
        HoursCell(int(r[0]), r[1], r[2], int(r[3] or 0), int(r[4] or 0))
        for r in await session.execute(stmt)
        if r[2] in SOURCES
    ]


async def minutes_by_ref(session: AsyncConnection, refs: Sequence[str]) -> dict[str, int]:
    """The hours (minutes) the ledger credited under each ref, reversals netted."""
    if not refs:
        return {}
    t, e, a = ledger_transactions, ledger_entries, ledger_accounts
    stmt = (
        select(t.c.ref, func.sum(e.c.amount))
        .join(e, e.c.transaction_id == t.c.id)
        .join(a, a.c.id == e.c.account_id)
        .where(t.c.ref.in_(list(refs)), a.c.kind == str(AccountKind.HOURS))
        .group_by(t.c.ref)
    )
    return {r[0]: int(r[1] or 0) for r in await session.execute(stmt)}


async def person_minutes_by_category(session: AsyncConnection, person_id: int) -> dict[str, int]:
    """A volunteer's hours on the ledger (minutes, reversals netted) by the category
    each post counts in, placed as the roll-up places it; openings left out."""
    t, e, a = ledger_transactions, ledger_entries, ledger_accounts
    stmt = (
        select(t.c.ref, func.sum(e.c.amount), func.max(t.c.at))
        .join(e, e.c.transaction_id == t.c.id)
        .join(a, a.c.id == e.c.account_id)
        .where(
            a.c.kind == str(AccountKind.HOURS),
            a.c.owner_id == person_id,
            t.c.kind != str(TxKind.OPENING),
        )
        .group_by(t.c.ref)
    )
    items = [
        Moved(r[0], r[2], person_id, int(r[1] or 0), 0)
        for r in await session.execute(stmt)
        if source_of(r[0]) is not None
    ]
    out: dict[str, int] = defaultdict(int)
    for item, (_, category) in zip(items, await _places(session, items), strict=True):
        out[category] += item.minutes
    return {c: m for c, m in out.items() if m and c}


async def volunteer_lines(
    session: AsyncConnection, site_ids: Sequence[int], start: datetime, end: datetime
) -> list[VolunteerLine]:
    """The volunteers of teams at these sites with the ledger's hours by source and
    the points earned in [start, end) (redemptions and openings left out), and their
    balances. Two grouped queries, whatever the number of entries."""
    t, e, a = ledger_transactions, ledger_entries, ledger_accounts
    sites = list(site_ids) or [-1]
    people = (
        select(volunteers.c.user_id, teams.c.site_id, volunteers.c.team_id)
        .join(teams, teams.c.id == volunteers.c.team_id)
        .where(teams.c.site_id.in_(sites))
        .order_by(volunteers.c.user_id)
    )
    found = (await session.execute(people)).all()
    if not found:
        return []
    source = case(
        (t.c.ref.like("order:%"), literal("order")),
        (t.c.ref.like("activity:%"), literal("activity")),
        (t.c.ref == "adjust", literal("adjust")),
        else_=literal(""),
    ).label("source")
    mine = (
        select(volunteers.c.user_id)
        .join(teams, teams.c.id == volunteers.c.team_id)
        .where(teams.c.site_id.in_(sites))
    )
    entries = (
        select(a.c.owner_id, a.c.kind, source, e.c.amount)
        .join(e, e.c.account_id == a.c.id)
        .join(t, t.c.id == e.c.transaction_id)
        .where(
            a.c.kind.in_([str(AccountKind.HOURS), str(AccountKind.PERSON)]),
            a.c.owner_id.in_(mine.scalar_subquery()),
            e.c.at >= start,
            e.c.at < end,
            t.c.kind != str(TxKind.OPENING),
        )
        .subquery("moved")
    )
    m = entries.c
    moved = select(m.owner_id, m.kind, m.source, func.sum(m.amount)).group_by(
        m.owner_id, m.kind, m.source
    )
    minutes: dict[int, dict[str, int]] = defaultdict(dict)
    points: dict[int, int] = defaultdict(int)
    for owner, kind, src, amount in await session.execute(moved):
        if src not in SOURCES:
            continue
        if kind == str(AccountKind.HOURS):
            minutes[int(owner)][src] = int(amount or 0)
        else:
            points[int(owner)] += int(amount or 0)
    balances = (
        select(a.c.owner_id, a.c.kind, ledger_balances.c.balance)
        .join(ledger_balances, ledger_balances.c.account_id == a.c.id)
        .where(
            a.c.kind.in_([str(AccountKind.HOURS), str(AccountKind.PERSON)]),
            a.c.owner_id.in_(mine.scalar_subquery()),
        )
    )
    held: dict[tuple[int, str], int] = {
        (int(o), k): int(b) for o, k, b in await session.execute(balances)
    }
    return [
        VolunteerLine(
            volunteer_id=int(r.user_id),
            site_id=int(r.site_id),
            team_id=int(r.team_id),
            minutes=minutes.get(int(r.user_id), {}),
            points=points.get(int(r.user_id), 0),
            minutes_all=held.get((int(r.user_id), str(AccountKind.HOURS)), 0),
            balance=held.get((int(r.user_id), str(AccountKind.PERSON)), 0),
        )
        for r in found
    ]
