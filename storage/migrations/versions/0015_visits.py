"""The visit: each order's arrival time, safety code word, on-my-way time and the
resident's "did it happen?" (`visits`), and notes for the next volunteer
(`visit_notes`, keyed by the person served).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.


def upgrade() -> None:
    op.create_table(
        "visits",
        sa.Column("order_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("volunteer_id", sa.BigInteger(), nullable=False),
        sa.Column("code_word", sa.String(16), nullable=False),
        sa.Column("arrive_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("arrive_part", sa.String(16), nullable=True),
        sa.Column("on_way_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("happened", sa.Boolean(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_visits_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_visits")),
    )
    op.create_table(
        "visit_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_visit_notes_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_notes")),
    )
    op.create_index(
        "ix_visit_notes_person_id_created_at", "visit_notes", ["person_id", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_visit_notes_person_id_created_at", table_name="visit_notes")
    op.drop_table("visit_notes")
    op.drop_table("visits")
