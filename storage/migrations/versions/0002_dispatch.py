"""Dispatch engine: volunteers' quiet hours and running tallies; orders' escalation level.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("volunteers") as batch:
        # Minutes after local midnight; quiet_start > quiet_end wraps past midnight.
        batch.add_column(sa.Column("quiet_start", sa.SmallInteger(), nullable=True))
        batch.add_column(sa.Column("quiet_end", sa.SmallInteger(), nullable=True))
        # Tallies kept with each transition, so ranking never scans past orders.
        batch.add_column(sa.Column("open_tasks", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(
            sa.Column("rating_total", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(
            sa.Column("rating_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("last_task_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("orders") as batch:
        # 0 none; 1 the point's coordinators; 2 the station's; 3 the center's (督办).
        batch.add_column(
            sa.Column("escalation", sa.SmallInteger(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("escalation")
    with op.batch_alter_table("volunteers") as batch:
        for column in (
            "last_task_at",
            "rating_count",
            "rating_total",
            "open_tasks",
            "quiet_end",
            "quiet_start",
        ):
            batch.drop_column(column)
