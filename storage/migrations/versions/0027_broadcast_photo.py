"""A broadcast may carry a photo: `broadcasts.photo_file_id`, a Telegram file id the
senders send with the text as its caption (an activity's poster with its announcement).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.


def upgrade() -> None:
    with op.batch_alter_table("broadcasts") as batch:
        batch.add_column(sa.Column("photo_file_id", sa.String(256), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_column("photo_file_id")
