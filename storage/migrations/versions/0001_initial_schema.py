"""The whole initial schema: sites, users, catalogue, teams, orders, offers, deadlines.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Migrations never import the live table definitions: they must keep describing
# this revision after the models move on.
_TS = sa.DateTime(timezone=True)
_NOW = sa.text("CURRENT_TIMESTAMP")


def _names() -> list[sa.Column[str]]:
    return [
        sa.Column("name_zh", sa.String(128), nullable=False),
        sa.Column("name_en", sa.String(128), server_default="", nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "categories",
        sa.Column("code", sa.String(32), nullable=False),
        *_names(),
        sa.Column("sort", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_categories")),
    )
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(16), nullable=False),
        *_names(),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["sites.id"], name=op.f("fk_sites_parent_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sites")),
    )
    op.create_index(op.f("ix_sites_parent_id"), "sites", ["parent_id"])
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("first_name", sa.String(128), server_default="", nullable=False),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("locale", sa.String(16), nullable=True),
        sa.Column("home_site_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("unreachable", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", _TS, server_default=_NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["home_site_id"], ["sites.id"], name=op.f("fk_users_home_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_table(
        "services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("category_code", sa.String(32), nullable=False),
        *_names(),
        sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_code"],
            ["categories.code"],
            name=op.f("fk_services_category_code_categories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
        sa.UniqueConstraint("code", name=op.f("uq_services_code")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        *_names(),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("category_code", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_code"], ["categories.code"], name=op.f("fk_teams_category_code_categories")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_teams_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("code", name=op.f("uq_teams_code")),
    )
    op.create_index("ix_teams_category_site", "teams", ["category_code", "site_id"])
    op.create_table(
        "volunteers",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("hours", sa.Numeric(10, 2, asdecimal=False), server_default="0", nullable=False),
        sa.Column("points", sa.Integer(), server_default="0", nullable=False),
        sa.Column("available", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_volunteers_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_volunteers_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_volunteers")),
    )
    op.create_index(op.f("ix_volunteers_team_id"), "volunteers", ["team_id"])
    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_roles_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint(
            "user_id", "role", "site_id", name=op.f("uq_roles_user_id_role_site_id")
        ),
    )
    op.create_index("ix_roles_role_site", "roles", ["role", "site_id"])
    _create_orders()
    _create_offers_and_deadlines()


def _create_orders() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.BigInteger(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("category_code", sa.String(32), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("when", sa.String(32), nullable=False),
        sa.Column("details", sa.Text(), server_default="", nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("volunteer_id", sa.BigInteger(), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("hours", sa.Numeric(6, 2, asdecimal=False), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["category_code"], ["categories.code"], name=op.f("fk_orders_category_code_categories")
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"], ["users.id"], name=op.f("fk_orders_resident_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_orders_service_id_services")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_orders_site_id_sites")),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["users.id"], name=op.f("fk_orders_volunteer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
    )
    op.create_index("ix_orders_resident_created", "orders", ["resident_id", "created_at"])
    op.create_index("ix_orders_status_site_created", "orders", ["status", "site_id", "created_at"])
    op.create_index("ix_orders_volunteer_status", "orders", ["volunteer_id", "status"])
    op.create_table(
        "order_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("from_status", sa.String(16), nullable=True),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_events_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_events")),
    )
    op.create_index(op.f("ix_order_events_order_id"), "order_events", ["order_id"])


def _create_offers_and_deadlines() -> None:
    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.BigInteger(), nullable=False),
        sa.Column("ring", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_offers_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["users.id"], name=op.f("fk_offers_volunteer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint(
            "order_id", "volunteer_id", name=op.f("uq_offers_order_id_volunteer_id")
        ),
    )
    op.create_index("ix_offers_volunteer_status", "offers", ["volunteer_id", "status"])
    op.create_table(
        "deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("ref_id", sa.BigInteger(), nullable=False),
        sa.Column("due_at", _TS, nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_at", _TS, nullable=True),
        sa.Column("fired_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadlines")),
    )
    op.create_index("ix_deadlines_kind_ref", "deadlines", ["kind", "ref_id"])
    not_fired = sa.text("fired_at IS NULL")
    op.create_index(
        "ix_deadlines_due_open",
        "deadlines",
        ["due_at"],
        postgresql_where=not_fired,
        sqlite_where=not_fired,
    )


def downgrade() -> None:
    # Children before parents; dropping a table drops its indexes with it.
    for table in (
        "deadlines",
        "offers",
        "order_events",
        "orders",
        "roles",
        "volunteers",
        "teams",
        "services",
        "users",
        "sites",
        "categories",
    ):
        op.drop_table(table)
