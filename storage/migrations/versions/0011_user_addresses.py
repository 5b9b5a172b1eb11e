"""People apart from channels: each way to reach a person is a row of
`user_addresses` (channel, address -> person). Every user of before is a person
first met on Telegram, so each gets their Telegram address: the user id, as text.
Their person id stays what it was, so nothing that names them changes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.


def upgrade() -> None:
    op.create_table(
        "user_addresses",
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("address", sa.String(128), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_user_addresses_person_id_users")
        ),
        sa.PrimaryKeyConstraint("channel", "address", name=op.f("pk_user_addresses")),
    )
    op.create_index("ix_user_addresses_person_id", "user_addresses", ["person_id"])
    # CAST to a string type both dialects know; the id is an integer of at most 52 bits.
    op.execute(
        "INSERT INTO user_addresses (channel, address, person_id) "
        "SELECT 'telegram', CAST(id AS VARCHAR(128)), id FROM users"
    )


def downgrade() -> None:
    # A person first met elsewhere has no Telegram id to fall back to: downgrading
    # loses their way in, as it would with any later channel.
    op.drop_index("ix_user_addresses_person_id", table_name="user_addresses")
    op.drop_table("user_addresses")
