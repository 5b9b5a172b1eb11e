"""The update inbox in SQL, for deployments without Redis: stored updates, chat
leases, unreadable and set-aside updates (`storage.inbox_sql`).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.


def upgrade() -> None:
    op.create_table(
        "inbox_updates",
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("done_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint(
            "channel", "bot_id", "chat_id", "update_id", name=op.f("pk_inbox_updates")
        ),
    )
    op.create_index(
        "ix_inbox_updates_bot_state_chat",
        "inbox_updates",
        ["channel", "bot_id", "state", "chat_id"],
    )
    op.create_table(
        "inbox_leases",
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("holder", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "bot_id", "chat_id", name=op.f("pk_inbox_leases")),
    )
    op.create_table(
        "inbox_unreadable",
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "bot_id", "update_id", name=op.f("pk_inbox_unreadable")),
    )
    op.create_table(
        "inbox_aside",
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "bot_id", "update_id", name=op.f("pk_inbox_aside")),
    )


def downgrade() -> None:
    for table in ("inbox_aside", "inbox_unreadable", "inbox_leases", "inbox_updates"):
        op.drop_table(table)
