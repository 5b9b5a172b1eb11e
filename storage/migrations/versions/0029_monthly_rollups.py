"""Monthly roll-ups beside the daily ones: `stats_rollups_monthly` (orders) and
`ledger_rollups_monthly` (hours and points), one row per site, county month (its
first day) and category (and source), filled here from the daily rows. From here on
the same writes add to both, and /stats over whole months reads the monthly rows:
a county's month is about 1,400 rows instead of 23,000, its year 17,000 instead of
416,000.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of what this revision means (never the live tables nor the domain).
STATUSES = ("new", "offered", "accepted", "done", "rated", "cancelled")
BUCKETS = 21
COUNTS = (
    "placed",
    *(f"n_{s}" for s in STATUSES),
    "rating_sum",
    "rating_count",
    "complaints",
    *(f"a{i}" for i in range(BUCKETS)),
    *(f"d{i}" for i in range(BUCKETS)),
)


def _month_of(dialect: str) -> str:
    """The SQL for the first day of `day`'s month."""
    if dialect == "postgresql":
        return "CAST(date_trunc('month', day) AS DATE)"
    return "date(day, 'start of month')"


def upgrade() -> None:
    op.create_table(
        "stats_rollups_monthly",
        sa.Column("site_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("category_code", sa.String(32), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False, server_default="0") for name in COUNTS),
        sa.PrimaryKeyConstraint(
            "site_id", "month", "category_code", name=op.f("pk_stats_rollups_monthly")
        ),
    )
    op.create_index("ix_stats_rollups_monthly_month", "stats_rollups_monthly", ["month"])
    op.create_table(
        "ledger_rollups_monthly",
        sa.Column("site_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("category_code", sa.String(32), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("minutes", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("points", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint(
            "site_id", "month", "category_code", "source", name=op.f("pk_ledger_rollups_monthly")
        ),
    )
    op.create_index("ix_ledger_rollups_monthly_month", "ledger_rollups_monthly", ["month"])
    month = _month_of(op.get_bind().dialect.name)
    counts = ", ".join(COUNTS)
    sums = ", ".join(f"SUM({name})" for name in COUNTS)
    # One statement each: the database sums its own rows, nothing comes back here.
    op.execute(
        f"INSERT INTO stats_rollups_monthly (site_id, month, category_code, {counts}) "
        f"SELECT site_id, {month}, category_code, {sums} FROM stats_rollups "
        f"GROUP BY site_id, {month}, category_code"
    )
    op.execute(
        "INSERT INTO ledger_rollups_monthly "
        "(site_id, month, category_code, source, minutes, points) "
        f"SELECT site_id, {month}, category_code, source, SUM(minutes), SUM(points) "
        f"FROM ledger_rollups GROUP BY site_id, {month}, category_code, source"
    )


def downgrade() -> None:
    op.drop_index("ix_ledger_rollups_monthly_month", table_name="ledger_rollups_monthly")
    op.drop_table("ledger_rollups_monthly")
    op.drop_index("ix_stats_rollups_monthly_month", table_name="stats_rollups_monthly")
    op.drop_table("stats_rollups_monthly")
