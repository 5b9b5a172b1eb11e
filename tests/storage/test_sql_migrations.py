"""Migrations: the stairway (each revision up, down, up) and that the models match head."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import alembic_config, current, downgrade, upgrade
from storage.sql import metadata

TABLES = {
    "users",
    "user_addresses",
    "sites",
    "categories",
    "services",
    "teams",
    "volunteers",
    "roles",
    "orders",
    "order_events",
    "offers",
    "deadlines",
    "applications",
    "application_notices",
    "invite_uses",
    "audit_log",
    "inbox_updates",
    "inbox_leases",
    "inbox_unreadable",
    "inbox_aside",
    "visits",
    "visit_notes",
    "activities",
    "activity_signups",
    "activity_follows",
    "activity_checkins",
    "complaints",
    "site_phones",
    "order_notices",
    "relay_messages",
    "relay_focus",
    "checkins",
    "checkin_token_uses",
    "digest_choices",
    "ledger_accounts",
    "ledger_transactions",
    "ledger_entries",
    "ledger_balances",
    "ledger_rules",
    "ledger_reason_erasures",
    "shop_rewards",
    "shop_pickups",
    "order_details",
    "broadcasts",
    "broadcast_recipients",
    "command_menus",
    "order_voice_notes",
    "wishes",
    "ledger_rollups",
    "ledger_rollups_monthly",
    "ledger_month_points",
    "wish_notices",
    "stats_rollups",
    "stats_rollups_monthly",
    "households",
    "household_members",
    "household_graders",
    "household_rules",
    "household_awards",
    "certificates",
}


def _revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


HEAD = _revisions()[-1]


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    return set(names) - {"alembic_version"}


async def test_stairway_up_down_up(empty_engine: AsyncEngine) -> None:
    assert await current(empty_engine) is None
    previous = "base"
    for revision in _revisions():  # each step up, back down, and up again
        await upgrade(empty_engine, revision)
        await downgrade(empty_engine, previous)
        assert await current(empty_engine) == (None if previous == "base" else previous)
        await upgrade(empty_engine, revision)
        assert await current(empty_engine) == revision
        previous = revision
    assert await current(empty_engine) == HEAD
    assert await _tables(empty_engine) == TABLES

    await downgrade(empty_engine, "base")
    assert await current(empty_engine) is None
    assert await _tables(empty_engine) == set()

    await upgrade(empty_engine)
    assert await _tables(empty_engine) == TABLES


async def test_models_match_the_migration(empty_engine: AsyncEngine) -> None:
    await upgrade(empty_engine)
    async with empty_engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), metadata
            )
        )
    assert diff == []


async def test_upgrade_takes_a_url(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'by-url.db'}"
    await upgrade(url)
    assert await current(url) == HEAD
    await upgrade(url)  # already at head: nothing to do
    assert await current(url) == HEAD
