"""Migration 0011 on SQLite and PostgreSQL: every user of before gets their Telegram
address, so each stays the same person, reachable where they were; and back down."""

from __future__ import annotations

from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.models import TELEGRAM, Address
from domain.people import People
from domain.roles import Authority
from storage.migrate import alembic_config, downgrade, upgrade
from storage.sql import SqlDatabase

REVISION = "0011"
# A small id, a usual one, and the largest a Telegram id can be (52 bits).
OLD_USERS = [(500, "Li"), (800001, "王阿姨"), ((1 << 52) - 1, "Big")]


def _previous() -> str:
    """The revision 0011 follows (relinked at merge time, so read, not assumed)."""
    script = ScriptDirectory.from_config(alembic_config())
    down = script.get_revision(REVISION).down_revision
    assert isinstance(down, str)
    return down


async def _old_database(engine: AsyncEngine) -> None:
    await upgrade(engine, _previous())
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO users (id, first_name) VALUES (:id, :name)"),
            [{"id": i, "name": n} for i, n in OLD_USERS],
        )


async def _rows(engine: AsyncEngine, sql: str) -> list[tuple[Any, ...]]:
    async with engine.connect() as conn:
        return [tuple(r) for r in (await conn.execute(text(sql))).all()]


async def test_every_user_of_before_gets_their_telegram_address(
    empty_engine: AsyncEngine,
) -> None:
    await _old_database(empty_engine)
    await upgrade(empty_engine, REVISION)
    rows = await _rows(
        empty_engine, "SELECT channel, address, person_id FROM user_addresses ORDER BY person_id"
    )
    assert rows == [(TELEGRAM, str(i), i) for i, _ in OLD_USERS]
    await downgrade(empty_engine, _previous())
    assert await _rows(empty_engine, "SELECT id FROM users ORDER BY id") == [
        (i,) for i, _ in OLD_USERS
    ]


async def test_migrated_users_stay_the_same_people_reachable_where_they_were(
    empty_engine: AsyncEngine,
) -> None:
    await _old_database(empty_engine)
    await upgrade(empty_engine, REVISION)
    db = SqlDatabase(empty_engine)
    people = People(db, Authority(frozenset()))
    for user_id, name in OLD_USERS:
        person = await people.touch(Address(TELEGRAM, str(user_id)), name, None)
        assert person.profile.id == user_id  # found, not created anew
    found = await people.addresses(i for i, _ in OLD_USERS)
    assert found == {i: [Address(TELEGRAM, str(i))] for i, _ in OLD_USERS}
    assert len(await _rows(empty_engine, "SELECT id FROM users")) == len(OLD_USERS)
