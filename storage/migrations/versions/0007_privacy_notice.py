"""Privacy: users remember when they were shown the privacy notice.

Existing users get NULL: they were never told what is kept, so they are shown the
notice on their next update, like a new user.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        # Like 0001: the live column type is `UtcDateTime`, stored as this.
        batch.add_column(sa.Column("notice_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("notice_at")
