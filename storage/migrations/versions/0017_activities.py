"""Activities (活动): published with quotas, signed up for, wait-listed, checked in.

`activities` keeps its fill counters on the row (`volunteers_signed`,
`residents_signed`): a sign-up is a conditional UPDATE of that row, so quotas hold
when many press Sign up at once. `activity_signups` is one row per person and
activity; `activity_follows` who follows which site; `activity_checkins` one row
per person per activity.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables: it must keep describing this revision.


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title_zh", sa.String(128), nullable=False),
        sa.Column("title_en", sa.String(128), nullable=False, server_default=""),
        sa.Column("category_code", sa.String(32), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        _at("starts_at"),
        _at("ends_at"),
        sa.Column("volunteer_quota", sa.Integer(), nullable=False),
        sa.Column("resident_quota", sa.Integer(), nullable=False),
        sa.Column("volunteers_signed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("residents_signed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("waitlist_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("visibility", sa.String(8), nullable=False),
        sa.Column("poster_file_id", sa.String(256), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        _at("created_at"),
        _at("updated_at"),
        sa.Column("beneficiaries", sa.JSON(), nullable=True),
        sa.Column("report_text", sa.Text(), nullable=True),
        sa.Column("report_photos", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["category_code"],
            ["categories.code"],
            name=op.f("fk_activities_category_code_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_activities_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_activities_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    op.create_index("ix_activities_site_starts", "activities", ["site_id", "starts_at"])
    op.create_table(
        "activity_signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _at("created_at"),
        _at("offered_until", nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_signups_activity_id_activities"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_activity_signups_person_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_signups")),
        sa.UniqueConstraint(
            "activity_id", "person_id", name=op.f("uq_activity_signups_activity_id_person_id")
        ),
    )
    op.create_index(
        "ix_activity_signups_queue",
        "activity_signups",
        ["activity_id", "role", "status", "position"],
    )
    op.create_index("ix_activity_signups_person_id", "activity_signups", ["person_id"])
    op.create_table(
        "activity_follows",
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        _at("created_at"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"], name=op.f("fk_activity_follows_person_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_activity_follows_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("person_id", "site_id", name=op.f("pk_activity_follows")),
    )
    op.create_index("ix_activity_follows_site_id", "activity_follows", ["site_id"])
    op.create_table(
        "activity_checkins",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("how", sa.String(16), nullable=False),
        sa.Column("by_id", sa.BigInteger(), nullable=True),
        _at("at"),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_checkins_activity_id_activities"),
        ),
        sa.PrimaryKeyConstraint("activity_id", "person_id", name=op.f("pk_activity_checkins")),
    )


def downgrade() -> None:
    op.drop_table("activity_checkins")
    op.drop_index("ix_activity_follows_site_id", table_name="activity_follows")
    op.drop_table("activity_follows")
    op.drop_index("ix_activity_signups_person_id", table_name="activity_signups")
    op.drop_index("ix_activity_signups_queue", table_name="activity_signups")
    op.drop_table("activity_signups")
    op.drop_index("ix_activities_site_starts", table_name="activities")
    op.drop_table("activities")
