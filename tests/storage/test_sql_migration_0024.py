"""Migration 0024 on SQLite and PostgreSQL: `volunteers.hours` and `points` go, and
nothing they held is lost (0014 carried them; what it did not is carried here, once);
`ledger_rollups` is backfilled from the ledger; and back down, the columns return
holding the balances."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.ledger_models import hours_of, person
from storage.migrate import downgrade, upgrade
from storage.sql import SqlDatabase

REVISION = "0024"
BEFORE_LEDGER = "0013"
PREVIOUS = "0023"
# 2026-11-20 10:00 in Shanghai: an adjustment of 2 h (20 points) to 901.
ADJUSTED_AT = "2026-11-20 02:00:00+00:00"


async def _columns(engine: AsyncEngine, table: str = "volunteers") -> set[str]:
    async with engine.connect() as conn:
        return await conn.run_sync(lambda c: {col["name"] for col in inspect(c).get_columns(table)})


async def _volunteer(conn: object, user_id: int, hours: float, points: int) -> None:
    await conn.execute(  # type: ignore[attr-defined]
        text("INSERT INTO users (id, first_name) VALUES (:id, 'V')"), {"id": user_id}
    )
    await conn.execute(  # type: ignore[attr-defined]
        text(
            "INSERT INTO volunteers (user_id, team_id, hours, points) "
            "SELECT :id, id, :hours, :points FROM teams"
        ),
        {"id": user_id, "hours": hours, "points": points},
    )


async def test_the_columns_go_and_every_hour_stays_on_the_ledger(
    empty_engine: AsyncEngine,
) -> None:
    await upgrade(empty_engine, BEFORE_LEDGER)
    async with empty_engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO sites (id, parent_id, level, name_zh, name_en) "
                "VALUES (7, NULL, 'center', '中心', 'Center')"
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
                "VALUES ('T', '队', 'Team', 7, 'civility')"
            )
        )
        await _volunteer(conn, 901, 12.5, 125)  # carried by 0014
    await upgrade(empty_engine, PREVIOUS)
    async with empty_engine.begin() as conn:
        await _volunteer(conn, 902, 3, 30)  # written behind the bot's back after 0014
        # A coordinator's adjustment of 2 h (and its 20 points) to 901 on the ledger.
        tx_id = (
            await conn.execute(
                text(
                    "INSERT INTO ledger_transactions (at, kind, ref) "
                    f"VALUES ('{ADJUSTED_AT}', 'adjust', 'adjust') RETURNING id"
                )
            )
        ).scalar_one()
        accounts = {
            kind: (
                await conn.execute(
                    text("SELECT id FROM ledger_accounts WHERE kind = :k AND owner_id = :o"),
                    {"k": kind, "o": owner},
                )
            ).scalar_one()
            for kind, owner in (
                ("hours", 901),
                ("hours-source", 0),
                ("person", 901),
                ("issuing", 0),
            )
        }
        for kind, amount in (
            ("hours", 120),
            ("hours-source", -120),
            ("person", 20),
            ("issuing", -20),
        ):
            await conn.execute(
                text(
                    "INSERT INTO ledger_entries (transaction_id, account_id, amount, at) "
                    f"VALUES (:t, :a, :n, '{ADJUSTED_AT}')"
                ),
                {"t": tx_id, "a": accounts[kind], "n": amount},
            )
            await conn.execute(
                text("UPDATE ledger_balances SET balance = balance + :n WHERE account_id = :a"),
                {"n": amount, "a": accounts[kind]},
            )
    await upgrade(empty_engine, REVISION)
    assert not {"hours", "points"} & await _columns(empty_engine)
    assert "hours" not in await _columns(empty_engine, "stats_rollups")  # the ledger's now
    db = SqlDatabase(empty_engine)

    async def check() -> None:
        async with db.transaction() as tx:
            found = await tx.ledger.balances(
                [hours_of(901), person(901), hours_of(902), person(902)]
            )
            assert list(found.values()) == [750 + 120, 125 + 20, 180, 30]
            assert await tx.ledger.totals() == {"points": 0, "minutes": 0, "entries": 12}
            v = await tx.volunteers.get(902)
            assert v is not None and (v.hours, v.points) == (3.0, 30)
            # From 31 October: not whole months, so the daily rows (at 0024, the only ones).
            cells = await tx.stats.hours([7], date(2026, 10, 31), date(2026, 11, 30))
            assert [(c.site_id, c.category_code, c.source, c.minutes, c.points) for c in cells] == [
                (7, "civility", "adjust", 120, 20)
            ]

    await check()
    await downgrade(empty_engine, PREVIOUS)
    assert {"hours", "points"} <= await _columns(empty_engine)
    assert "hours" in await _columns(empty_engine, "stats_rollups")
    async with empty_engine.connect() as conn:
        rows = (
            await conn.execute(
                text("SELECT user_id, hours, points FROM volunteers ORDER BY user_id")
            )
        ).all()
    assert [(r[0], float(r[1]), r[2]) for r in rows] == [(901, 14.5, 145), (902, 3.0, 30)]
    await upgrade(empty_engine, REVISION)  # up again: carried once, never twice
    await check()
