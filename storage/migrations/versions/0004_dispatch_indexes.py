"""Dispatch at a county's scale: volunteers carry their user's `unreachable` flag and
get a partial index of who can be offered work; orders get indexes for /pending and
for per-site statistics.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.
_volunteers = sa.table(
    "volunteers",
    sa.column("user_id", sa.BigInteger()),
    sa.column("active", sa.Boolean()),
    sa.column("available", sa.Boolean()),
    sa.column("unreachable", sa.Boolean()),
)
_users = sa.table("users", sa.column("id", sa.BigInteger()), sa.column("unreachable", sa.Boolean()))
_orders = sa.table("orders", sa.column("status", sa.String(16)))

# Written exactly as the queries write them, so PostgreSQL can prove each index applies.
_READY = sa.and_(
    _volunteers.c.active.is_(True),
    _volunteers.c.available.is_(True),
    _volunteers.c.unreachable.is_(False),
)
_WAITING = _orders.c.status.in_([sa.literal_column("'new'"), sa.literal_column("'offered'")])


def upgrade() -> None:
    with op.batch_alter_table("volunteers") as batch:
        batch.add_column(
            sa.Column("unreachable", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # One correlated UPDATE, valid on SQLite and PostgreSQL alike.
    op.execute(
        _volunteers.update().values(
            unreachable=sa.select(_users.c.unreachable)
            .where(_users.c.id == _volunteers.c.user_id)
            .scalar_subquery()
        )
    )
    op.create_index(
        "ix_volunteers_team_ready",
        "volunteers",
        ["team_id"],
        postgresql_where=_READY,
        sqlite_where=_READY,
    )
    op.create_index(
        "ix_orders_pending_created",
        "orders",
        ["created_at", "id"],
        postgresql_where=_WAITING,
        sqlite_where=_WAITING,
    )
    op.create_index("ix_orders_site_created", "orders", ["site_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_orders_site_created", table_name="orders")
    op.drop_index("ix_orders_pending_created", table_name="orders")
    op.drop_index("ix_volunteers_team_ready", table_name="volunteers")
    with op.batch_alter_table("volunteers") as batch:
        batch.drop_column("unreachable")
