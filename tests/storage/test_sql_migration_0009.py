"""Migration 0009 on SQLite and PostgreSQL: the order's deadline kinds get dotted
names, pending and fired rows alike, a kind it does not know stays as it is; and
back down. The new names are exactly the ones the dispatcher registers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.clock import ManualClock
from domain.deadlines import DeadlineKinds
from domain.offers import Dispatcher, Policy
from storage.migrate import alembic_config, downgrade, upgrade

REVISION = "0009"
DUE = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
OLD_ROWS = [  # (id, kind, fired?)
    (1, "wave", False),
    (2, "dispatch", False),
    (3, "escalate", False),
    (4, "rate", False),
    (5, "wave", True),
    (6, "someone-elses", False),
]
NEW_KINDS = {
    1: "order.wave",
    2: "order.dispatch",
    3: "order.escalate",
    4: "order.remind",
    5: "order.wave",
    6: "someone-elses",
}


def _previous() -> str:
    """The revision 0009 follows (relinked at merge time, so read, not assumed)."""
    script = ScriptDirectory.from_config(alembic_config())
    down = script.get_revision(REVISION).down_revision
    assert isinstance(down, str)
    return down


async def _old_database(engine: AsyncEngine) -> None:
    await upgrade(engine, _previous())
    due: Any = DUE.replace(tzinfo=None) if engine.dialect.name == "sqlite" else DUE
    rows = [
        {"id": i, "kind": k, "ref": 40 + i, "due": due, "fired": due if f else None}
        for i, k, f in OLD_ROWS
    ]
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO deadlines (id, kind, ref_id, due_at, fired_at) "
                "VALUES (:id, :kind, :ref, :due, :fired)"
            ),
            rows,
        )


async def _kinds(engine: AsyncEngine) -> dict[int, str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT id, kind FROM deadlines ORDER BY id"))
        return {i: k for i, k in rows}


async def test_order_deadline_kinds_get_dotted_names_and_come_back_on_downgrade(
    empty_engine: AsyncEngine,
) -> None:
    await _old_database(empty_engine)
    await upgrade(empty_engine, REVISION)
    assert await _kinds(empty_engine) == NEW_KINDS
    await downgrade(empty_engine, _previous())
    assert await _kinds(empty_engine) == {i: k for i, k, _f in OLD_ROWS}


async def test_every_renamed_kind_is_one_the_dispatcher_registers(
    empty_engine: AsyncEngine,
) -> None:
    await _old_database(empty_engine)
    await upgrade(empty_engine, REVISION)
    kinds = DeadlineKinds()
    Dispatcher(ManualClock(), Policy()).register(kinds)
    renamed = {k for i, k in (await _kinds(empty_engine)).items() if i != 6}
    assert renamed == {kind.name for kind in kinds}
