"""The honour list (光荣榜) for a county month at county scale (target p99 <= 200 ms).

    python -m benchmarks.honour            # 30,000 volunteers, 5,000 households, 12 months
    python -m benchmarks.honour --volunteers 300 --households 100 --month-entries 2000 \\
        --months 2 --samples 5 --no-docs  # the smoke size

The county is benchmark 3's (`benchmarks.dispatch.county` and `load`: 1 center, 12
stations, 185 points, the teams, the volunteers, their coordinators), loaded with no
orders. Each of the first `--households` residents heads an active household at
their home point. Then, set-based SQL in the style of `benchmarks.ledger`: the
accounts (a points and an hours account per volunteer, a points account per
household), `--months` months of transactions spread evenly up to the end of the
measured month (November 2026, county time), `--month-entries` entries a month: four
fifths are a volunteer's hour credited (four entries, as `credit_hours` writes
them), one fifth a household's award (two entries; one in ten of those a
deduction); the balances, and the points by account and month the list reads
(`ledger_month_points`, which every post adds to), each from one `GROUP BY`.

Timed through the app (`domain.honour.Honour.month`, both queries of the list, on
the app's engine): the whole county for the month, and one station's subtree for
the month. The PNG card is not in it (its drawing does not grow with the county).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from benchmarks.common import JSON, add_output_options, asyncpg_dsn, percentiles, pg_database
from benchmarks.common import publish as publish_result
from benchmarks.dispatch import (
    RESIDENT_BASE,
    STATION_BASE,
    VOLUNTEER_BASE,
    SqlLog,
    county,
    explain,
)
from benchmarks.dispatch import load as load_county

ZONE = ZoneInfo("Asia/Shanghai")
YEAR, MONTH = 2026, 11
END = datetime(2026, 12, 1, tzinfo=ZONE)  # the end of the measured month
DAY_S = 24 * 3600
MONTH_DAYS = 30  # November


async def load_ledger(
    url: str, volunteers: int, households: int, months: int, per_month: int
) -> float:
    """Households, accounts, transactions, entries and balances, set-based."""
    import asyncpg

    started = time.perf_counter()
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await conn.execute("SET session_replication_role = replica")
        await conn.execute(
            "INSERT INTO households (id, site_id, head_id, status, created_at) "
            "SELECT u.id - $1 + 1, u.home_site_id, u.id, 'active', $3::timestamptz "
            "FROM users u WHERE u.id >= $1 AND u.id < $1 + $2",
            RESIDENT_BASE,
            households,
            datetime(2025, 1, 1, tzinfo=UTC),
        )
        await conn.execute(
            "INSERT INTO household_members (person_id, household_id, added_at) "
            "SELECT head_id, id, created_at FROM households"
        )
        # Migration 0014 made the county's two: issuing is 1, the hours source 2.
        await conn.execute(
            "INSERT INTO ledger_accounts (id, kind, owner_id) "
            "SELECT 2 + g, 'person', $2 + g - 1 FROM generate_series(1, $1) g "
            "UNION ALL SELECT 2 + $1 + g, 'hours', $2 + g - 1 FROM generate_series(1, $1) g "
            "UNION ALL SELECT 2 + 2 * $1 + h, 'household', h FROM generate_series(1, $3) h",
            volunteers,
            VOLUNTEER_BASE,
            households,
        )
        await conn.execute(
            "SELECT setval('ledger_accounts_id_seq', $1)", 2 + 2 * volunteers + households
        )
        total = months * per_month * 10 // 36  # 3.6 entries a transaction on average
        span = months * MONTH_DAYS * DAY_S
        await conn.execute(
            "INSERT INTO ledger_transactions (id, at, kind, ref) "
            "SELECT g, $2::timestamptz - make_interval(secs => g::float8 * $3 / $1), "
            "CASE WHEN g % 50 = 0 THEN 'deduct' WHEN g % 5 = 0 THEN 'award' ELSE 'earn' END, "
            "'bench' FROM generate_series(1, $1) g",
            total,
            END,
            float(span),
        )
        await conn.execute("SELECT setval('ledger_transactions_id_seq', $1)", total)
        await conn.execute(
            "INSERT INTO ledger_entries (transaction_id, account_id, amount, at) "
            "SELECT t.id, x.account_id, x.amount, t.at FROM ledger_transactions t "
            "CROSS JOIN LATERAL (VALUES (3 + t.id % $1, 10), (1, -10), "
            "(3 + $1 + t.id % $1, 60), (2, -60)) AS x(account_id, amount) "
            "WHERE t.kind = 'earn'",
            volunteers,
        )
        await conn.execute(
            "INSERT INTO ledger_entries (transaction_id, account_id, amount, at) "
            "SELECT t.id, x.account_id, x.amount, t.at FROM ledger_transactions t "
            "CROSS JOIN LATERAL (VALUES "
            "(3 + 2 * $1 + t.id % $2, CASE WHEN t.kind = 'deduct' THEN -5 ELSE 1 + t.id % 10 END), "
            "(1, CASE WHEN t.kind = 'deduct' THEN 5 ELSE -(1 + t.id % 10) END)) "
            "AS x(account_id, amount) WHERE t.kind IN ('award', 'deduct')",
            volunteers,
            households,
        )
        await conn.execute(
            "INSERT INTO ledger_balances (account_id, balance) "
            "SELECT account_id, SUM(amount) FROM ledger_entries GROUP BY account_id"
        )
        # What `SqlLedgerRepo.post` adds to as it goes (`honour_points`), from one GROUP BY.
        await conn.execute(
            "INSERT INTO ledger_month_points (account_id, month, kind, points) "
            "SELECT e.account_id, date_trunc('month', e.at AT TIME ZONE $1)::date, t.kind, "
            "SUM(e.amount) FROM ledger_entries e "
            "JOIN ledger_transactions t ON t.id = e.transaction_id "
            "JOIN ledger_accounts a ON a.id = e.account_id "
            "WHERE (a.kind = 'person' AND t.kind IN ('earn', 'adjust')) "
            "OR (a.kind = 'household' AND t.kind IN ('award', 'deduct')) "
            "GROUP BY 1, 2, 3",
            ZONE.key,
        )
        await conn.execute("SET session_replication_role = origin")
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return round(time.perf_counter() - started, 1)


async def _time(samples: int, one: object) -> list[float]:
    took = []
    for _ in range(samples):
        started = time.perf_counter()
        await one()  # type: ignore[operator]
        took.append(time.perf_counter() - started)
    return took


async def run(args: argparse.Namespace) -> JSON:
    from domain.clock import ManualClock
    from domain.honour import Honour
    from domain.roles import Authority
    from storage.sql import SqlDatabase

    rng = random.Random(args.seed)
    c = county(rng, args.teams, args.volunteers, args.households)
    async with pg_database(prefix="civic_honour") as url:
        county_s = (await load_county(url, c, rng, 0))["total_s"]
        ledger_s = await load_ledger(
            url, args.volunteers, args.households, args.months, args.month_entries
        )
        print(f"[honour] loaded in {county_s} + {ledger_s} s", file=sys.stderr)
        db = SqlDatabase.from_url(url)
        try:
            honour = Honour(db, ManualClock(END), Authority(frozenset()), ZONE)
            log = SqlLog(db.engine)
            log.on = True
            listed = await honour.month(None, YEAR, MONTH)
            log.on = False
            plans = [
                await explain(url, statement, params)
                for statement, params, _s in log.statements
                if "ledger_month_points" in statement
            ]

            async def whole() -> None:
                await honour.month(None, YEAR, MONTH)

            async def station() -> None:
                await honour.month(STATION_BASE + rng.randrange(12), YEAR, MONTH)

            await _time(min(5, args.samples), whole)  # warm the pool and the cache
            county_ms = await _time(args.samples, whole)
            station_ms = await _time(args.samples, station)
            async with db.engine.connect() as conn:
                raw = await conn.get_raw_connection()
                pg = raw.driver_connection
                assert pg is not None
                entries = await pg.fetchval("SELECT count(*) FROM ledger_entries")
                in_month = await pg.fetchval(
                    "SELECT count(*) FROM ledger_entries WHERE at >= $1 AND at < $2",
                    datetime(YEAR, MONTH, 1, tzinfo=ZONE),
                    END,
                )
                zero = await pg.fetchval("SELECT sum(amount) = 0 FROM ledger_entries")
        finally:
            await db.dispose()
    return {
        "config": {
            "volunteers": args.volunteers,
            "households": args.households,
            "months": args.months,
            "month_entries": args.month_entries,
            "samples": args.samples,
        },
        "load_s": {"county": county_s, "ledger": ledger_s},
        "entries": int(entries),
        "entries_in_month": int(in_month),
        "sums_to_zero": bool(zero),
        "listed": {"households": len(listed.households), "volunteers": len(listed.volunteers)},
        "county_month_ms": percentiles(county_ms),
        "station_month_ms": percentiles(station_ms),
        "target_ms": 200,
        "load_average": round(os.getloadavg()[0], 1),
        "plans": plans,  # EXPLAIN ANALYZE of the two queries (households, volunteers)
        "command": "python -m benchmarks.honour " + " ".join(sys.argv[1:]),
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.honour", description=__doc__)
    p.add_argument("--volunteers", type=int, default=30_000)
    p.add_argument("--teams", type=int, default=339)
    p.add_argument("--households", type=int, default=5_000)
    p.add_argument("--months", type=int, default=12)
    p.add_argument("--month-entries", type=int, default=300_000)
    p.add_argument("--samples", type=int, default=200, help="honour lists timed, each scenario")
    p.add_argument("--seed", type=int, default=11)
    add_output_options(p)
    return p


def main(argv: list[str] | None = None) -> JSON:
    args = parser().parse_args(argv)
    data = asyncio.run(run(args))
    return publish_result("honour", "honour", data, args.out, not args.no_docs)


if __name__ == "__main__":
    main()
