"""Migration 0028 on SQLite and PostgreSQL: `ledger_month_points` is filled from the
entries already on the ledger, by county month (Asia/Shanghai) and transaction kind,
counting only what the honour list counts; and it goes again on the way down."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import downgrade, upgrade

REVISION = "0028"
PREVIOUS = "0027"
# (at in UTC, kind, account, amount): 15:30 UTC on 30 November is 23:30 in Shanghai,
# still November; 16:30 is 00:30 on 1 December.
POSTS = (
    (datetime(2026, 11, 30, 15, 30, tzinfo=UTC), "earn", "person", 20),
    (datetime(2026, 11, 30, 16, 30, tzinfo=UTC), "earn", "person", 10),
    (datetime(2026, 11, 10, 2, 0, tzinfo=UTC), "award", "household", 5),
    (datetime(2026, 11, 12, 2, 0, tzinfo=UTC), "deduct", "household", -2),
    (datetime(2026, 11, 12, 3, 0, tzinfo=UTC), "redeem", "household", -1),  # not the list's
    (datetime(2026, 11, 13, 3, 0, tzinfo=UTC), "earn", "household", 7),  # not a household's kind
)


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return await conn.run_sync(lambda c: set(inspect(c).get_table_names()))


async def test_filled_from_the_entries_by_county_month(empty_engine: AsyncEngine) -> None:
    await upgrade(empty_engine, PREVIOUS)
    async with empty_engine.begin() as conn:
        accounts = {}
        for kind in ("person", "household", "issuing-test"):
            accounts[kind] = (
                await conn.execute(
                    text(
                        "INSERT INTO ledger_accounts (kind, owner_id) "
                        "VALUES (:kind, 901) RETURNING id"
                    ),
                    {"kind": kind},
                )
            ).scalar_one()
        for at, kind, account, amount in POSTS:
            tx_id = (
                await conn.execute(
                    text(
                        "INSERT INTO ledger_transactions (at, kind, ref) "
                        "VALUES (:at, :kind, 'test') RETURNING id"
                    ),
                    {"at": at, "kind": kind},
                )
            ).scalar_one()
            for account_id, signed in (
                (accounts[account], amount),
                (accounts["issuing-test"], -amount),
            ):
                await conn.execute(
                    text(
                        "INSERT INTO ledger_entries (transaction_id, account_id, amount, at) "
                        "VALUES (:tx, :account, :amount, :at)"
                    ),
                    {"tx": tx_id, "account": account_id, "amount": signed, "at": at},
                )
    await upgrade(empty_engine, REVISION)
    async with empty_engine.connect() as conn:
        rows = (
            await conn.execute(
                text(
                    "SELECT account_id, month, kind, points FROM ledger_month_points "
                    "ORDER BY account_id, month, kind"
                )
            )
        ).all()
    got = {(r.account_id, str(r.month), r.kind): r.points for r in rows}
    assert got == {
        (accounts["person"], "2026-11-01", "earn"): 20,
        (accounts["person"], "2026-12-01", "earn"): 10,
        (accounts["household"], "2026-11-01", "award"): 5,
        (accounts["household"], "2026-11-01", "deduct"): -2,
    }
    await downgrade(empty_engine, PREVIOUS)
    assert "ledger_month_points" not in await _tables(empty_engine)
