"""The statistics roll-ups: written with each order transition, read by `/stats`;
volunteer hours and points are the ledger's (`ledger_rollups`, read by `hours`).

`SqlOrderRepo` calls `created` and `moved` inside the transaction that creates or
moves an order, so a roll-up never disagrees with the orders it counts. Each adds
deltas to the order's row (site, county day of its creation, category) and to its
month's row (`stats_rollups_monthly`); the reads sum a period's rows, grouped three
ways, from the monthly rows when the period is whole months (`whole_months`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, Integer, Select, String, Table, bindparam, func, select

from domain.models import Order, OrderStatus
from domain.stats_models import (
    BUCKETS,
    COMPLAINT_STARS,
    STATUSES,
    ActivityLine,
    HoursCell,
    Tally,
    bucket_of,
    whole_months,
)
from storage.sql.repos import ledger_rollups
from storage.sql.repos.activity_stats import activity_lines
from storage.sql.repos.base import ZonedRepo, insert_for
from storage.sql.tables import ROLLUP_COUNTS, stats_rollups, stats_rollups_monthly

S = OrderStatus


def deltas(order: Order, previous: OrderStatus | None, now: datetime) -> dict[str, float]:
    """What one transition adds to its roll-up row (`previous` None: just created)."""
    to = order.status
    if previous is None:
        return {"placed": 1, f"n_{to}": 1}
    if previous is to:  # a reassignment: still accepted, timed at its first acceptance
        return {}
    out: dict[str, float] = {f"n_{previous}": -1, f"n_{to}": 1}
    waited = (now - order.created_at).total_seconds()
    if to is S.ACCEPTED:
        out[f"a{bucket_of(waited)}"] = 1
    elif to is S.DONE:
        out[f"d{bucket_of(waited)}"] = 1  # its hours: on the ledger (`ledger_rollups`)
    elif to is S.RATED and order.rating is not None:
        out |= {"rating_sum": order.rating, "rating_count": 1}
        out["complaints"] = int(order.rating <= COMPLAINT_STARS)
    return out


class SqlStatsRepo(ZonedRepo):
    def day_of(self, moment: datetime) -> date:
        return moment.astimezone(self._tz).date()

    async def created(self, order: Order) -> None:
        await self._bump(order, deltas(order, None, order.created_at))

    async def moved(self, order: Order, previous: OrderStatus | None, now: datetime) -> None:
        if previous is not None:
            await self._bump(order, deltas(order, previous, now))

    async def _bump(self, order: Order, changes: Mapping[str, float]) -> None:
        if not changes:
            return
        day = self.day_of(order.created_at)
        key = {"site_id": order.site_id, "category_code": order.category_code}
        names, added = frozenset(changes), dict(changes)
        await self._s.execute(_bump(self._dialect, names, DAILY), key | {"day": day} | added)
        month = {"month": day.replace(day=1)}
        await self._s.execute(_bump(self._dialect, names, MONTHLY), key | month | added)

    async def by_category(
        self, site_ids: Sequence[int], first: date, last: date
    ) -> dict[str, Tally]:
        reads = _reads(first, last)
        rows = await self._s.execute(reads.by_category, _range(site_ids, first, last))
        return {row[0]: _tally(row[1:]) for row in rows}

    async def by_site(self, site_ids: Sequence[int], first: date, last: date) -> dict[int, Tally]:
        reads = _reads(first, last)
        rows = await self._s.execute(reads.by_site, _range(site_ids, first, last))
        return {int(row[0]): _site_tally(row[1:]) for row in rows}

    async def by_day(
        self, site_ids: Sequence[int], first: date, last: date
    ) -> dict[date, tuple[int, int]]:
        rows = await self._s.execute(_DAILY_READS.by_date, _range(site_ids, first, last))
        return {_as_date(row[0]): (int(row[1] or 0), int(row[2] or 0)) for row in rows}

    async def by_month(
        self, site_ids: Sequence[int], first: date, last: date
    ) -> dict[date, tuple[int, int]]:
        rows = await self._s.execute(
            _MONTHLY_READS.by_date, _range(site_ids, first.replace(day=1), last)
        )
        return {_as_date(row[0]): (int(row[1] or 0), int(row[2] or 0)) for row in rows}

    async def hours(self, site_ids: Sequence[int], first: date, last: date) -> list[HoursCell]:
        return await ledger_rollups.cells(self._s, site_ids, first, last)

    async def recompute_hours(self, first: date, last: date) -> int:
        return await ledger_rollups.recompute(self._s, self._dialect, self._tz, first, last)

    async def activities(
        self, site_ids: Sequence[int], first: date, last: date
    ) -> list[ActivityLine]:
        start = ledger_rollups.day_start(first, self._tz)
        end = ledger_rollups.day_start(last + timedelta(days=1), self._tz)
        return await activity_lines(self._s, site_ids, start, end)


def _range(site_ids: Sequence[int], first: date, last: date) -> dict[str, Any]:
    return {"sites": list(site_ids) or [-1], "first": first, "last": last}


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass(frozen=True, slots=True, eq=False)  # cached by identity: there are two
class _Grain:
    """A roll-up table and the column its rows are dated by (a day, a month's first)."""

    table: Table
    date_column: str


DAILY = _Grain(stats_rollups, "day")
MONTHLY = _Grain(stats_rollups_monthly, "month")


@functools.cache
def _bump(dialect: str, names: frozenset[str], grain: _Grain) -> Any:
    """INSERT the row with these deltas, or add them to the row there."""
    t = grain.table
    ordered = sorted(names)
    values: dict[str, Any] = {"site_id": bindparam("site_id", type_=Integer)}
    values[grain.date_column] = bindparam(grain.date_column, type_=Date)
    values["category_code"] = bindparam("category_code", type_=String(32))
    values |= {name: bindparam(name, type_=t.c[name].type) for name in ordered}
    stmt = insert_for(dialect, t).values(values)
    return stmt.on_conflict_do_update(
        index_elements=["site_id", grain.date_column, "category_code"],
        set_={name: t.c[name] + stmt.excluded[name] for name in ordered},
    )


_STATUS_COUNTS = [f"n_{s}" for s in STATUSES]
_SITE_COUNTS = ["placed", *_STATUS_COUNTS, "rating_sum", "rating_count", "complaints"]


@dataclass(frozen=True, slots=True)
class _Reads:
    """The three sums of one roll-up table over `:sites` from `:first` to `:last`."""

    by_category: Select[Any]
    by_site: Select[Any]
    by_date: Select[Any]  # (day or month, placed, finished)


def _reads_of(grain: _Grain) -> _Reads:
    t, dated = grain.table, grain.table.c[grain.date_column]
    where = [
        t.c.site_id.in_(bindparam("sites", expanding=True)),
        dated >= bindparam("first", type_=Date),
        dated <= bindparam("last", type_=Date),
    ]

    def grouped(column: Any, names: Sequence[str]) -> Select[Any]:
        sums = [func.sum(t.c[name]) for name in names]
        return select(column, *sums).where(*where).group_by(column).order_by(column)

    finished = func.sum(t.c.n_done + t.c.n_rated)
    return _Reads(
        grouped(t.c.category_code, ROLLUP_COUNTS),
        grouped(t.c.site_id, _SITE_COUNTS),
        select(dated, func.sum(t.c.placed), finished).where(*where).group_by(dated),
    )


_DAILY_READS, _MONTHLY_READS = _reads_of(DAILY), _reads_of(MONTHLY)


def _reads(first: date, last: date) -> _Reads:
    return _MONTHLY_READS if whole_months(first, last) else _DAILY_READS


def _ints(values: Sequence[Any]) -> list[int]:
    return [int(v or 0) for v in values]


def _tally(row: Sequence[Any]) -> Tally:
    """A row of `_BY_CATEGORY`: ROLLUP_COUNTS' sums in order (the hours are the
    ledger's: `hours`)."""
    counts = dict(zip(ROLLUP_COUNTS, _ints(row[: len(ROLLUP_COUNTS)]), strict=True))
    return Tally(
        placed=counts["placed"],
        statuses={s: counts[f"n_{s}"] for s in STATUSES},
        rating_sum=counts["rating_sum"],
        rating_count=counts["rating_count"],
        complaints=counts["complaints"],
        accept=tuple(counts[f"a{i}"] for i in range(BUCKETS)),
        done=tuple(counts[f"d{i}"] for i in range(BUCKETS)),
    )


def _site_tally(row: Sequence[Any]) -> Tally:
    counts = dict(zip(_SITE_COUNTS, _ints(row[: len(_SITE_COUNTS)]), strict=True))
    return Tally(
        placed=counts["placed"],
        statuses={s: counts[f"n_{s}"] for s in STATUSES},
        rating_sum=counts["rating_sum"],
        rating_count=counts["rating_count"],
        complaints=counts["complaints"],
    )
