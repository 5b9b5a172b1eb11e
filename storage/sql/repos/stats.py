"""The statistics roll-ups: written with each order transition, read by `/stats`;
volunteer hours and points are the ledger's (`ledger_rollups`, read by `hours`).

`SqlOrderRepo` calls `created` and `moved` inside the transaction that creates or
moves an order, so a roll-up never disagrees with the orders it counts. Each is one
upsert that adds deltas to the order's row (site, county day of its creation,
category); the reads sum a period's rows, grouped three ways.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Integer, Select, String, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.models import Order, OrderStatus
from domain.stats_models import (
    BUCKETS,
    COMPLAINT_STARS,
    STATUSES,
    ActivityLine,
    HoursCell,
    Tally,
    bucket_of,
)
from storage.sql.repos import ledger_rollups
from storage.sql.repos.activity_stats import activity_lines
from storage.sql.repos.base import DEFAULT_TIMEZONE, SqlRepo, insert_for
from storage.sql.tables import ROLLUP_COUNTS, stats_rollups

_KEY = ("site_id", "day", "category_code")
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


class SqlStatsRepo(SqlRepo):
    def __init__(
        self, session: AsyncConnection, dialect: str, timezone: ZoneInfo | str = DEFAULT_TIMEZONE
    ) -> None:
        super().__init__(session, dialect)
        self._tz = timezone if isinstance(timezone, ZoneInfo) else ZoneInfo(timezone)

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
        key = {
            "site_id": order.site_id,
            "day": self.day_of(order.created_at),
            "category_code": order.category_code,
        }
        await self._s.execute(_bump(self._dialect, frozenset(changes)), key | dict(changes))

    async def by_category(
        self, site_ids: Sequence[int], first: date, last: date
    ) -> dict[str, Tally]:
        rows = await self._s.execute(_BY_CATEGORY, _range(site_ids, first, last))
        return {row[0]: _tally(row[1:]) for row in rows}

    async def by_site(self, site_ids: Sequence[int], first: date, last: date) -> dict[int, Tally]:
        rows = await self._s.execute(_BY_SITE, _range(site_ids, first, last))
        return {int(row[0]): _site_tally(row[1:]) for row in rows}

    async def by_day(
        self, site_ids: Sequence[int], first: date, last: date
    ) -> dict[date, tuple[int, int]]:
        rows = await self._s.execute(_BY_DAY, _range(site_ids, first, last))
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


@functools.cache
def _bump(dialect: str, names: frozenset[str]) -> Any:
    """INSERT the row with these deltas, or add them to the row there."""
    t = stats_rollups
    ordered = sorted(names)
    values: dict[str, Any] = {"site_id": bindparam("site_id", type_=Integer)}
    values["day"] = bindparam("day", type_=Date)
    values["category_code"] = bindparam("category_code", type_=String(32))
    values |= {name: bindparam(name, type_=t.c[name].type) for name in ordered}
    stmt = insert_for(dialect, t).values(values)
    return stmt.on_conflict_do_update(
        index_elements=list(_KEY),
        set_={name: t.c[name] + stmt.excluded[name] for name in ordered},
    )


def _in_range() -> list[Any]:
    t = stats_rollups
    return [
        t.c.site_id.in_(bindparam("sites", expanding=True)),
        t.c.day >= bindparam("first", type_=Date),
        t.c.day <= bindparam("last", type_=Date),
    ]


_STATUS_COUNTS = [f"n_{s}" for s in STATUSES]
_SITE_COUNTS = ["placed", *_STATUS_COUNTS, "rating_sum", "rating_count", "complaints"]


def _sums(names: Sequence[str]) -> list[Any]:
    return [func.sum(stats_rollups.c[name]) for name in names]


def _grouped(column: Any, names: Sequence[str]) -> Select[Any]:
    return select(column, *_sums(names)).where(*_in_range()).group_by(column).order_by(column)


_BY_CATEGORY = _grouped(stats_rollups.c.category_code, ROLLUP_COUNTS)
_BY_SITE = _grouped(stats_rollups.c.site_id, _SITE_COUNTS)
_BY_DAY = (
    select(
        stats_rollups.c.day,
        func.sum(stats_rollups.c.placed),
        func.sum(stats_rollups.c.n_done + stats_rollups.c.n_rated),
    )
    .where(*_in_range())
    .group_by(stats_rollups.c.day)
)


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
