"""Migration 0006 on SQLite and PostgreSQL: order days become dates in the county's
time zone by `created_at`, English event notes become codes; and back down."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import alembic_config, downgrade, upgrade

REVISION = "0006"
# 2026-12-03 17:00 UTC is Friday 4 December 01:00 in Asia/Shanghai: the county's
# day is the 4th, so its "tomorrow" is the 5th (UTC would say the 4th).
LATE_THURSDAY_UTC = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
OLD_ROWS = [  # (id, when, created_at)
    (1, "tomorrow", LATE_THURSDAY_UTC),
    (2, "today", LATE_THURSDAY_UTC),
    (3, "week", LATE_THURSDAY_UTC),
    (4, "2026-12-20", LATE_THURSDAY_UTC),
]
OLD_NOTES = [  # (order, to_status, note)
    (1, "offered", "wave 0"),
    (1, "offered", "declined"),
    (1, "accepted", "reassigned from 900003"),
    (1, "new", "released: 临时有事"),
    (1, "offered", "escalated to 2"),
    (2, "cancelled", "居民已不需要"),
    (3, "cancelled", "by resident"),
    (4, "new", ""),
]


def _previous() -> str:
    """The revision 0006 follows (relinked at merge time, so read, not assumed)."""
    script = ScriptDirectory.from_config(alembic_config())
    down = script.get_revision(REVISION).down_revision
    assert isinstance(down, str)
    return down


async def _exec(engine: AsyncEngine, sql: str, rows: list[dict[str, Any]] | None = None) -> None:
    async with engine.begin() as conn:
        await conn.execute(text(sql), rows or {})


async def _old_database(engine: AsyncEngine) -> None:
    await upgrade(engine, _previous())
    await _exec(engine, "INSERT INTO categories (code, name_zh) VALUES ('culture', '文化')")
    await _exec(engine, "INSERT INTO sites (id, level, name_zh) VALUES (11, 'point', '东一村')")
    await _exec(engine, "INSERT INTO users (id, first_name) VALUES (500, 'Li')")
    await _exec(
        engine,
        "INSERT INTO services (id, code, category_code, name_zh) "
        "VALUES (1, 'haircut', 'culture', '义剪')",
    )
    created = LATE_THURSDAY_UTC.replace(tzinfo=None) if engine.dialect.name == "sqlite" else None
    await _exec(
        engine,
        'INSERT INTO orders (id, resident_id, service_id, category_code, site_id, "when", '
        "status, created_at, updated_at) VALUES (:id, 500, 1, 'culture', 11, :w, 'new', :c, :c)",
        [{"id": i, "w": w, "c": created or c} for i, w, c in OLD_ROWS],
    )
    await _exec(
        engine,
        "INSERT INTO order_events (order_id, from_status, to_status, note, at) "
        "VALUES (:o, 'new', :s, :n, :at)",
        [{"o": o, "s": s, "n": n, "at": created or LATE_THURSDAY_UTC} for o, s, n in OLD_NOTES],
    )


async def _rows(engine: AsyncEngine, sql: str) -> list[tuple[Any, ...]]:
    async with engine.connect() as conn:
        return [tuple(r) for r in (await conn.execute(text(sql))).all()]


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def test_a_tomorrow_row_becomes_created_at_plus_one_in_county_time(
    empty_engine: AsyncEngine,
) -> None:
    await _old_database(empty_engine)
    await upgrade(empty_engine, REVISION, timezone="Asia/Shanghai")
    rows = await _rows(empty_engine, "SELECT id, when_day, when_by FROM orders ORDER BY id")
    assert [(i, _day(d), bool(b)) for i, d, b in rows] == [
        (1, date(2026, 12, 5), False),  # tomorrow of Friday the 4th, county time
        (2, date(2026, 12, 4), False),
        (3, date(2026, 12, 6), True),  # by that week's Sunday
        (4, date(2026, 12, 20), False),  # a typed date stays
    ]


async def test_english_event_notes_become_codes_and_come_back_on_downgrade(
    empty_engine: AsyncEngine,
) -> None:
    await _old_database(empty_engine)
    await upgrade(empty_engine, REVISION)
    notes = [n for (n,) in await _rows(empty_engine, "SELECT note FROM order_events ORDER BY id")]
    assert notes == [
        '{"code":"wave","round":"1"}',
        '{"code":"declined"}',
        '{"code":"reassigned","previous":"900003"}',
        '{"code":"released-reason","reason":"临时有事"}',
        '{"code":"escalated","level":"station"}',
        '{"code":"cancelled-reason","reason":"居民已不需要"}',
        '{"code":"cancelled-by-resident"}',
        "",
    ]
    await downgrade(empty_engine, _previous())
    back = await _rows(empty_engine, 'SELECT "when" FROM orders ORDER BY id')
    assert [w for (w,) in back] == ["2026-12-05", "2026-12-04", "week", "2026-12-20"]
    old = [n for (n,) in await _rows(empty_engine, "SELECT note FROM order_events ORDER BY id")]
    assert old == [n for _o, _s, n in OLD_NOTES]
