"""Vetted joining: rejection reasons, the coordinators' application notices (to edit
them once someone decides), and the invite tokens already used.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("reason_code", sa.String(32), nullable=True))
        batch.add_column(sa.Column("reason", sa.String(200), nullable=True))
    op.create_table(
        "application_notices",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_notices_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("application_id", "user_id", name=op.f("pk_application_notices")),
    )
    op.create_table(
        "invite_uses",
        sa.Column("token_id", sa.String(32), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("used_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_invite_uses_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("token_id", name=op.f("pk_invite_uses")),
    )


def downgrade() -> None:
    op.drop_table("invite_uses")
    op.drop_table("application_notices")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("reason")
        batch.drop_column("reason_code")
