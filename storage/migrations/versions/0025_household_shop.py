"""Households spend their points, and erasure reaches the ledger's words.

- `shop_pickups.household_id`: a pickup asked for from a household's balance (the
  hand-over debits the household's account, not the person's).
- `ledger_entries.at` and `ledger_transactions (kind, at)` are indexed: the honour
  list sums a month of entries of some transaction kinds over every account of a
  kind, which the (account, at) index cannot serve, and without a range on the
  transactions their kind filter read the whole history.
- `ledger_transactions` stays append-only except for one path: its free-text
  `reason` may go from words to NULL, and nothing else may change (PIPL erasure, `/forgetme`).
  `ledger_reason_erasures` says which reasons were erased, and when.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.

_SAME = ("id", "at", "kind", "ref", "actor_id", "reverses_id")


def upgrade() -> None:
    with op.batch_alter_table("shop_pickups") as batch:
        batch.add_column(sa.Column("household_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_shop_pickups_household_id_households"),
            "households",
            ["household_id"],
            ["id"],
        )
    op.create_index("ix_shop_pickups_household_status", "shop_pickups", ["household_id", "status"])
    op.create_index("ix_ledger_entries_at", "ledger_entries", ["at"])
    op.create_index("ix_ledger_transactions_kind_at", "ledger_transactions", ["kind", "at"])
    op.create_table(
        "ledger_reason_erasures",
        sa.Column("transaction_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["ledger_transactions.id"],
            name=op.f("fk_ledger_reason_erasures_transaction_id_ledger_transactions"),
        ),
        sa.PrimaryKeyConstraint("transaction_id", name=op.f("pk_ledger_reason_erasures")),
    )
    _reason_may_be_erased()


def _reason_may_be_erased() -> None:
    if op.get_bind().dialect.name == "postgresql":
        same = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in _SAME)
        op.execute(
            "CREATE FUNCTION ledger_transactions_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP = 'UPDATE' AND OLD.reason IS NOT NULL AND NEW.reason IS NULL "
            f"AND {same} THEN RETURN NEW; END IF; "
            "RAISE EXCEPTION 'the ledger is append-only: % on %', TG_OP, TG_TABLE_NAME; "
            "END $$"
        )
        op.execute("DROP TRIGGER ledger_transactions_append_only ON ledger_transactions")
        op.execute(
            "CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE "
            "ON ledger_transactions FOR EACH ROW "
            "EXECUTE FUNCTION ledger_transactions_append_only()"
        )
        return
    same = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _SAME)
    op.execute("DROP TRIGGER ledger_transactions_no_update")
    op.execute(
        "CREATE TRIGGER ledger_transactions_no_update BEFORE UPDATE ON ledger_transactions "
        f"WHEN NOT (OLD.reason IS NOT NULL AND NEW.reason IS NULL AND {same}) "
        "BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER ledger_transactions_append_only ON ledger_transactions")
        op.execute("DROP FUNCTION ledger_transactions_append_only()")
        op.execute(
            "CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE "
            "ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"
        )
    else:
        op.execute("DROP TRIGGER ledger_transactions_no_update")
        op.execute(
            "CREATE TRIGGER ledger_transactions_no_update BEFORE UPDATE ON ledger_transactions "
            "BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END"
        )
    op.drop_table("ledger_reason_erasures")
    op.drop_index("ix_ledger_transactions_kind_at", table_name="ledger_transactions")
    op.drop_index("ix_ledger_entries_at", table_name="ledger_entries")
    op.drop_index("ix_shop_pickups_household_status", table_name="shop_pickups")
    with op.batch_alter_table("shop_pickups") as batch:
        batch.drop_constraint(op.f("fk_shop_pickups_household_id_households"), type_="foreignkey")
        batch.drop_column("household_id")
