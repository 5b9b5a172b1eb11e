"""Deadline kinds are named by the module that owns them: `wave` becomes
`order.wave`, and so on, so other modules' kinds (`report.sla`, ...) can sit beside
the order's in one table. Fired rows are renamed too, so history reads the same.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out, not imported from `domain.offers`: this must keep describing this
# revision whatever the code calls its kinds later.
RENAMED = {
    "wave": "order.wave",
    "dispatch": "order.dispatch",
    "escalate": "order.escalate",
    "rate": "order.remind",
}

_RENAME = sa.text("UPDATE deadlines SET kind = :new WHERE kind = :old")


def upgrade() -> None:
    for old, new in RENAMED.items():
        op.execute(_RENAME.bindparams(old=old, new=new))


def downgrade() -> None:
    for old, new in RENAMED.items():
        op.execute(_RENAME.bindparams(old=new, new=old))
