"""Visit notes by the person served, not the orderer: `visit_notes.served` is a
stable key of whom the visit was for (`domain.visits.served_keys`): "p:<person id>"
for someone here, "t:<phone>" for a family member or neighbour with a phone, and
"n:<orderer>:<name>" for one known only by name. Every note of before was about
the order's resident (`person_id`), so it gets "p:<person_id>".

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.


def upgrade() -> None:
    with op.batch_alter_table("visit_notes") as batch:
        batch.add_column(sa.Column("served", sa.String(96), nullable=True))
    # CAST to a string type both dialects know; the id is an integer of at most 52 bits.
    op.execute("UPDATE visit_notes SET served = 'p:' || CAST(person_id AS VARCHAR(32))")
    op.create_index("ix_visit_notes_served_created_at", "visit_notes", ["served", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_visit_notes_served_created_at", table_name="visit_notes")
    with op.batch_alter_table("visit_notes") as batch:
        batch.drop_column("served")
