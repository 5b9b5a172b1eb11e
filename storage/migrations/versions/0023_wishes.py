"""Voice orders and the wish wall: an order's voice notes (`order_voice_notes`) and
the wishes residents send that are not on the menu (`wishes`).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.


def upgrade() -> None:
    op.create_table(
        "order_voice_notes",
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("step", sa.String(32), nullable=False),
        sa.Column("file_id", sa.String(255), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_voice_notes_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("order_id", "seq", name=op.f("pk_order_voice_notes")),
    )
    op.create_table(
        "wishes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.BigInteger(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("voice_file_id", sa.String(255), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("category_code", sa.String(32), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("mode", sa.String(8), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("claimed_by", sa.BigInteger(), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_wishes_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wishes")),
    )
    op.create_index("ix_wishes_status_site", "wishes", ["status", "site_id"])
    op.create_index("ix_wishes_resident", "wishes", ["resident_id"])


def downgrade() -> None:
    op.drop_index("ix_wishes_resident", table_name="wishes")
    op.drop_index("ix_wishes_status_site", table_name="wishes")
    op.drop_table("wishes")
    op.drop_table("order_voice_notes")
