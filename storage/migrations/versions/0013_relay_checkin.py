"""The relayed chat of an accepted order (relay_messages, relay_focus) and the
check-in at the door (checkins, checkin_token_uses).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.


def upgrade() -> None:
    op.create_table(
        "relay_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.BigInteger(), nullable=False),
        sa.Column("recipient_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("file_id", sa.String(256), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_relay_messages_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relay_messages")),
    )
    op.create_index("ix_relay_messages_order_id", "relay_messages", ["order_id", "id"])
    op.create_index(
        "ix_relay_messages_recipient_id", "relay_messages", ["recipient_id", "delivered_id"]
    )
    op.create_table(
        "relay_focus",
        sa.Column("person_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_relay_focus_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_relay_focus")),
    )
    op.create_table(
        "checkins",
        sa.Column("order_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("volunteer_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("how", sa.String(16), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("claimed_hours", sa.Float(), nullable=True),
        sa.Column("approved_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_checkins_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_checkins")),
    )
    op.create_table(
        "checkin_token_uses",
        sa.Column("token_id", sa.String(32), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_id", name=op.f("pk_checkin_token_uses")),
    )


def downgrade() -> None:
    op.drop_table("checkin_token_uses")
    op.drop_table("checkins")
    op.drop_table("relay_focus")
    op.drop_index("ix_relay_messages_recipient_id", table_name="relay_messages")
    op.drop_index("ix_relay_messages_order_id", table_name="relay_messages")
    op.drop_table("relay_messages")
