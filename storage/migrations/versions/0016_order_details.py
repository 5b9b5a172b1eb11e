"""Order details: at home or at the station, the house address or pin, the part
of the day or time, the beneficiary (name, relation, phone) and the coordinator
who took the order by phone. One row per order, keyed by its id; orders placed
before have none. An index on users.phone finds a beneficiary's person.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.


def upgrade() -> None:
    op.create_table(
        "order_details",
        sa.Column("order_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("visit", sa.String(8), nullable=True),
        sa.Column("address", sa.Text(), server_default="", nullable=False),
        sa.Column("pinned", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("day_part", sa.String(16), nullable=True),
        sa.Column("at_time", sa.String(5), nullable=True),
        sa.Column("beneficiary_name", sa.String(64), nullable=True),
        sa.Column("beneficiary_relation", sa.String(32), nullable=True),
        sa.Column("beneficiary_phone", sa.String(32), nullable=True),
        sa.Column("beneficiary_id", sa.BigInteger(), nullable=True),
        sa.Column("entered_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_details_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_order_details")),
    )
    op.create_index("ix_users_phone", "users", ["phone"])


def downgrade() -> None:
    op.drop_index("ix_users_phone", table_name="users")
    op.drop_table("order_details")
