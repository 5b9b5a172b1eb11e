"""Wishes in the order loop: the service a posted wish becomes an order of when it is
claimed (`wishes.service_id`), and every copy of a wish with buttons (`wish_notices`: the
coordinators' Approve / Reject, the volunteers' Claim), edited once it is decided
or claimed.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.


def upgrade() -> None:
    with op.batch_alter_table("wishes") as batch:
        batch.add_column(sa.Column("service_id", sa.Integer(), nullable=True))
    op.create_table(
        "wish_notices",
        sa.Column("wish_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(
            ["wish_id"], ["wishes.id"], name=op.f("fk_wish_notices_wish_id_wishes")
        ),
        sa.PrimaryKeyConstraint("wish_id", "user_id", "message_id", name=op.f("pk_wish_notices")),
    )


def downgrade() -> None:
    op.drop_table("wish_notices")
    with op.batch_alter_table("wishes") as batch:
        batch.drop_column("service_id")
