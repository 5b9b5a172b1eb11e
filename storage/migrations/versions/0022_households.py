"""Household civility points (乡风文明积分) and service certificates: households at a
point (`households`, `household_members`), the graders appointed at a point
(`household_graders`), the county's per-act rules (`household_rules`, from the seed),
every award or deduction (`household_awards`, whose points are a ledger transaction),
and volunteer service certificates with their verification codes (`certificates`).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "households",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("site_id", sa.Integer(), sa.ForeignKey("sites.id"), nullable=False),
        sa.Column("head_id", sa.BigInteger(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        _at("created_at"),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        _at("decided_at", nullable=True),
    )
    op.create_index("ix_households_site_id", "households", ["site_id", "status"])
    op.create_index("ix_households_head_id", "households", ["head_id"])
    op.create_table(
        "household_members",
        sa.Column("person_id", sa.BigInteger(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("households.id"), nullable=False),
        _at("added_at"),
    )
    op.create_index("ix_household_members_household", "household_members", ["household_id"])
    op.create_table(
        "household_graders",
        sa.Column("site_id", sa.Integer(), sa.ForeignKey("sites.id"), primary_key=True),
        sa.Column("person_id", sa.BigInteger(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("appointed_by", sa.BigInteger(), nullable=False),
        _at("appointed_at"),
    )
    op.create_table(
        "household_rules",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name_zh", sa.String(128), nullable=False),
        sa.Column("name_en", sa.String(128), nullable=False, server_default=""),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "household_awards",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("households.id"), nullable=False),
        sa.Column("rule_code", sa.String(32), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("photo_file_id", sa.String(256), nullable=True),
        sa.Column("actor_id", sa.BigInteger(), nullable=False),
        _at("at"),
        sa.Column(
            "ledger_tx_id", sa.Integer(), sa.ForeignKey("ledger_transactions.id"), nullable=True
        ),
    )
    op.create_index("ix_household_awards_household", "household_awards", ["household_id", "id"])
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.BigInteger(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        _at("requested_at"),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        _at("decided_at", nullable=True),
        sa.Column("code", sa.String(32), nullable=True, unique=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("record", sa.JSON(), nullable=True),
    )
    op.create_index("ix_certificates_person", "certificates", ["person_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_certificates_person", table_name="certificates")
    op.drop_table("certificates")
    op.drop_index("ix_household_awards_household", table_name="household_awards")
    op.drop_table("household_awards")
    op.drop_table("household_rules")
    op.drop_table("household_graders")
    op.drop_index("ix_household_members_household", table_name="household_members")
    op.drop_table("household_members")
    op.drop_index("ix_households_head_id", table_name="households")
    op.drop_index("ix_households_site_id", table_name="households")
    op.drop_table("households")
