"""Benchmark: `/export` of many orders, streamed; rows a second and peak RSS.

    python -m benchmarks.exports [--orders 1000000] [--format xlsx|csv] [--page-size 2000]

A fresh PostgreSQL database (TEST_POSTGRES_URL) is migrated and seeded with the
demo county, then filled on the server (`generate_series`, so this process stays
small) with `--orders` orders over the county's points in one month, about 2 in 3
done and rated with hours, each with its events (new, and for those accepted,
done, rated: about 3 million event rows at the default size). Then the export
runs exactly as `/export 1 <month>` runs it for the center (`Exports.plan`,
`handlers.exports.write_file`: keyset pages from SQL, each written in a worker
thread to a temporary file) and the process's peak RSS (`ru_maxrss`) is read; then
the file is read into memory once, as `/export` does to send it, and read again.

Figures go to benchmarks/results/exports.json; docs/benchmarks.md has them by hand
(section "Export").
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import text

from benchmarks.common import (
    JSON,
    add_output_options,
    memory_kb,
    pg_database,
    prepare_database,
    publish,
    stop_on_sigterm,
)
from benchmarks.paths import DEMO_SEED
from domain.clock import ManualClock
from domain.exports import ExportRequest, Exports
from domain.reference import Reference
from domain.roles import Authority
from handlers.export_sheets import SheetWords
from handlers.exports import ORDER_COLUMNS, SUMMARY_COLUMNS, write_file
from storage.sql import SqlDatabase

MONTH = date(2026, 11, 1)
TZ = ZoneInfo("Asia/Shanghai")
ADMIN = 1  # an admin by the settings: the whole county
RESIDENT, VOLUNTEER = 800_001, 900_001  # a seeded volunteer does every visit

FILL = [
    "INSERT INTO users (id, first_name) VALUES (CAST(:resident AS bigint), '居民') "
    "ON CONFLICT DO NOTHING",
    # Orders spread over the points, every 2 s through the month from its first day.
    """
    INSERT INTO orders (resident_id, service_id, category_code, site_id, when_day,
                        status, volunteer_id, rating, hours, created_at, updated_at)
    SELECT CAST(:resident AS bigint), sv.ids[1 + i % array_length(sv.ids, 1)],
           sv.cats[1 + i % array_length(sv.ids, 1)], p.ids[1 + i % array_length(p.ids, 1)],
           DATE '2026-11-01' + (i % 28),
           CASE WHEN i % 3 = 0 THEN 'new' WHEN i % 3 = 1 THEN 'rated' ELSE 'done' END,
           CASE WHEN i % 3 = 0 THEN NULL ELSE CAST(:volunteer AS bigint) END,
           CASE WHEN i % 3 = 1 THEN 3 + i % 3 END,
           CASE WHEN i % 3 = 0 THEN NULL ELSE 1 + (i % 4) * 0.5 END,
           TIMESTAMPTZ '2026-11-01 00:00:00+08' + i * INTERVAL '2 seconds',
           TIMESTAMPTZ '2026-11-01 00:00:00+08' + i * INTERVAL '2 seconds'
    FROM generate_series(0, CAST(:orders AS integer) - 1) AS i,
         (SELECT array_agg(id ORDER BY id) AS ids FROM sites WHERE level = 'point') AS p,
         (SELECT array_agg(id ORDER BY id) AS ids, array_agg(category_code ORDER BY id) AS cats
          FROM services WHERE NOT retired) AS sv
    """,
    """
    INSERT INTO order_events (order_id, actor_id, from_status, to_status, note, at)
    SELECT id, resident_id, NULL, 'new', '', created_at FROM orders
    """,
    """
    INSERT INTO order_events (order_id, actor_id, from_status, to_status, note, at)
    SELECT id, volunteer_id, 'offered', 'accepted', '', created_at + INTERVAL '5 minutes'
    FROM orders WHERE status <> 'new'
    """,
    """
    INSERT INTO order_events (order_id, actor_id, from_status, to_status, note, at)
    SELECT id, volunteer_id, 'accepted', 'done', '', created_at + INTERVAL '2 hours'
    FROM orders WHERE status <> 'new'
    """,
    """
    INSERT INTO order_events (order_id, actor_id, from_status, to_status, note, at)
    SELECT id, resident_id, 'done', 'rated', '', created_at + INTERVAL '3 hours'
    FROM orders WHERE status = 'rated'
    """,
    "ANALYZE orders",
    "ANALYZE order_events",
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


async def fill(db: SqlDatabase, orders: int) -> float:
    started = time.perf_counter()
    async with db.engine.begin() as conn:
        for sql in FILL:
            params = {"resident": RESIDENT, "volunteer": VOLUNTEER, "orders": orders}
            await conn.execute(text(sql), params)
    return time.perf_counter() - started


async def words(reference: Reference) -> SheetWords:
    tree = await reference.sites()
    catalogue = await reference.catalogue()
    services = {s.id: s.name.zh for s in catalogue.services}
    categories = {c.code: c.name.zh for c in catalogue.categories}
    return SheetWords(
        orders_sheet="订单",
        summary_sheet="汇总",
        order_headers=ORDER_COLUMNS,
        summary_headers=SUMMARY_COLUMNS,
        subtotal="小计",
        total="合计",
        site=lambda i: site.name.zh if (site := tree.get(i)) else str(i),
        category=lambda code: categories.get(code, code),
        service=lambda i: services.get(i, str(i)),
        status=str,
        timezone=TZ,
        site_order=[s.id for s, _ in tree.walk([1])],
    )


async def run(args: argparse.Namespace) -> JSON:
    async with pg_database(prefix="civic_bench_export") as url:
        await prepare_database(url, DEMO_SEED)
        db = SqlDatabase.from_url(url)
        try:
            fill_s = await fill(db, args.orders)
            clock = ManualClock()
            reference = Reference(db, clock)
            exports = Exports(db, clock, Authority(frozenset({ADMIN}), reference), TZ)
            exports.page_size = args.page_size
            end = date(2026, 12, 1)
            plan = await exports.plan(ADMIN, ExportRequest(args.format, 1, MONTH, end))
            sheet_words = await words(reference)
            rss_before = peak_rss_mb()
            ticks = 0

            async def tick(done: int) -> None:
                nonlocal ticks
                ticks += 1
                if ticks % 100 == 0:
                    print(f"[exports] {done:,} / {plan.total:,}", file=sys.stderr)

            started = time.perf_counter()
            with tempfile.TemporaryDirectory(prefix="civic-bench-export-") as folder:
                done, paths = await write_file(exports, plan, sheet_words, Path(folder), tick)
                seconds = time.perf_counter() - started
                sizes = [p.stat().st_size for p in paths]
                peak_written = peak_rss_mb()
                # Sending it: the raw transport streams the file (the peak above); the
                # PTB transport reads it whole once, as here.
                data = await asyncio.to_thread(paths[0].read_bytes)
                peak_sent = peak_rss_mb()
                del data
            rss_now = memory_kb(os.getpid())
        finally:
            await db.dispose()
    peak = peak_rss_mb()
    return {
        "command": f"python -m benchmarks.exports --orders {args.orders} --format {args.format}",
        "orders": done,
        "format": args.format,
        "page_size": args.page_size,
        "fill_seconds": round(fill_s, 1),
        "export_seconds": round(seconds, 2),
        "rows_per_second": round(done / seconds) if seconds else None,
        "file_mb": round(sizes[0] / 1024 / 1024, 1),
        "peak_rss_mb_before_export": round(rss_before, 1),
        "peak_rss_mb_written": round(peak_written, 1),
        "peak_rss_mb": round(peak, 1),  # with the file read to be sent
        "peak_rss_mb_sent": round(peak_sent, 1),
        "rss_mb_after": round(rss_now.get("VmRSS", 0) / 1024, 1),
        "bound_mb": 150,
        "holds": peak < 150,
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--orders", type=int, default=1_000_000)
    p.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    p.add_argument("--page-size", type=int, default=2_000)
    add_output_options(p)
    return p


def main(argv: list[str] | None = None) -> JSON:
    args = parser().parse_args(argv)
    data = asyncio.run(run(args))
    print(data, file=sys.stderr)
    name = "exports" if args.format == "xlsx" else f"exports-{args.format}"
    return publish("exports", name, data, args.out, docs=False)


if __name__ == "__main__":
    stop_on_sigterm()
    main()
