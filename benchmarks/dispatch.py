"""Benchmark 3, dispatch and the coordinators' queries at a county's scale, on PostgreSQL.

    python -m benchmarks.dispatch [--volunteers 50000] [--teams 339] [--orders 1000000]
                                  [--samples 200] [--query-samples 30]
                                  [--keep-db NAME] [--profile]

Builds a county of 1 center, 12 stations and 185 points with `--teams` teams and
`--volunteers` volunteers, and `--orders` past orders (with one event and, when
a volunteer took it, one offer each), bulk-loaded with COPY into a database of
its own (dropped afterwards; with `--keep-db NAME` the database NAME is kept and
reused by the next run of the same size and seed, which only migrates it to head:
for iterating without the ~90 s load). Then, through the domain exactly as the bot wires
it (`App.create(...).router.services.desk`):

- `OrderDesk.place` for `--samples` new orders at random points: rank and offer,
  timed one by one (p50, p99), with the SQL statements of one call and their time;
- `OrderDesk.pending` for a point's, a station's and the center's coordinator;
- per-site statistics: one GROUP BY over all orders;
- EXPLAIN (ANALYZE, BUFFERS) of the candidate query, /pending and the statistics.

Figures go to benchmarks/results/dispatch.json and the table of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from benchmarks.common import (
    JSON,
    add_output_options,
    asyncpg_dsn,
    percentiles,
    pg_database,
    postgres_url,
    publish,
    stop_on_sigterm,
)
from benchmarks.paths import REPO, RESULTS

CATEGORIES = ("theory", "publicity", "education", "culture", "science", "sports", "civility")
STATIONS, POINTS = 12, 185
CENTER, STATION_BASE, POINT_BASE = 1, 10, 100
VOLUNTEER_BASE, RESIDENT_BASE, COORDINATOR_BASE = 1_000_000, 2_000_000, 3_000_000
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
# Past orders by final status; NEW and OFFERED (0.5 %) are what /pending shows.
STATUS_MIX = (
    ("rated", 0.70),
    ("done", 0.10),
    ("cancelled", 0.12),
    ("accepted", 0.075),
    ("offered", 0.003),
    ("new", 0.002),
)
TAKEN = {"accepted", "done", "rated"}


# --- the county --------------------------------------------------------------


def county(rng: random.Random, n_teams: int, n_volunteers: int, n_residents: int) -> JSON:
    stations = [STATION_BASE + i for i in range(STATIONS)]
    points = [POINT_BASE + i for i in range(POINTS)]
    parent = {p: stations[i % STATIONS] for i, p in enumerate(points)}
    sites: list[tuple[int, int | None, str, str, float, float]] = [
        (CENTER, None, "center", "县中心", 30.0, 120.0)
    ]
    for s in stations:
        sites.append(
            (
                s,
                CENTER,
                "station",
                f"镇{s}",
                30 + rng.uniform(-0.15, 0.15),
                120 + rng.uniform(-0.15, 0.15),
            )
        )
    for p in points:
        sites.append(
            (
                p,
                parent[p],
                "point",
                f"站{p}",
                30 + rng.uniform(-0.2, 0.2),
                120 + rng.uniform(-0.2, 0.2),
            )
        )
    # Teams: one per category at the center, three per station, the rest over the points.
    homes = [(CENTER, c) for c in CATEGORIES]
    homes += [(s, rng.choice(CATEGORIES)) for s in stations for _ in range(3)]
    homes += [(rng.choice(points), rng.choice(CATEGORIES)) for _ in range(n_teams - len(homes))]
    teams = [(i + 1, f"T{i + 1}", f"队{i + 1}", site, cat) for i, (site, cat) in enumerate(homes)]
    services = [
        (i * 3 + k + 1, f"{cat}-{k}", cat, f"服务{cat}{k}")
        for i, cat in enumerate(CATEGORIES)
        for k in range(3)
    ]
    return {
        "sites": sites,
        "points": points,
        "stations": stations,
        "teams": teams,
        "services": services,
        "volunteers": [VOLUNTEER_BASE + i for i in range(n_volunteers)],
        "residents": [RESIDENT_BASE + i for i in range(n_residents)],
    }


def volunteer_rows(rng: random.Random, c: JSON) -> list[tuple[Any, ...]]:
    rows = []
    n_teams = len(c["teams"])
    for uid in c["volunteers"]:
        quiet = rng.random() < 0.1
        rated = rng.randint(0, 40)
        rows.append(
            (
                uid,
                rng.randint(1, n_teams),
                rng.random() > 0.03,  # active (hours and points: on the ledger)
                rng.random() > 0.05,  # available
                22 * 60 if quiet else None,
                7 * 60 if quiet else None,
                rng.choice((0, 0, 0, 1, 1, 2)),
                rated * rng.randint(3, 5),
                rated,
                NOW - timedelta(hours=rng.uniform(1, 24 * 90)) if rated else None,
            )
        )
    return rows


def order_rows(rng: random.Random, c: JSON, n: int) -> tuple[list[tuple[Any, ...]], ...]:
    statuses = [s for s, _ in STATUS_MIX]
    weights = [w for _, w in STATUS_MIX]
    services = c["services"]
    points, residents, volunteers = c["points"], c["residents"], c["volunteers"]
    orders, events, offers = [], [], []
    span = 2 * 365 * 24 * 3600
    for oid in range(1, n + 1):
        status = rng.choices(statuses, weights)[0]
        sid, _code, cat, _name = rng.choice(services)
        created = NOW - timedelta(seconds=rng.uniform(600, span))
        if status in ("new", "offered"):
            created = NOW - timedelta(seconds=rng.uniform(60, 3 * 24 * 3600))
        updated = created + timedelta(minutes=rng.uniform(1, 600))
        volunteer = rng.choice(volunteers) if status in TAKEN else None
        orders.append(
            (
                oid,
                rng.choice(residents),
                sid,
                cat,
                rng.choice(points),
                (created + timedelta(days=1)).date(),
                "",
                status,
                volunteer,
                rng.randint(3, 5) if status == "rated" else None,
                rng.choice((1.0, 2.0)) if status in ("done", "rated") else None,
                created,
                updated,
            )
        )
        events.append((oid, None, None, "new", created))
        if volunteer is not None:
            offers.append((oid, volunteer, 0, "won", created))
    return orders, events, offers


async def load(url: str, c: JSON, rng: random.Random, n_orders: int) -> JSON:
    """Schema through the migrations, then everything through COPY."""
    import asyncpg

    from storage.migrate import upgrade

    timings: JSON = {}
    started = time.perf_counter()
    await upgrade(url)
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        # The rows are consistent by construction: skip the per-row foreign-key
        # triggers while loading (needs a superuser, as the test database has).
        await conn.execute("SET session_replication_role = replica")

        async def copy(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
            t0 = time.perf_counter()
            await conn.copy_records_to_table(table, records=rows, columns=columns)
            timings[f"copy_{table}_s"] = round(time.perf_counter() - t0, 2)

        await copy("sites", ["id", "parent_id", "level", "name_zh", "lat", "lon"], c["sites"])
        await copy(
            "categories",
            ["code", "name_zh", "sort"],
            [(cat, cat, i) for i, cat in enumerate(CATEGORIES)],
        )
        await copy("services", ["id", "code", "category_code", "name_zh"], c["services"])
        await copy("teams", ["id", "code", "name_zh", "site_id", "category_code"], c["teams"])
        people = [(uid, f"V{uid}", "zh-CN", None) for uid in c["volunteers"]]
        people += [(uid, f"R{uid}", "zh-CN", rng.choice(c["points"])) for uid in c["residents"]]
        coordinators = [(COORDINATOR_BASE + s[0], f"C{s[0]}", "zh-CN", None) for s in c["sites"]]
        await copy("users", ["id", "first_name", "locale", "home_site_id"], people + coordinators)
        await copy(
            "volunteers",
            [
                "user_id",
                "team_id",
                "active",
                "available",
                "quiet_start",
                "quiet_end",
                "open_tasks",
                "rating_total",
                "rating_count",
                "last_task_at",
            ],
            volunteer_rows(rng, c),
        )
        await copy(
            "roles",
            ["user_id", "role", "site_id"],
            [(COORDINATOR_BASE + s[0], "coordinator", s[0]) for s in c["sites"]],
        )
        t0 = time.perf_counter()
        orders, events, offers = order_rows(rng, c, n_orders)
        timings["generate_orders_s"] = round(time.perf_counter() - t0, 2)
        await copy(
            "orders",
            [
                "id",
                "resident_id",
                "service_id",
                "category_code",
                "site_id",
                "when_day",
                "details",
                "status",
                "volunteer_id",
                "rating",
                "hours",
                "created_at",
                "updated_at",
            ],
            orders,
        )
        await copy(
            "order_events", ["order_id", "actor_id", "from_status", "to_status", "at"], events
        )
        await copy("offers", ["order_id", "volunteer_id", "ring", "status", "created_at"], offers)
        for table, column in (("services", "id"), ("teams", "id"), ("orders", "id")):
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"(SELECT max({column}) FROM {table}))"
            )
        t0 = time.perf_counter()
        await conn.execute("VACUUM ANALYZE")
        timings["vacuum_analyze_s"] = round(time.perf_counter() - t0, 2)
    finally:
        await conn.close()
    timings["total_s"] = round(time.perf_counter() - started, 2)
    return timings


# --- measuring ---------------------------------------------------------------


class SqlLog:
    """Every statement the engine sends, with its time (SQLAlchemy cursor events)."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.on = False
        self.statements: list[tuple[str, Any, float]] = []
        self._started: list[float] = []

        def before(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
            self._started.append(time.perf_counter())

        def after(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
            began = self._started.pop() if self._started else time.perf_counter()
            if self.on:
                self.statements.append((statement, params, time.perf_counter() - began))

        event.listen(engine.sync_engine, "before_cursor_execute", before)
        event.listen(engine.sync_engine, "after_cursor_execute", after)

    def summary(self) -> list[JSON]:
        return [
            {"ms": round(seconds * 1000, 3), "sql": " ".join(statement.split())[:160]}
            for statement, _params, seconds in self.statements
        ]


async def timed(work: Any, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        await work()
        out.append(time.perf_counter() - t0)
    return out


async def explain(url: str, statement: str, params: Any) -> list[str]:
    import asyncpg

    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        args = list(params or ())
        rows = await conn.fetch("EXPLAIN (ANALYZE, BUFFERS) " + statement, *args)
        return [str(r[0]) for r in rows]
    finally:
        await conn.close()


STATS_SQL = (
    "SELECT site_id, status, count(*) AS n, avg(rating) AS rating, sum(hours) AS hours "
    "FROM orders GROUP BY site_id, status ORDER BY site_id, status"
)
STATS_SUBTREE_SQL = (
    "SELECT site_id, status, count(*) AS n, avg(rating) AS rating, sum(hours) AS hours "
    "FROM orders WHERE site_id = ANY($1::int[]) AND created_at >= $2 "
    "GROUP BY site_id, status ORDER BY site_id, status"
)


async def profile_place(desk: Any, drafts: list[Any], log: SqlLog) -> str:
    """pyinstrument over `desk.place` for each draft (1 ms sampling); writes
    results/profiles/dispatch-place.txt and .html and returns the text's path."""
    from pyinstrument import Profiler

    profiler: Any = Profiler(interval=0.001, async_mode="disabled")
    log.statements.clear()
    log.on = True
    profiler.start()
    t0 = time.perf_counter()
    for draft in drafts:
        await desk.place(draft)
    elapsed = time.perf_counter() - t0
    profiler.stop()
    log.on = False
    sql_s = sum(seconds for _, _, seconds in log.statements)
    log.statements.clear()
    prefix = RESULTS / "profiles" / "dispatch-place"
    prefix.parent.mkdir(parents=True, exist_ok=True)
    head = (
        f"OrderDesk.place x {len(drafts)}: {elapsed * 1000 / len(drafts):.2f} ms each "
        f"under the profiler, {sql_s * 1000 / len(drafts):.2f} ms of it between the "
        "cursor events (driver and database)\n"
    )
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    text = text.replace(f"{REPO}/", "")  # no path of this machine in a committed file
    prefix.with_suffix(".txt").write_text(head + text, encoding="utf-8")
    prefix.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
    return str(prefix.with_suffix(".txt").relative_to(RESULTS.parents[1]))


async def measure(
    url: str,
    c: JSON,
    rng: random.Random,
    samples: int,
    profile: bool = False,
    query_samples: int = 30,
) -> JSON:
    from pydantic import SecretStr

    from bot.app import App
    from bot.settings import SANDBOX_TOKEN, Settings
    from bot.transports.ratelimit import RateLimits
    from domain.models import OrderDraft
    from domain.when import When

    # The app exactly as `civic-bot run` wires it; its transport never calls out.
    settings = Settings(  # type: ignore[call-arg]  # pydantic-settings' _env_file
        _env_file=None,
        database_url=url,
        redis_url=None,
        transport="aiohttp",
        bot_api_url="http://127.0.0.1:9",
        bot_token=SecretStr(SANDBOX_TOKEN),
    )
    app = await App.create(settings, limits=RateLimits.unlimited(), migrate=False)
    desk = app.router.services.desk
    log = SqlLog(app.db.engine)
    out: JSON = {}
    try:
        drafts = [
            OrderDraft(
                resident_id=rng.choice(c["residents"]),
                service_id=rng.choice(c["services"])[0],
                site_id=rng.choice(c["points"]),
                when=When(NOW.date() + timedelta(days=1)),
                details="",
                lat=None,
                lon=None,
                phone=None,
            )
            for _ in range(samples + 5)
        ]
        for draft in drafts[:5]:  # warm the pool and the statement caches
            await desk.place(draft)
        offered: list[int] = []
        place_times = []
        for draft in drafts[5:]:
            t0 = time.perf_counter()
            placed = await desk.place(draft)
            place_times.append(time.perf_counter() - t0)
            dispatched = getattr(placed, "dispatched", placed)
            offered.append(len(getattr(dispatched, "offers", [])))
        out["place_ms"] = percentiles(place_times)
        if profile:
            # A second batch of the same orders, after the timed one, so the
            # profiler's own cost never shows in the figures.
            out["place_profile"] = await profile_place(desk, drafts[5:], log)
        out["offers_per_order"] = round(sum(offered) / max(1, len(offered)), 2)
        log.on = True
        await desk.place(drafts[-1])
        log.on = False
        place_sql = list(log.statements)
        out["place_statements"] = log.summary()
        out["place_statement_count"] = len(place_sql)
        out["place_sql_ms"] = round(sum(s for _, _, s in place_sql) * 1000, 2)

        point = c["points"][0]
        station = c["sites"][1][0]
        for who, site in (("point", point), ("station", station), ("center", CENTER)):
            coordinator = COORDINATOR_BASE + site
            await desk.pending(coordinator)
            times = await timed(lambda co=coordinator: desk.pending(co), query_samples)
            out[f"pending_{who}_ms"] = percentiles(times)
        log.statements.clear()
        log.on = True
        await desk.pending(COORDINATOR_BASE + CENTER)
        log.on = False
        pending_sql = list(log.statements)

        import asyncpg

        conn = await asyncpg.connect(asyncpg_dsn(url))
        try:
            runs = min(10, query_samples)  # the GROUP BY over every order is the slow one
            out["stats_all_ms"] = percentiles(await timed(lambda: conn.fetch(STATS_SQL), runs))
            subtree = [station] + [p for p, parent, *_ in c["sites"] if parent == station]
            since = NOW - timedelta(days=30)
            out["stats_station_30d_ms"] = percentiles(
                await timed(lambda: conn.fetch(STATS_SUBTREE_SQL, subtree, since), query_samples)
            )
            out["pending_rows_center"] = len(await desk.pending(COORDINATOR_BASE + CENTER))
        finally:
            await conn.close()

        plans: JSON = {}
        # The slowest SELECT over volunteers in one place(): the candidate query.
        selects = [
            (seconds, s, p)
            for s, p, seconds in place_sql
            if "FROM volunteers" in s and s.lstrip().startswith("SELECT")
        ]
        if selects:
            _, sql, params = max(selects, key=lambda item: item[0])
            plans["candidates"] = {"sql": sql, "plan": await explain(url, sql, params)}
        pending = next(((s, p) for s, p, _ in pending_sql if "FROM orders" in s), None)
        if pending:
            plans["pending_center"] = {"sql": pending[0], "plan": await explain(url, *pending)}
        plans["stats_all"] = {"sql": STATS_SQL, "plan": await explain(url, STATS_SQL, ())}
        out["plans"] = plans
    finally:
        await app.close()
    return out


@contextlib.asynccontextmanager
async def kept_database(name: str, size: JSON) -> AsyncIterator[tuple[str, bool]]:
    """The database `name`, kept after the run: (its URL, whether it already holds a
    county of this `size`). The size is remembered as the database's comment, so a
    different size or seed reloads it from scratch."""
    import asyncpg

    if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", name):
        raise SystemExit("--keep-db takes a lower-case identifier, e.g. civic_dispatch_kept")
    base_url = postgres_url()
    admin = await asyncpg.connect(asyncpg_dsn(base_url))
    try:
        comment = await admin.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
            name,
        )
        wanted = json.dumps(size, sort_keys=True)
        loaded = comment == wanted
        if not loaded:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    yield base_url.rsplit("/", 1)[0] + f"/{name}", loaded


async def mark_loaded(name: str, size: JSON) -> None:
    """Remember that `name` holds a complete county of `size` (see `kept_database`)."""
    import asyncpg

    admin = await asyncpg.connect(asyncpg_dsn(postgres_url()))
    try:
        wanted = json.dumps(size, sort_keys=True)
        await admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{wanted}'")
    finally:
        await admin.close()


async def refresh(url: str) -> JSON:
    """A kept database: migrate it to head (new migrations run over the loaded data)
    and refresh the planner's statistics."""
    import asyncpg

    from storage.migrate import upgrade

    started = time.perf_counter()
    await upgrade(url)
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return {"reused": True, "migrate_analyze_s": round(time.perf_counter() - started, 2)}


async def run(args: argparse.Namespace) -> JSON:
    rng = random.Random(args.seed)
    c = county(rng, args.teams, args.volunteers, args.residents)
    size = {
        "volunteers": args.volunteers,
        "teams": args.teams,
        "residents": args.residents,
        "orders": args.orders,
        "seed": args.seed,
    }
    # The orders placed are drawn from their own generator, so a kept database (no
    # load, hence no draws from `rng`) gets the same ones as a fresh load.
    measuring = random.Random(args.seed + 1)
    database = (
        kept_database(args.keep_db, size)
        if args.keep_db
        else _fresh(pg_database(prefix="civic_dispatch"))
    )
    async with database as (url, loaded):
        if loaded:
            print(f"[dispatch] reusing {args.keep_db}; migrating ...", file=sys.stderr)
            timings = await refresh(url)
        else:
            print(f"[dispatch] loading {args.orders:,} orders ...", file=sys.stderr, flush=True)
            timings = await load(url, c, rng, args.orders)
            print(f"[dispatch] loaded in {timings['total_s']} s", file=sys.stderr)
            if args.keep_db:
                await mark_loaded(args.keep_db, size)
        print("[dispatch] measuring ...", file=sys.stderr, flush=True)
        figures = await measure(url, c, measuring, args.samples, args.profile, args.query_samples)
    print(
        f"[dispatch] place {figures['place_ms']}, pending(center) "
        f"{figures['pending_center_ms']}, stats {figures['stats_all_ms']}",
        file=sys.stderr,
    )
    return {
        "command": "python -m benchmarks.dispatch " + " ".join(sys.argv[1:]),
        "config": {
            "sites": {"center": 1, "stations": STATIONS, "points": POINTS},
            "teams": args.teams,
            "volunteers": args.volunteers,
            "residents": args.residents,
            "orders": args.orders,
            "samples": args.samples,
            "query_samples": args.query_samples,
        },
        "load": timings,
        **figures,
    }


@contextlib.asynccontextmanager
async def _fresh(
    database: contextlib.AbstractAsyncContextManager[str],
) -> AsyncIterator[tuple[str, bool]]:
    async with database as url:
        yield url, False


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--volunteers", type=int, default=50_000)
    p.add_argument("--teams", type=int, default=339)
    p.add_argument("--residents", type=int, default=20_000)
    p.add_argument("--orders", type=int, default=1_000_000)
    p.add_argument("--samples", type=int, default=200, help="orders placed and timed")
    p.add_argument(
        "--query-samples",
        type=int,
        default=30,
        help="times each /pending and the station's statistics are timed "
        "(the all-orders statistics: at most 10)",
    )
    p.add_argument("--seed", type=int, default=5)
    p.add_argument(
        "--profile",
        action="store_true",
        help="after timing, profile one more batch of place() with pyinstrument "
        "(results/profiles/dispatch-place.txt)",
    )
    p.add_argument(
        "--keep-db",
        metavar="NAME",
        default=None,
        help="keep the loaded database NAME and reuse it next time (same size and seed); "
        "drop it yourself when done",
    )
    add_output_options(p)
    return p


def main(argv: list[str] | None = None) -> JSON:
    args = parser().parse_args(argv)
    if args.teams < len(CATEGORIES) + 3 * STATIONS:
        raise SystemExit(f"--teams must be at least {len(CATEGORIES) + 3 * STATIONS}")
    data = asyncio.run(run(args))
    return publish("dispatch", "dispatch", data, args.out, not args.no_docs)


if __name__ == "__main__":
    stop_on_sigterm()
    main()
