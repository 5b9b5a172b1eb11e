"""Migration 0014 on SQLite and PostgreSQL: the hours and points volunteers had become
one opening transaction each, so every balance starts where it was; and back down."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.ledger_models import HOURS_SOURCE, ISSUING, hours_of, person
from storage.migrate import alembic_config, downgrade, upgrade
from storage.sql import SqlDatabase

REVISION = "0014"
# (user id, hours, points): one with both, one with hours only, one with nothing.
OLD = [(901, 12.5, 125), (902, 0.33, 0), (903, 0, 0)]


def _previous() -> str:
    script = ScriptDirectory.from_config(alembic_config())
    down = script.get_revision(REVISION).down_revision
    assert isinstance(down, str)
    return down


async def test_old_hours_and_points_become_opening_entries(empty_engine: AsyncEngine) -> None:
    await upgrade(empty_engine, _previous())
    async with empty_engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO sites (id, parent_id, level, name_zh, name_en) "
                "VALUES (1, NULL, 'center', '中心', 'Center')"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO categories (code, name_zh, name_en, sort) "
                "VALUES ('civility', '乡风文明', 'Civility', 1)"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO teams (code, name_zh, name_en, site_id, category_code) "
                "VALUES ('T', '队', 'Team', 1, 'civility')"
            )
        )
        for user_id, hours, points in OLD:
            await conn.execute(
                text("INSERT INTO users (id, first_name) VALUES (:id, 'V')"), {"id": user_id}
            )
            await conn.execute(
                text(
                    "INSERT INTO volunteers (user_id, team_id, hours, points) "
                    "SELECT :id, id, :hours, :points FROM teams"
                ),
                {"id": user_id, "hours": hours, "points": points},
            )
    await upgrade(empty_engine, REVISION)
    db = SqlDatabase(empty_engine)
    async with db.transaction() as tx:
        found = await tx.ledger.balances(
            [person(901), hours_of(901), person(902), hours_of(902), person(903), hours_of(903)]
        )
        assert list(found.values()) == [125, 750, 0, 20, 0, 0]
        assert await tx.ledger.balance(ISSUING) == -125
        assert await tx.ledger.balance(HOURS_SOURCE) == -770
        assert await tx.ledger.totals() == {"points": 0, "minutes": 0, "entries": 6}
        v = await tx.volunteers.get(901)
        assert v is not None and (v.hours, v.points) == (12.5, 125)
    await downgrade(empty_engine, _previous())
    await upgrade(empty_engine, REVISION)
