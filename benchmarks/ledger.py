"""The ledger at county scale: 10,000,000 entries on PostgreSQL, and how fast a
balance reads (target p99 <= 5 ms) and a post writes.

    python -m benchmarks.ledger                       # 10,000,000 entries, 100,000 people
    python -m benchmarks.ledger --entries 20000 --samples 50 --no-docs   # the smoke size

The rows are made with set-based SQL in a fresh database migrated to head:
transactions from `generate_series`, their two entries each (the person's credit,
the issuing account's debit) with one `INSERT ... SELECT`, the balances with one
`GROUP BY`. Then, through the app's own repository (`SqlLedgerRepo`) on the
app's engine: `balance(person)` for random people (the balances table, one
primary-key look-up joined to the account), for contrast the same balance summed
from the entries (the `(account_id, at)` index), and `credit_hours` posts (a
transaction, four entries, four balance rows moved).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from datetime import UTC, datetime

from benchmarks.common import JSON, add_output_options, percentiles, pg_database, publish
from domain.ledger import credit_hours
from domain.ledger_models import person
from storage.migrate import upgrade
from storage.sql import SqlDatabase

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def _load(db: SqlDatabase, entries: int, people: int) -> float:
    started = time.perf_counter()
    transactions = entries // 2
    async with db.engine.begin() as conn:
        raw = await conn.get_raw_connection()
        pg = raw.driver_connection
        assert pg is not None
        # Foreign keys are triggers on PostgreSQL: off for the bulk load of this
        # throwaway database (superuser), as pg_restore does.
        await pg.execute("SET session_replication_role = replica")
        # Migration 0014 made the county's two: issuing is 1, the hours source 2.
        issuing = await pg.fetchval(
            "SELECT id FROM ledger_accounts WHERE kind = 'issuing' AND owner_id = 0"
        )
        assert issuing == 1
        await pg.execute(
            "INSERT INTO ledger_accounts (id, kind, owner_id) "
            "SELECT 2 + g, 'person', 1000000 + g FROM generate_series(1, $1) g",
            people,
        )
        await pg.execute("SELECT setval('ledger_accounts_id_seq', $1)", people + 2)
        await pg.execute(
            "INSERT INTO ledger_transactions (id, at, kind, ref) "
            "SELECT g, $2::timestamptz - make_interval(secs => g), 'earn', 'bench' "
            "FROM generate_series(1, $1) g",
            transactions,
            NOW,
        )
        await pg.execute("SELECT setval('ledger_transactions_id_seq', $1)", transactions)
        await pg.execute(
            "INSERT INTO ledger_entries (transaction_id, account_id, amount, at) "
            "SELECT t.id, x.account_id, x.amount, t.at FROM ledger_transactions t "
            "CROSS JOIN LATERAL (VALUES (3 + t.id % $1, 10), (1, -10)) AS x(account_id, amount)",
            people,
        )
        await pg.execute(
            "INSERT INTO ledger_balances (account_id, balance) "
            "SELECT account_id, SUM(amount) FROM ledger_entries GROUP BY account_id"
        )
        await pg.execute("SET session_replication_role = origin")
    async with db.engine.connect() as conn:
        raw = await conn.get_raw_connection()
        assert raw.driver_connection is not None
        await raw.driver_connection.execute("ANALYZE")
    return round(time.perf_counter() - started, 1)


SERVER_SIDE = """
CREATE FUNCTION pg_temp.balance_reads(n int, people int) RETURNS SETOF float8
LANGUAGE plpgsql AS $$
DECLARE started timestamptz; found bigint; owner bigint;
BEGIN
  FOR i IN 1..n LOOP
    owner := 1000001 + floor(random() * people)::bigint;  -- a constant for the index
    started := clock_timestamp();
    SELECT b.balance INTO found FROM ledger_balances b
      JOIN ledger_accounts a ON a.id = b.account_id
      WHERE a.kind = 'person' AND a.owner_id = owner;
    RETURN NEXT extract(epoch FROM clock_timestamp() - started);
  END LOOP;
END $$
"""


async def _server_side(db: SqlDatabase, samples: int, people: int) -> list[float]:
    """The balance statement as PostgreSQL runs it, timed inside the server: what the
    balances table costs without this machine's Python and scheduling around it."""
    async with db.engine.connect() as conn:
        raw = await conn.get_raw_connection()
        pg = raw.driver_connection
        assert pg is not None
        await pg.execute(SERVER_SIDE)
        rows = await pg.fetch("SELECT * FROM pg_temp.balance_reads($1, $2)", samples, people)
        await pg.execute("DROP FUNCTION pg_temp.balance_reads(int, int)")
    return [float(r[0]) for r in rows]


async def _time(samples: int, one: object) -> list[float]:
    took = []
    for _ in range(samples):
        started = time.perf_counter()
        await one()  # type: ignore[operator]
        took.append(time.perf_counter() - started)
    return took


async def run(args: argparse.Namespace) -> JSON:
    rng = random.Random(args.seed)
    async with pg_database(prefix="civic_ledger") as url:
        await upgrade(url)
        db = SqlDatabase.from_url(url)
        try:
            load_s = await _load(db, args.entries, args.people)
            print(f"[ledger] loaded {args.entries:,} entries in {load_s} s", file=sys.stderr)

            def who() -> int:
                return 1_000_001 + rng.randrange(args.people)

            async def balance() -> None:
                async with db.read() as tx:
                    await tx.ledger.balance(person(who()))

            async def summed() -> None:
                async with db.read() as tx:
                    await tx.ledger.received_since(person(who()), datetime(2000, 1, 1, tzinfo=UTC))

            async def post() -> None:
                async with db.transaction() as tx:
                    await credit_hours(tx, who(), 1.0, "bench", at=NOW)

            await _time(min(50, args.samples), balance)  # warm the pool and the cache
            balance_s = await _time(args.samples, balance)
            summed_s = await _time(max(1, args.samples // 10), summed)
            post_s = await _time(max(1, args.samples // 5), post)
            server_s = await _server_side(db, args.samples, args.people)
            async with db.read() as tx:
                totals = await tx.ledger.totals()
        finally:
            await db.dispose()
    return {
        "config": {"entries": args.entries, "people": args.people, "samples": args.samples},
        "load_s": load_s,
        "balance_ms": percentiles(balance_s),
        "summed_ms": percentiles(summed_s),
        "post_ms": percentiles(post_s),
        "server_balance_ms": percentiles(server_s),
        "load_average": round(os.getloadavg()[0], 1),
        "command": "python -m benchmarks.ledger " + " ".join(sys.argv[1:]),
        "sums_to_zero": totals.get("points") == 0 and totals.get("minutes") == 0,
        "entries_after": totals.get("entries"),
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.ledger", description=__doc__)
    p.add_argument("--entries", type=int, default=10_000_000)
    p.add_argument("--people", type=int, default=100_000)
    p.add_argument("--samples", type=int, default=5000, help="balance reads timed")
    p.add_argument("--seed", type=int, default=7)
    add_output_options(p)
    return p


def main(argv: list[str] | None = None) -> JSON:
    args = parser().parse_args(argv)
    data = asyncio.run(run(args))
    return publish("ledger", "ledger", data, args.out, not args.no_docs)


if __name__ == "__main__":
    main()
