"""Points by account, county month and transaction kind (`ledger_month_points`), for
the honour list: a county month reads one row an account instead of every entry of
the month (about a second at 300,000 entries a month). Filled from the entries
already there, a page of transactions at a time; from then on every post adds to it.

Revision ID: 0028
Revises: 0027
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

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.
PAGE = 5000
COUNTED = {"household": ("award", "deduct"), "person": ("earn", "adjust")}

_transactions = sa.table(
    "ledger_transactions",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("at", sa.DateTime(timezone=True)),
)
_entries = sa.table(
    "ledger_entries",
    sa.column("transaction_id", sa.Integer),
    sa.column("account_id", sa.Integer),
    sa.column("amount", sa.BigInteger),
)
_accounts = sa.table("ledger_accounts", sa.column("id", sa.Integer), sa.column("kind", sa.String))
_points = sa.table(
    "ledger_month_points",
    sa.column("account_id", sa.Integer),
    sa.column("month", sa.Date),
    sa.column("kind", sa.String),
    sa.column("points", sa.BigInteger),
)


def upgrade() -> None:
    op.create_table(
        "ledger_month_points",
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey(
                "ledger_accounts.id", name=op.f("fk_ledger_month_points_account_id_ledger_accounts")
            ),
            nullable=False,
        ),
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("points", sa.BigInteger, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("account_id", "month", "kind", name=op.f("pk_ledger_month_points")),
    )
    op.create_index("ix_ledger_month_points_month", "ledger_month_points", ["month", "kind"])
    _backfill(op.get_bind(), _timezone())


def downgrade() -> None:
    op.drop_index("ix_ledger_month_points_month", table_name="ledger_month_points")
    op.drop_table("ledger_month_points")


def _timezone() -> ZoneInfo:
    given = context.config.attributes.get("timezone") or os.environ.get("TIMEZONE")
    return ZoneInfo(given or "Asia/Shanghai")


def _month(moment: Any, tz: ZoneInfo) -> date:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(tz).date().replace(day=1)


def _backfill(bind: sa.Connection, tz: ZoneInfo) -> None:
    kinds = sorted({kind for counted in COUNTED.values() for kind in counted})
    sums: dict[tuple[int, date, str], int] = defaultdict(int)
    after = 0
    while True:
        page = bind.execute(
            sa.select(_transactions.c.id, _transactions.c.kind, _transactions.c.at)
            .where(_transactions.c.id > after, _transactions.c.kind.in_(kinds))
            .order_by(_transactions.c.id)
            .limit(PAGE)
        ).all()
        if not page:
            break
        after = int(page[-1].id)
        of = {int(t.id): (str(t.kind), _month(t.at, tz)) for t in page}
        rows = bind.execute(
            sa.select(
                _entries.c.transaction_id,
                _entries.c.account_id,
                _accounts.c.kind,
                _entries.c.amount,
            )
            .join(_accounts, _accounts.c.id == _entries.c.account_id)
            .where(_entries.c.transaction_id.in_(list(of)), _accounts.c.kind.in_(list(COUNTED)))
        )
        for row in rows:
            kind, month = of[int(row.transaction_id)]
            if kind in COUNTED[str(row.kind)]:
                sums[(int(row.account_id), month, kind)] += int(row.amount)
    values = [
        {"account_id": a, "month": m, "kind": k, "points": p}
        for (a, m, k), p in sorted(sums.items())
    ]
    for start in range(0, len(values), PAGE):
        bind.execute(_points.insert(), values[start : start + PAGE])
