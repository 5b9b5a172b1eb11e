"""Statistics roll-ups: one row per site, county day and category, backfilled.

`stats_rollups` holds what `/stats` reads: orders placed and now in each status,
rating sums, complaints (1-2 stars), volunteer hours, and histograms of the time from
creation to acceptance and to done over fixed log-spaced buckets. From here on the
order repository adds to it in the transaction of every transition; this migration
fills it from the orders and events there are, a page of orders at a time (memory
stays flat at any size), each page's sums added to the rows with an upsert.

An order counts on the county day of its `created_at` (the time zone from
`config.attributes["timezone"]`, else `TIMEZONE`, else Asia/Shanghai, as 0006);
every acceptance counts once in the acceptance histogram (an order released and
taken again counts twice), a reassignment not at all, as the live hook does.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01
"""

from __future__ import annotations

import bisect
import os
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql, sqlite

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of what this revision means (never the live tables nor the domain).
STATUSES = ("new", "offered", "accepted", "done", "rated", "cancelled")
EDGES_MINUTES: tuple[int, ...] = (2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360)
EDGES_MINUTES += (480, 720, 1080, 1440, 2880, 4320, 10080)
BUCKETS = len(EDGES_MINUTES) + 1
_EDGES_S = tuple(m * 60 for m in EDGES_MINUTES)
COUNTS = (
    "placed",
    *(f"n_{s}" for s in STATUSES),
    "rating_sum",
    "rating_count",
    "complaints",
    *(f"a{i}" for i in range(BUCKETS)),
    *(f"d{i}" for i in range(BUCKETS)),
)
PAGE = 5000

_orders = sa.table(
    "orders",
    sa.column("id", sa.Integer()),
    sa.column("site_id", sa.Integer()),
    sa.column("category_code", sa.String(32)),
    sa.column("status", sa.String(16)),
    sa.column("rating", sa.SmallInteger()),
    sa.column("hours", sa.Float()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
_events = sa.table(
    "order_events",
    sa.column("order_id", sa.Integer()),
    sa.column("from_status", sa.String(16)),
    sa.column("to_status", sa.String(16)),
    sa.column("at", sa.DateTime(timezone=True)),
)


def _rollups_table() -> sa.Table:
    return sa.Table(
        "stats_rollups",
        sa.MetaData(),
        sa.Column("site_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("category_code", sa.String(32), primary_key=True),
        *(sa.Column(name, sa.Integer(), nullable=False, server_default="0") for name in COUNTS),
        sa.Column("hours", sa.Float(), nullable=False, server_default="0"),
    )


def upgrade() -> None:
    op.create_table(
        "stats_rollups",
        sa.Column("site_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category_code", sa.String(32), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False, server_default="0") for name in COUNTS),
        sa.Column("hours", sa.Float(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("site_id", "day", "category_code", name=op.f("pk_stats_rollups")),
    )
    op.create_index("ix_stats_rollups_day", "stats_rollups", ["day"])
    _backfill(op.get_bind(), _timezone())


def downgrade() -> None:
    op.drop_index("ix_stats_rollups_day", table_name="stats_rollups")
    op.drop_table("stats_rollups")


def _timezone() -> ZoneInfo:
    given = context.config.attributes.get("timezone") or os.environ.get("TIMEZONE")
    return ZoneInfo(given or "Asia/Shanghai")


def _aware(moment: Any) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _bucket(seconds: float) -> int:
    return bisect.bisect_right(_EDGES_S, max(0.0, seconds))


def _backfill(bind: sa.Connection, tz: ZoneInfo) -> None:
    rollups = _rollups_table()
    after = 0
    while True:
        page = bind.execute(
            sa.select(_orders).where(_orders.c.id > after).order_by(_orders.c.id).limit(PAGE)
        ).all()
        if not page:
            return
        after = page[-1].id
        moves = _moves(bind, page[0].id, after)
        sums: dict[tuple[int, date, str], dict[str, float]] = {}
        for order in page:
            created = _aware(order.created_at)
            key = (order.site_id, created.astimezone(tz).date(), order.category_code)
            row = sums.setdefault(key, defaultdict(float))
            row["placed"] += 1
            row[f"n_{order.status}"] += 1
            for to_status, at in moves.get(order.id, ()):
                waited = (_aware(at) - created).total_seconds()
                row[f"{'a' if to_status == 'accepted' else 'd'}{_bucket(waited)}"] += 1
            if order.status == "done" or order.status == "rated":
                row["hours"] += float(order.hours or 0)
            if order.status == "rated" and order.rating is not None:
                row["rating_sum"] += order.rating
                row["rating_count"] += 1
                row["complaints"] += int(order.rating <= 2)
        _add(bind, rollups, sums)


def _moves(bind: sa.Connection, first: int, last: int) -> dict[int, list[tuple[str, Any]]]:
    """Each order's arrivals at accepted or done (not notes, not reassignments)."""
    rows = bind.execute(
        sa.select(_events.c.order_id, _events.c.to_status, _events.c.at).where(
            _events.c.order_id.between(first, last),
            _events.c.to_status.in_(["accepted", "done"]),
            sa.or_(_events.c.from_status.is_(None), _events.c.from_status != _events.c.to_status),
        )
    )
    found: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    for order_id, to_status, at in rows:
        found[order_id].append((to_status, at))
    return found


def _add(bind: sa.Connection, rollups: sa.Table, sums: dict[Any, dict[str, float]]) -> None:
    names = [*COUNTS, "hours"]
    rows = [
        {"site_id": k[0], "day": k[1], "category_code": k[2]}
        | {n: (v.get(n, 0) if n == "hours" else int(v.get(n, 0))) for n in names}
        for k, v in sums.items()
    ]
    insert: Any = (postgresql if bind.dialect.name == "postgresql" else sqlite).insert(rollups)
    stmt = insert.on_conflict_do_update(
        index_elements=["site_id", "day", "category_code"],
        set_={n: rollups.c[n] + insert.excluded[n] for n in names},
    )
    bind.execute(stmt, rows)
