"""Statistics from the ledger: `ledger_rollups` (volunteer hours and points by site,
county day, category and source), backfilled from the ledger's entries; an index on
`ledger_transactions.ref`; and the stale copies dropped: `volunteers.hours`,
`volunteers.points` and `stats_rollups.hours` (orders' hours, never the ledger's).

Nothing is lost with the columns: 0014 carried every volunteer's hours and points
into the ledger as an opening transaction (ref `volunteer:<id>`), and nothing has
written the columns since. A volunteer with hours or points in them and no opening
transaction (a row loaded behind the bot's back after 0014) gets one here first.

A post counts on the county day of its time (the zone as 0019: `config.attributes
["timezone"]`, else `TIMEZONE`, else Asia/Shanghai) at the place its ref names: an
order's or activity's site and category, else the volunteer's team's. Openings
belong to no day and are left out.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-01
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql, sqlite

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of what this revision means (never the live tables nor the domain).
PAGE = 5000
MINUTES = 60

_meta = sa.MetaData()
_volunteers = sa.Table(
    "volunteers",
    _meta,
    sa.Column("user_id", sa.BigInteger()),
    sa.Column("team_id", sa.Integer()),
    sa.Column("hours", sa.Numeric(10, 2, asdecimal=False)),
    sa.Column("points", sa.Integer()),
)
_teams = sa.Table(
    "teams",
    _meta,
    sa.Column("id", sa.Integer()),
    sa.Column("site_id", sa.Integer()),
    sa.Column("category_code", sa.String(32)),
)
_orders = sa.Table(
    "orders",
    _meta,
    sa.Column("id", sa.Integer()),
    sa.Column("site_id", sa.Integer()),
    sa.Column("category_code", sa.String(32)),
)
_activities = sa.Table(
    "activities",
    _meta,
    sa.Column("id", sa.Integer()),
    sa.Column("site_id", sa.Integer()),
    sa.Column("category_code", sa.String(32)),
)
_accounts = sa.Table(
    "ledger_accounts",
    _meta,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("kind", sa.String(16)),
    sa.Column("owner_id", sa.BigInteger()),
)
_transactions = sa.Table(
    "ledger_transactions",
    _meta,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True)),
    sa.Column("kind", sa.String(16)),
    sa.Column("ref", sa.String(64)),
)
_entries = sa.Table(
    "ledger_entries",
    _meta,
    sa.Column("id", sa.BigInteger(), primary_key=True),
    sa.Column("transaction_id", sa.Integer()),
    sa.Column("account_id", sa.Integer()),
    sa.Column("amount", sa.BigInteger()),
    sa.Column("at", sa.DateTime(timezone=True)),
)
_balances = sa.Table(
    "ledger_balances",
    _meta,
    sa.Column("account_id", sa.Integer(), primary_key=True),
    sa.Column("balance", sa.BigInteger()),
)
_rollups = sa.Table(
    "ledger_rollups",
    _meta,
    sa.Column("site_id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("day", sa.Date(), primary_key=True),
    sa.Column("category_code", sa.String(32), primary_key=True),
    sa.Column("source", sa.String(16), primary_key=True),
    sa.Column("minutes", sa.BigInteger()),
    sa.Column("points", sa.BigInteger()),
)


def upgrade() -> None:
    op.create_index("ix_ledger_transactions_ref", "ledger_transactions", ["ref"])
    op.create_table(
        "ledger_rollups",
        sa.Column("site_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category_code", sa.String(32), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("minutes", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("points", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint(
            "site_id", "day", "category_code", "source", name=op.f("pk_ledger_rollups")
        ),
    )
    op.create_index("ix_ledger_rollups_day", "ledger_rollups", ["day"])
    bind = op.get_bind()
    _carry_over(bind)
    _backfill(bind, _timezone())
    for table, column in (
        ("volunteers", "hours"),
        ("volunteers", "points"),
        ("stats_rollups", "hours"),
    ):
        if bind.dialect.name == "sqlite":  # none is indexed: SQLite drops it in place
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)


def downgrade() -> None:
    # The columns come back holding the ledger's balances, as they read at 0023.
    with op.batch_alter_table("volunteers") as batch:
        batch.add_column(
            sa.Column(
                "hours", sa.Numeric(10, 2, asdecimal=False), server_default="0", nullable=False
            )
        )
        batch.add_column(sa.Column("points", sa.Integer(), server_default="0", nullable=False))
    for kind, column, per in (("hours", "hours", MINUTES), ("person", "points", 1)):
        balance = (
            sa.select(_balances.c.balance)
            .join(_accounts, _accounts.c.id == _balances.c.account_id)
            .where(_accounts.c.kind == kind, _accounts.c.owner_id == _volunteers.c.user_id)
            .scalar_subquery()
        )
        value: Any = sa.func.coalesce(balance, 0)
        if per != 1:
            value = sa.cast(value, sa.Float()) / per
        op.execute(_volunteers.update().values({column: value}))
    # The orders' hours as 0019 summed them (what the column held at 0023).
    with op.batch_alter_table("stats_rollups") as batch:
        batch.add_column(sa.Column("hours", sa.Float(), server_default="0", nullable=False))
    _hours_from_orders(op.get_bind(), _timezone())
    op.drop_index("ix_ledger_rollups_day", table_name="ledger_rollups")
    op.drop_table("ledger_rollups")
    op.drop_index("ix_ledger_transactions_ref", table_name="ledger_transactions")


def _hours_from_orders(bind: sa.Connection, tz: ZoneInfo) -> None:
    orders = sa.table(
        "orders",
        sa.column("id", sa.Integer()),
        sa.column("site_id", sa.Integer()),
        sa.column("category_code", sa.String(32)),
        sa.column("status", sa.String(16)),
        sa.column("hours", sa.Float()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    rollups = sa.table(
        "stats_rollups",
        sa.column("site_id", sa.Integer()),
        sa.column("day", sa.Date()),
        sa.column("category_code", sa.String(32)),
        sa.column("hours", sa.Float()),
    )
    sums: dict[tuple[int, date, str], float] = defaultdict(float)
    for row in bind.execute(
        sa.select(orders).where(orders.c.status.in_(["done", "rated"]), orders.c.hours > 0)
    ):
        day = _aware(row.created_at).astimezone(tz).date()
        sums[(row.site_id, day, row.category_code)] += float(row.hours)
    for (site_id, day, category), hours in sums.items():
        bind.execute(
            rollups.update()
            .where(
                rollups.c.site_id == site_id,
                rollups.c.day == day,
                rollups.c.category_code == category,
            )
            .values(hours=hours)
        )


def _timezone() -> ZoneInfo:
    given = context.config.attributes.get("timezone") or os.environ.get("TIMEZONE")
    return ZoneInfo(given or "Asia/Shanghai")


def _aware(moment: Any) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _account(bind: sa.Connection, kind: str, owner: int) -> int:
    found = bind.execute(
        sa.select(_accounts.c.id).where(_accounts.c.kind == kind, _accounts.c.owner_id == owner)
    ).scalar_one_or_none()
    if found is not None:
        return int(found)
    made = bind.execute(
        _accounts.insert().values(kind=kind, owner_id=owner).returning(_accounts.c.id)
    ).scalar_one()
    return int(made)


def _carry_over(bind: sa.Connection) -> None:
    """An opening transaction for whatever the columns hold that 0014 did not carry."""
    opened = {
        ref
        for ref in bind.execute(
            sa.select(_transactions.c.ref).where(_transactions.c.kind == "opening")
        ).scalars()
    }
    left = [
        r
        for r in bind.execute(
            sa.select(_volunteers.c.user_id, _volunteers.c.hours, _volunteers.c.points).where(
                sa.or_(_volunteers.c.hours > 0, _volunteers.c.points > 0)
            )
        )
        if f"volunteer:{r.user_id}" not in opened
    ]
    now = datetime.now(UTC)
    for row in left:
        pairs = [
            ("hours", "hours-source", round(float(row.hours or 0) * MINUTES)),
            ("person", "issuing", int(row.points or 0)),
        ]
        pairs = [p for p in pairs if p[2] > 0]
        if not pairs:
            continue
        tx_id = bind.execute(
            _transactions.insert()
            .values(at=now, kind="opening", ref=f"volunteer:{row.user_id}")
            .returning(_transactions.c.id)
        ).scalar_one()
        for kind, source, amount in pairs:
            for account, signed in (
                (_account(bind, kind, int(row.user_id)), amount),
                (_account(bind, source, 0), -amount),
            ):
                bind.execute(
                    _entries.insert().values(
                        transaction_id=tx_id, account_id=account, amount=signed, at=now
                    )
                )
                moved = bind.execute(
                    _balances.update()
                    .where(_balances.c.account_id == account)
                    .values(balance=_balances.c.balance + signed)
                )
                if moved.rowcount == 0:
                    bind.execute(_balances.insert().values(account_id=account, balance=signed))


def _source(ref: str | None) -> tuple[str, int | None] | None:
    head, _, tail = (ref or "").partition(":")
    if head in ("order", "activity") and tail.isdigit():
        return head, int(tail)
    if ref == "adjust":
        return "adjust", None
    return None


def _backfill(bind: sa.Connection, tz: ZoneInfo) -> None:
    """Every transaction that moved a person's hours, a page at a time, summed into rows."""
    after = 0
    while True:
        ids = [
            int(i)
            for i in bind.execute(
                sa.select(_transactions.c.id)
                .where(_transactions.c.id > after, _transactions.c.kind != "opening")
                .order_by(_transactions.c.id)
                .limit(PAGE)
            ).scalars()
        ]
        if not ids:
            return
        after = ids[-1]
        rows = bind.execute(
            sa.select(
                _transactions.c.id,
                _transactions.c.ref,
                _transactions.c.at,
                _accounts.c.kind,
                _accounts.c.owner_id,
                _entries.c.amount,
            )
            .join(_entries, _entries.c.transaction_id == _transactions.c.id)
            .join(_accounts, _accounts.c.id == _entries.c.account_id)
            .where(_transactions.c.id.in_(ids), _accounts.c.kind.in_(["hours", "person"]))
        )
        by_tx: dict[int, list[Any]] = defaultdict(list)
        for row in rows:
            by_tx[int(row.id)].append(row)
        moved = [m for m in (_moved(v) for v in by_tx.values()) if m is not None]
        _add(bind, _sums(bind, moved, tz))


def _moved(rows: Sequence[Any]) -> tuple[str, Any, int, int, int] | None:
    """(ref, at, person, minutes, points) of one transaction, if it moved hours."""
    if _source(rows[0].ref) is None:
        return None
    owners = {int(r.owner_id) for r in rows if r.kind == "hours"}
    if len(owners) != 1:
        return None
    owner = owners.pop()
    minutes = sum(int(r.amount) for r in rows if r.kind == "hours")
    points = sum(int(r.amount) for r in rows if r.kind == "person" and int(r.owner_id) == owner)
    return rows[0].ref, rows[0].at, owner, minutes, points


def _sums(
    bind: sa.Connection, moved: Sequence[tuple[str, Any, int, int, int]], tz: ZoneInfo
) -> dict[tuple[int, date, str, str], list[int]]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for ref, _, person, _, _ in moved:
        kind, ref_id = _source(ref) or ("", None)
        if ref_id is not None:
            wanted[kind].add(ref_id)
        wanted["person"].add(person)
    places: dict[tuple[str, int], tuple[int, str]] = {}
    for kind, table in (("order", _orders), ("activity", _activities)):
        if wanted[kind]:
            found = bind.execute(
                sa.select(table.c.id, table.c.site_id, table.c.category_code).where(
                    table.c.id.in_(sorted(wanted[kind]))
                )
            )
            places |= {(kind, int(r.id)): (int(r.site_id), r.category_code) for r in found}
    if wanted["person"]:
        found = bind.execute(
            sa.select(_volunteers.c.user_id, _teams.c.site_id, _teams.c.category_code)
            .join(_teams, _teams.c.id == _volunteers.c.team_id)
            .where(_volunteers.c.user_id.in_(sorted(wanted["person"])))
        )
        places |= {("person", int(r.user_id)): (int(r.site_id), r.category_code) for r in found}
    sums: dict[tuple[int, date, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for ref, at, person, minutes, points in moved:
        kind, ref_id = _source(ref) or ("", None)
        place = places.get((kind, ref_id)) if ref_id is not None else None
        site_id, category = place or places.get(("person", person), (0, ""))
        cell = sums[(site_id, _aware(at).astimezone(tz).date(), category, kind)]
        cell[0] += minutes
        cell[1] += points
    return sums


def _add(bind: sa.Connection, sums: dict[tuple[int, date, str, str], list[int]]) -> None:
    if not sums:
        return
    rows = [
        {
            "site_id": k[0],
            "day": k[1],
            "category_code": k[2],
            "source": k[3],
            "minutes": v[0],
            "points": v[1],
        }
        for k, v in sums.items()
    ]
    insert: Any = (postgresql if bind.dialect.name == "postgresql" else sqlite).insert(_rollups)
    stmt = insert.on_conflict_do_update(
        index_elements=["site_id", "day", "category_code", "source"],
        set_={
            "minutes": _rollups.c.minutes + insert.excluded.minutes,
            "points": _rollups.c.points + insert.excluded.points,
        },
    )
    bind.execute(stmt, rows)
