"""Every benchmark of benchmarks/ at a tiny size, so the suite cannot rot.

Nothing here is timed or compared against a target: each test only checks that
the benchmark runs end to end and writes its figures. The ones that need
PostgreSQL or Redis skip without them (and fail with CI=true), like the other
backend tests. Results go to a temporary directory; docs/benchmarks.md is not touched.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import asyncpg
from redis.asyncio import Redis

from benchmarks import (
    activities,
    broadcast,
    broadcast_workers,
    dispatch,
    exports,
    honour,
    latency,
    ledger,
    recovery,
    report,
    state,
    stats,
    throughput,
)
from benchmarks.common import asyncpg_dsn, postgres_url, redis_url
from tests.backends import unavailable


async def _probe_services(need_redis: bool) -> None:
    pg = postgres_url()
    try:
        conn = await asyncpg.connect(asyncpg_dsn(pg), timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        unavailable("PostgreSQL", pg, error, "start it or set TEST_POSTGRES_URL")
    await conn.close()
    if need_redis:
        rd = redis_url()
        try:
            async with Redis.from_url(rd) as probe:
                await probe.ping()
        except Exception as error:  # any failure means "not available"
            unavailable("Redis", rd, error, "start it or set TEST_REDIS_URL")


def services(need_redis: bool = True) -> None:
    asyncio.run(_probe_services(need_redis))


def _read(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


# Each variant costs a sandbox, a bot and a generator process (about 3 s for a bare
# bot, 6 s for civic-bot), so the smoke run starts two of the five: the ceiling bot
# and civic-bot on the PTB transport (the latency test runs it on aiohttp). The
# bare PTB bots differ from bare_raw only in the bot they spawn.
SMOKE_VARIANTS = ("bare_raw", "civic_ptb")
TINY = ["--duration", "0.5", "--warmup", "0.2"]


def test_throughput_runs_each_variant(tmp_path: Path) -> None:
    services()
    out = tmp_path / "throughput.json"
    args = ["--users", "3", *TINY, "--variants", ",".join(SMOKE_VARIANTS)]
    throughput.main([*args, "--out", str(out), "--no-docs"])
    for variant in SMOKE_VARIANTS:
        result = _read(out)["variants"][variant]  # type: ignore[index]
        assert result["updates"] > 0 and result["failures"] == 0, result


def test_latency_runs_an_open_loop(tmp_path: Path) -> None:
    services()
    out = tmp_path / "latency.json"
    args = ["--rate", "30", "--think", "0.05", *TINY]
    latency.main([*args, "--transports", "aiohttp", "--out", str(out), "--no-docs"])
    result = _read(out)["variants"]["civic_aiohttp"]  # type: ignore[index]
    assert result["latency_ms"]["n"] > 0 and result["failures"] == 0, result
    # The sandbox times each update inside the generator's round trip for it, so for
    # every kind the generator times itself (not the volunteers' Accepts, seen in
    # batched polls), every percentile of the one is at most that of the other.
    assert result["latency_source"] == "sandbox"
    timed = result["round_trip_by_kind_ms"]
    assert set(timed) == set(result["latency_by_kind_ms"]) - {"accept"}, timed
    for kind, outside in timed.items():
        inside = result["latency_by_kind_ms"][kind]
        assert inside["n"] == outside["n"], kind
        for p in ("p50", "p95", "p99", "max"):
            assert 0 < inside[p] <= outside[p], (kind, p, inside, outside)


def test_dispatch_runs_on_a_small_county(tmp_path: Path) -> None:
    services(need_redis=False)
    out = tmp_path / "dispatch.json"
    args = ["--volunteers", "300", "--teams", "60", "--residents", "50", "--orders", "500"]
    args += ["--samples", "5", "--query-samples", "2"]  # each query twice, not 30 times
    dispatch.main([*args, "--out", str(out), "--no-docs"])
    data = _read(out)
    assert data["place_ms"]["n"] == 5  # type: ignore[index]
    assert "candidates" in data["plans"]  # type: ignore[operator]


def test_ledger_runs_on_a_tiny_ledger(tmp_path: Path) -> None:
    services(need_redis=False)
    out = tmp_path / "ledger.json"
    ledger.main(
        ["--entries", "2000", "--people", "50", "--samples", "20", "--out", str(out), "--no-docs"]
    )
    data = _read(out)
    assert data["balance_ms"]["n"] == 20  # type: ignore[index]
    assert data["sums_to_zero"] is True
    assert data["entries_after"] == 2000 + 4 * 4


def test_honour_lists_a_small_county_month(tmp_path: Path) -> None:
    services(need_redis=False)
    out = tmp_path / "honour.json"
    tiny = ["--volunteers", "300", "--households", "100", "--month-entries", "2000"]
    honour.main([*tiny, "--months", "2", "--samples", "5", "--out", str(out), "--no-docs"])
    data = _read(out)
    assert data["county_month_ms"]["n"] == 5  # type: ignore[index]
    assert data["station_month_ms"]["n"] == 5  # type: ignore[index]
    assert data["listed"] == {"households": 10, "volunteers": 10}
    assert data["sums_to_zero"] is True
    assert len(data["plans"]) == 2  # type: ignore[arg-type]


def test_dispatch_keeps_its_database_for_the_next_run(tmp_path: Path) -> None:
    services(need_redis=False)
    name = f"civic_dispatch_smoke_{uuid.uuid4().hex[:8]}"
    args = ["--volunteers", "200", "--teams", "50", "--residents", "20", "--orders", "100"]
    args += ["--samples", "2", "--query-samples", "1", "--keep-db", name, "--no-docs"]
    try:
        dispatch.main([*args, "--out", str(tmp_path / "first.json")])
        dispatch.main([*args, "--out", str(tmp_path / "second.json")])
        dispatch.main([*args, "--seed", "6", "--out", str(tmp_path / "other.json")])
    finally:
        asyncio.run(_drop_database(name))
    assert "total_s" in _read(tmp_path / "first.json")["load"]  # type: ignore[operator]
    assert _read(tmp_path / "second.json")["load"]["reused"] is True  # type: ignore[index]
    assert "reused" not in _read(tmp_path / "other.json")["load"]  # type: ignore[operator]


async def _drop_database(name: str) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(postgres_url()))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def test_stats_times_the_command_to_its_photos(tmp_path: Path) -> None:
    services(need_redis=False)
    out = tmp_path / "stats.json"
    # One timed command a scenario and no warm-up: each round draws every chart again.
    tiny = ["--orders", "300", "--days", "30", "--samples", "1", "--warmup", "0"]
    stats.main([*tiny, "--out", str(out), "--no-docs"])
    data = _read(out)
    for name, result in data["scenarios"].items():  # type: ignore[attr-defined]
        assert result["command_to_photo_ms"]["n"] == 1, (name, result)
    assert data["scenarios"]["center_year"]["placed"] == 300  # type: ignore[index]
    report.update_docs(tmp_path / "none.md", tmp_path)  # no doc: nothing to do


def test_state_measures_redis_and_memory(tmp_path: Path) -> None:
    services()
    out = tmp_path / "state.json"
    args = ["--redis-conversations", "4", "--memory-conversations", "10"]
    args += ["--warm", "2", "--settle", "0"]
    state.main([*args, "--out", str(out), "--no-docs"])
    data = _read(out)
    assert data["redis"]["conv_all"]["keys"] == 4  # type: ignore[index]
    assert data["memory_bot"]["driven"]["failures"] == 0  # type: ignore[index]


def test_broadcast_under_telegram_limits(tmp_path: Path) -> None:
    out = tmp_path / "broadcast.json"
    broadcast.main(["--volunteers", "35", "--out", str(out), "--no-docs"])
    data = _read(out)
    for result in data["transports"].values():  # type: ignore[attr-defined]
        assert result["sent"] == 35 and result["failed"] == 0, result


def test_broadcast_from_two_workers_sharing_one_limit(tmp_path: Path) -> None:
    services()
    out = tmp_path / "broadcast_workers.json"
    # Two workers (ptb, aiohttp) share the one Redis limiter as three do; each worker
    # process costs seconds of start-up, and the third only repeats the second's transport.
    args = ["--volunteers", "40", "--workers", "2", "--bot-wide-limits"]
    broadcast_workers.main([*args, "--out", str(out), "--no-docs"])
    result = _read(out)["result"]
    assert result["by_status"] == {"sent": 40, "unreachable": 3}, result  # type: ignore[index]
    assert result["http_429"] == 0  # type: ignore[index]


def test_activity_published_and_a_check_in_rush(tmp_path: Path) -> None:
    services()
    out = tmp_path / "activities.json"
    # Without a chat's 1/s: the coordinator's sixteen steps of /activity new, paced, were
    # most of the run; the 30/s a bot still holds, in the sandbox and the shared limiter.
    tiny = ["--followers", "30", "--rush", "10", "--within", "0.5", "--bot-wide-limits"]
    activities.main([*tiny, "--out", str(out), "--no-docs"])
    data = _read(out)
    published, rush = data["publish"], data["rush"]
    assert published["by_status"]["sent"] == 30 and published["http_429"] == 0, published  # type: ignore[index]
    assert rush["confirmed"] == rush["checkin_rows"] == rush["distinct_people"] == 10, rush  # type: ignore[index]
    assert rush["link_code_matches_screen"] is True  # type: ignore[index]


def test_report_fills_the_generated_sections(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(
        "# x\n<!-- bench:table:start -->\nold\n<!-- bench:table:end -->\n"
        "<!-- bench:plans:start -->\nold\n<!-- bench:plans:end -->\n",
        encoding="utf-8",
    )
    report.update_docs(doc, tmp_path / "no-results")
    text = doc.read_text(encoding="utf-8")
    assert "| figure | target | measured |" in text and "\nold\n" not in text
    assert "python -m benchmarks.dispatch" in text


def test_recovery_runs_each_fault(tmp_path: Path) -> None:
    # Its own PostgreSQL cluster and Redis (the fault suite's), not the shared ones.
    out = tmp_path / "recovery.json"
    # Half-second faults; the load runs half a second after each (a /start per user
    # every half second, so a greeting is sent after the fault's end).
    tiny = ["--users", "2", "--pg-down", "0.5", "--api-down", "0.5", "--before", "0.3"]
    recovery.main([*tiny, "--after", "0.5", "--out", str(out), "--no-docs"])
    for name, result in _read(out)["scenarios"].items():  # type: ignore[attr-defined]
        assert result["updates"] > 0 and result["first_reply_after_s"] is not None, (name, result)


def test_exports_streams_a_small_county(tmp_path: Path) -> None:
    services(need_redis=False)
    out = tmp_path / "exports.json"
    exports.main(["--orders", "300", "--page-size", "100", "--out", str(out)])
    data = _read(out)
    assert data["orders"] == 300 and data["rows_per_second"]
