"""The ledger and the points shop: accounts, transactions of balanced entries,
balances, the county's recognition rules; rewards and pickup codes. The hours and
points volunteers had (`volunteers.hours`, `volunteers.points`) become one opening
transaction each, from the county's sources, so every balance starts where it was.
Entries and transactions are append-only: triggers refuse UPDATE and DELETE.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.

APPEND_ONLY = ("ledger_entries", "ledger_transactions")


def upgrade() -> None:
    _tables()
    _append_only()
    _backfill()


def _tables() -> None:
    op.create_table(
        "ledger_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_accounts")),
        sa.UniqueConstraint("kind", "owner_id", name=op.f("uq_ledger_accounts_kind_owner_id")),
    )
    op.create_table(
        "ledger_transactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ref", sa.String(64), nullable=True),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["ledger_transactions.id"],
            name=op.f("fk_ledger_transactions_reverses_id_ledger_transactions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_transactions")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_ledger_transactions_reverses_id")),
    )
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("transaction_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["ledger_transactions.id"],
            name=op.f("fk_ledger_entries_transaction_id_ledger_transactions"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["ledger_accounts.id"],
            name=op.f("fk_ledger_entries_account_id_ledger_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    op.create_index("ix_ledger_entries_account_at", "ledger_entries", ["account_id", "at"])
    op.create_index("ix_ledger_entries_transaction", "ledger_entries", ["transaction_id"])
    op.create_table(
        "ledger_balances",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["ledger_accounts.id"],
            name=op.f("fk_ledger_balances_account_id_ledger_accounts"),
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_ledger_balances")),
    )
    op.create_table(
        "ledger_rules",
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_ledger_rules")),
    )
    op.create_table(
        "shop_rewards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("name_zh", sa.String(128), nullable=False),
        sa.Column("name_en", sa.String(128), server_default="", nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.CheckConstraint("stock >= 0", name=op.f("ck_shop_rewards_stock_not_negative")),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_shop_rewards_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shop_rewards")),
    )
    op.create_index("ix_shop_rewards_site_id", "shop_rewards", ["site_id"])
    op.create_table(
        "shop_pickups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("reward_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reward_id"], ["shop_rewards.id"], name=op.f("fk_shop_pickups_reward_id_shop_rewards")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shop_pickups")),
        sa.UniqueConstraint("code", name=op.f("uq_shop_pickups_code")),
    )
    op.create_index("ix_shop_pickups_person_status", "shop_pickups", ["person_id", "status"])


def _append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'the ledger is append-only: % on %', TG_OP, TG_TABLE_NAME; "
            "END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{what.lower()} BEFORE {what} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END"
            )


def _backfill() -> None:
    """One opening transaction per volunteer with hours or points, set-based."""
    ref = "'volunteer:' || CAST(v.user_id AS VARCHAR(32))"
    minutes = "CAST(ROUND(v.hours * 60) AS BIGINT)"
    op.execute(
        "INSERT INTO ledger_accounts (kind, owner_id) VALUES ('issuing', 0), ('hours-source', 0)"
    )
    op.execute(
        "INSERT INTO ledger_accounts (kind, owner_id) "
        "SELECT 'person', user_id FROM volunteers WHERE points > 0"
    )
    op.execute(
        "INSERT INTO ledger_accounts (kind, owner_id) "
        f"SELECT 'hours', v.user_id FROM volunteers v WHERE {minutes} > 0"
    )
    op.execute(
        "INSERT INTO ledger_transactions (at, kind, ref) "
        f"SELECT CURRENT_TIMESTAMP, 'opening', {ref} FROM volunteers v "
        f"WHERE v.points > 0 OR {minutes} > 0"
    )
    opening = f"JOIN ledger_transactions t ON t.kind = 'opening' AND t.ref = {ref}"
    for kind, source, amount in (
        ("person", "issuing", "v.points"),
        ("hours", "hours-source", minutes),
    ):
        op.execute(
            "INSERT INTO ledger_entries (transaction_id, account_id, amount, at) "
            f"SELECT t.id, a.id, {amount}, t.at FROM volunteers v {opening} "
            f"JOIN ledger_accounts a ON a.kind = '{kind}' AND a.owner_id = v.user_id "
            f"WHERE {amount} > 0"
        )
        op.execute(
            "INSERT INTO ledger_entries (transaction_id, account_id, amount, at) "
            f"SELECT t.id, s.id, -({amount}), t.at FROM volunteers v {opening} "
            f"JOIN ledger_accounts s ON s.kind = '{source}' AND s.owner_id = 0 "
            f"WHERE {amount} > 0"
        )
    op.execute(
        "INSERT INTO ledger_balances (account_id, balance) "
        "SELECT account_id, SUM(amount) FROM ledger_entries GROUP BY account_id"
    )


def downgrade() -> None:
    # volunteers.hours and volunteers.points are still there, as they were at 0014.
    bind = op.get_bind()
    for name in (
        "shop_pickups",
        "shop_rewards",
        "ledger_rules",
        "ledger_balances",
        "ledger_entries",
        "ledger_transactions",
        "ledger_accounts",
    ):
        op.drop_table(name)
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION ledger_append_only()")
