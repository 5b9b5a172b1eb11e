"""Regenerate the generated parts of docs/benchmarks.md from benchmarks/results/*.json.

    python -m benchmarks.report

Each benchmark calls this after writing its JSON. Only the text between the
`<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->` markers is replaced
(the figures table, the per-variant throughput table, the query plans); the
prose around them is written by hand.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.paths import REPO, RESULTS

DOC = REPO / "docs" / "benchmarks.md"
JSON = dict[str, Any]
Row = tuple[str, str, str, str, str, str]  # figure, target, measured, holds, command, date


def _load(name: str, results: Path) -> JSON | None:
    path = results / f"{name}.json"
    if not path.exists():
        return None
    data: JSON = json.loads(path.read_text(encoding="utf-8"))
    return data


def _holds(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


def _cmd(data: JSON) -> str:
    """The command as run, less the flags that only say where the output goes."""
    command = re.sub(r"\s--(no-docs|out\s+\S+)", "", str(data.get("command", "")))
    return f"`{command.strip()}`"


def _outside(x: JSON) -> str:
    """A mark on latencies from results older than the sandbox's ``at`` stamps, which
    the generator measured from outside (its own round trips included)."""
    return "" if x.get("latency_source") == "sandbox" else " (from outside)"


def _throughput_rows(data: JSON) -> list[Row]:
    rows: list[Row] = []
    v, r, cmd, date = data["variants"], data.get("ratios", {}), _cmd(data), data["date"]
    users = data["config"]["users"]
    names = {
        "bare_raw": "Ceiling: bare raw aiohttp bot (generator + sandbox)",
        "bare_ptb_httpx": "Bare PTB bot, default httpx request",
        "bare_ptb_aiohttp": "Bare PTB bot on AiohttpRequest",
        "civic_ptb": "civic-bot, ptb transport, full /order flow",
        "civic_aiohttp": "civic-bot, aiohttp transport, full /order flow",
    }
    for key, label in names.items():
        if key not in v:
            continue
        x = v[key]
        measured = (
            f"{x['updates_per_s']:,} updates/s, {x['api_calls_per_s']:,} Bot API calls/s, "
            f"p99 {x['latency_ms'].get('p99')} ms{_outside(x)}"
        )
        if key.startswith("civic"):
            measured += (
                f"; {x['bot_cpu_ms_per_update']} ms bot CPU/update; "
                f"peak RSS {x['bot_memory_kb'].get('VmHWM', 0) // 1024} MiB"
            )
        rows.append((f"{label} ({users} users, closed loop)", "—", measured, "—", cmd, date))
    for key, target, bound in (
        ("civic_ptb/bare_ptb_aiohttp", "≥ 0.60", 0.6),
        ("civic_aiohttp/bare_raw", "≥ 0.60", 0.6),
        ("civic_ptb/bare_ptb_httpx", "≥ 3×", 3.0),
    ):
        if key in r:
            rows.append(
                (
                    f"Throughput ratio {key} (updates/s)",
                    target,
                    f"{r[key]}",
                    _holds(r[key] >= bound),
                    cmd,
                    date,
                )
            )
    return rows


def _latency_rows(data: JSON) -> list[Row]:
    rows: list[Row] = []
    rate = data["config"]["rate"]
    for key, x in data["variants"].items():
        lat, floor = x["latency_ms"], x["harness_floor_ms"]
        measured = (
            f"p50 {lat.get('p50')} / p95 {lat.get('p95')} / p99 {lat.get('p99')} ms"
            f"{_outside(x) or ' injection to answer, by the sandbox'} "
            f"at {x['updates_per_s']} updates/s ("
        )
        if "round_trip_ms" in x:
            measured += f"generator's round trip p99 {x['round_trip_ms'].get('p99')} ms, "
        measured += f"harness floor p99 {floor.get('p99')} ms)"
        ok = lat.get("p99") is not None and lat["p99"] <= 50
        label = (
            f"Open-loop reply latency, {key.removeprefix('civic_')} transport, {rate:g}/s offered"
        )
        rows.append((label, "p99 ≤ 50 ms", measured, _holds(ok), _cmd(data), data["date"]))
    return rows


def _dispatch_rows(data: JSON) -> list[Row]:
    cfg, cmd, date = data["config"], _cmd(data), data["date"]
    scale = f"{cfg['volunteers']:,} volunteers, {cfg['orders']:,} orders"
    place, pending = data["place_ms"], data["pending_center_ms"]
    return [
        (
            f"Rank and offer one order, `OrderDesk.place` ({scale})",
            "p99 ≤ 20 ms",
            f"p50 {place['p50']} / p99 {place['p99']} ms; {data['place_statement_count']} "
            f"statements; {data['offers_per_order']} offers/order",
            _holds(place["p99"] <= 20),
            cmd,
            date,
        ),
        (
            f"`/pending` for the center's coordinator ({scale})",
            "p99 ≤ 100 ms",
            f"p50 {pending['p50']} / p99 {pending['p99']} ms "
            f"(station p99 {data['pending_station_ms']['p99']}, "
            f"point p99 {data['pending_point_ms']['p99']})",
            _holds(pending["p99"] <= 100),
            cmd,
            date,
        ),
        (
            "Per-site statistics, GROUP BY over all orders / a station's last 30 days",
            "—",
            f"p50 {data['stats_all_ms']['p50']} ms / p50 {data['stats_station_30d_ms']['p50']} ms",
            "—",
            cmd,
            date,
        ),
    ]


def _state_rows(data: JSON) -> list[Row]:
    redis, bot, store = data["redis"], data["memory_bot"], data.get("memory_store", {})
    conv = redis["conv_all"]
    first = redis.get("conv_first_step", {})
    cmd, date = _cmd(data), data["date"]
    return [
        (
            "Redis bytes per active conversation (MEMORY USAGE)",
            "≤ 1 KB",
            f"mean {conv.get('memory_usage_mean')} B, max {conv.get('memory_usage_max')} B "
            f"over {conv.get('keys')} keys (first step mean {first.get('memory_usage_mean')} B)",
            _holds(conv.get("memory_usage_max", 0) <= 1024),
            cmd,
            date,
        ),
        (
            f"Bot memory with {data['config']['memory_conversations']:,} conversations "
            "open (in-process store)",
            "—",
            f"RSS {bot['rss_before_kb'] // 1024} → {bot['rss_after_kb'] // 1024} MiB, "
            f"{bot['rss_bytes_per_conversation']} B/conversation; the store alone "
            f"{store.get('bytes_per_conversation')} B/conversation at the summary step",
            "—",
            cmd,
            date,
        ),
    ]


def _broadcast_rows(data: JSON) -> list[Row]:
    rows: list[Row] = []
    n = data["config"]["volunteers"]
    for transport, x in data["transports"].items():
        ok = x["steady_messages_per_s"] >= 0.95 * 30 and x["http_429"] == 0
        rows.append(
            (
                f"Broadcast {n:,} offers, {transport} transport, Telegram limits",
                "≥ 28.5 msg/s, no 429",
                f"{x['steady_messages_per_s']} msg/s steady ({x['messages_per_s']} overall), "
                f"{x['http_429']} × 429, {x['failed']} failed",
                _holds(ok),
                _cmd(data),
                data["date"],
            )
        )
    return rows


def _broadcast_workers_rows(data: JSON) -> list[Row]:
    config, x = data["config"], data["result"]
    ok = x["steady_messages_per_s"] >= 0.95 * 30 and x["http_429"] == 0
    return [
        (
            f"/broadcast to {config['volunteers']:,} volunteers from {config['workers']} "
            "webhook workers, one token, shared limiter, Telegram limits",
            "≥ 28.5 msg/s, no 429",
            f"{x['steady_messages_per_s']} msg/s steady ({x['messages_per_s']} overall), "
            f"{x['http_429']} × 429; "
            + ", ".join(f"{n:,} {status}" for status, n in sorted(x["by_status"].items())),
            _holds(ok),
            _cmd(data),
            data["date"],
        )
    ]


def _activities_rows(data: JSON) -> list[Row]:
    config, pub, rush = data["config"], data["publish"], data["rush"]
    cmd, date = _cmd(data), data["date"]
    published = pub["steady_messages_per_s"] >= 0.95 * 30 and pub["http_429"] == 0
    p99 = rush["latency_ms"].get("p99")
    whole = rush["lost"] == 0 and rush["checkin_rows"] == rush["distinct_people"] == rush["people"]
    return [
        (
            f"Activity published in chat to {pub['announced_to']:,} (of them "
            f"{config['followers']:,} followers), durable broadcasts, "
            f"{config['workers']} worker(s), Telegram limits",
            "≥ 28.5 msg/s, no 429",
            f"{pub['steady_messages_per_s']} msg/s steady ({pub['messages_per_s']} overall), "
            f"{pub['http_429']} × 429; "
            + ", ".join(f"{n:,} {status}" for status, n in sorted(pub["by_status"].items())),
            _holds(published),
            cmd,
            date,
        ),
        (
            f"Check-in rush: {rush['people']:,} scans of the rotating QR (`/start ac_…`) "
            f"in {rush['within_s']:g} s, {config['workers']} worker(s)",
            "p99 ≤ 100 ms; lost 0, doubled 0",
            f"p50 {rush['latency_ms'].get('p50')} / p99 {p99} ms scan → confirmation; "
            f"{rush['confirmed']:,} confirmed, {rush['refused']} refused, {rush['lost']} lost; "
            f"{rush['checkin_rows']:,} check-in rows for {rush['distinct_people']:,} people",
            _holds(whole and p99 is not None and p99 <= 100),
            cmd,
            date,
        ),
    ]


RECOVERY_FAULTS = {
    "postgres": "PostgreSQL down {pg_down_s:g} s",
    "redis": "Redis restarted (AOF)",
    "botapi": "Bot API 500 for {api_down_s:g} s",
}


def _recovery_rows(data: JSON) -> list[Row]:
    rows: list[Row] = []
    config = data["config"]
    for name, x in data["scenarios"].items():
        first = x["first_reply_after_s"]
        rows.append(
            (
                f"Recovery: {RECOVERY_FAULTS[name].format(**config)} "
                f"({config['users']} residents, 1 /start a second each, {config['transport']})",
                "lost 0, doubled 0",
                f"first reply {'—' if first is None else f'{first} s'} after the fault ended; "
                f"lost {x['lost']}, doubled {x['doubled']} of {x['updates']} updates; "
                f'{x["unavailable_notices"]} "briefly unavailable" notices',
                _holds(x["lost"] == 0 and x["doubled"] == 0),
                _cmd(data),
                data["date"],
            )
        )
    return rows


def _ledger_rows(data: JSON) -> list[Row]:
    cfg, cmd, date = data["config"], _cmd(data), data["date"]
    scale = f"{cfg['entries']:,} entries, {cfg['people']:,} people"
    read, summed, post = data["balance_ms"], data["summed_ms"], data["post_ms"]
    server = data.get("server_balance_ms", {})
    return [
        (
            f"Ledger balance read, `SqlLedgerRepo.balance` ({scale})",
            "p99 ≤ 5 ms",
            f"p50 {read['p50']} / p99 {read['p99']} ms over {read['n']:,} reads through the app "
            f"(load average {data.get('load_average', '?')} on {data['machine']['cpus']} cores); "
            f"the statement in PostgreSQL p50 {server.get('p50')} / p99 {server.get('p99')} ms; "
            f"summed from the entries instead p99 {summed['p99']} ms; loaded in {data['load_s']} s",
            _holds(read["p99"] <= 5),
            cmd,
            date,
        ),
        (
            f"Ledger post, `credit_hours`: 4 entries, 4 balances ({scale})",
            "—",
            f"p50 {post['p50']} / p99 {post['p99']} ms; sums to zero: "
            f"{'yes' if data['sums_to_zero'] else 'NO'}",
            "—",
            cmd,
            date,
        ),
    ]


def _stats_rows(data: JSON) -> list[Row]:
    rows: list[Row] = []
    load = "–".join(str(x) for x in data.get("load_average", []))
    scale = f"{data['orders']:,} orders in the roll-ups"
    for name, label in (
        ("center_month", "`/stats` for the center's coordinator, this month"),
        ("station_month", "`/stats` for one station's coordinator, this month"),
        ("center_year", "`/stats` for the center's coordinator, the year"),
    ):
        x = data["scenarios"][name]
        photo, target = x["command_to_photo_ms"], data["targets_ms"].get(name)
        rows.append(
            (
                f"{label}, command to photo, rendering included ({scale})",
                "—" if target is None else f"p99 ≤ {target:g} ms",
                f"p50 {photo['p50']} / p99 {photo['p99']} ms; both photos p99 "
                f"{x['command_to_both_photos_ms']['p99']} ms; CPU p50 {x['cpu_ms']['p50']} ms; "
                f"roll-up read p99 {x['report_ms']['p99']} ms; load average {load}",
                _holds(None if target is None else photo["p99"] <= target),
                _cmd(data),
                data["date"],
            )
        )
    return rows


def _honour_rows(data: JSON) -> list[Row]:
    cfg = data["config"]
    scale = (
        f"{cfg['volunteers']:,} volunteers, {cfg['households']:,} households, "
        f"{data['entries_in_month']:,} entries in the month of {data['entries']:,}"
    )
    whole, station = data["county_month_ms"], data["station_month_ms"]
    return [
        (
            f"Honour list for a county month, `Honour.month`, both queries ({scale})",
            f"p99 ≤ {data['target_ms']} ms",
            f"p50 {whole['p50']} / p99 {whole['p99']} ms; one station's month p99 "
            f"{station['p99']} ms; load average {data.get('load_average', '?')}",
            _holds(whole["p99"] <= data["target_ms"]),
            _cmd(data),
            data["date"],
        )
    ]


# Benchmarks with no results yet that the table names anyway: (figure, target).
PENDING = {
    "honour": (
        "Honour list for a county month, `Honour.month`, both queries (30,000 volunteers, "
        "5,000 households, 12 months of 300,000 entries)",
        "p99 ≤ 200 ms",
    ),
}

BUILDERS: dict[str, Callable[[JSON], list[Row]]] = {
    "throughput": _throughput_rows,
    "latency": _latency_rows,
    "dispatch": _dispatch_rows,
    "state": _state_rows,
    "broadcast": _broadcast_rows,
    "broadcast_workers": _broadcast_workers_rows,
    "activities": _activities_rows,
    "recovery": _recovery_rows,
    "ledger": _ledger_rows,
    "stats": _stats_rows,
    "honour": _honour_rows,
}


def figures_table(results: Path = RESULTS) -> str:
    lines = [
        "| figure | target | measured | holds | command | date |",
        "|---|---|---|---|---|---|",
    ]
    for name, build in BUILDERS.items():
        data = _load(name, results)
        if data is None and name in PENDING:
            figure, target = PENDING[name]
            lines.append(
                f"| {figure} | {target} | to be measured on a quiet machine | | "
                f"`python -m benchmarks.{name}` | |"
            )
            continue
        if data is None:
            lines.append(f"| {name}: not run yet | | | | `python -m benchmarks.{name}` | |")
            continue
        lines += ["| " + " | ".join(row) + " |" for row in build(data)]
    return "\n".join(lines)


def variants_table(results: Path = RESULTS) -> str:
    data = _load("throughput", results)
    if data is None:
        return "(run `python -m benchmarks.throughput`)"
    lines = [
        "| variant | updates/s | Bot API calls/s | calls/update | p50 / p99 ms | "
        "bot CPU ms/update | CPU use bot / sandbox / generator / PostgreSQL / Redis | "
        "peak RSS MiB | failures |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, x in data["variants"].items():
        u = x["cpu_utilisation"]
        lines.append(
            f"| {key} | {x['updates_per_s']:,} | {x['api_calls_per_s']:,} | "
            f"{x['calls_per_update']} | {x['latency_ms'].get('p50')} / "
            f"{x['latency_ms'].get('p99')}{_outside(x)} | {x['bot_cpu_ms_per_update']} | "
            f"{u.get('bot')} / {u.get('sandbox')} / {u.get('loadgen')} / "
            f"{u.get('postgres', '—')} / {u.get('redis', '—')} | "
            f"{x['bot_memory_kb'].get('VmHWM', 0) // 1024} | {x['failures']} |"
        )
    return "\n".join(lines)


def plans(results: Path = RESULTS) -> str:
    data = _load("dispatch", results)
    if data is None:
        return "(run `python -m benchmarks.dispatch`)"
    out = []
    for name, plan in data.get("plans", {}).items():
        sql = " ".join(plan["sql"].split())
        out += [f"**{name}**", "", "```sql", sql, "```", "", "```text", *plan["plan"], "```", ""]
    statements = data.get("place_statements", [])
    if statements:
        out += [
            f"**The {len(statements)} statements of one `OrderDesk.place`** "
            f"({data['place_sql_ms']} ms in the database driver):",
            "",
            "| ms | statement |",
            "|---|---|",
            *[f"| {s['ms']} | `{s['sql'][:110]}` |" for s in statements],
            "",
        ]
    return "\n".join(out).rstrip()


SECTIONS: dict[str, Callable[[Path], str]] = {
    "table": figures_table,
    "variants": variants_table,
    "plans": plans,
}


def _replace(body: str, match: re.Match[str]) -> str:
    return match.group(1) + body + match.group(2)


def render(text: str, results: Path = RESULTS) -> str:
    for name, build in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- bench:{name}:start -->\n).*?(<!-- bench:{name}:end -->)", re.DOTALL
        )
        body = build(results) + "\n"
        text = pattern.sub(functools.partial(_replace, body), text)
    return text


def update_docs(doc: Path = DOC, results: Path = RESULTS) -> None:
    if not doc.exists():
        return
    doc.write_text(render(doc.read_text(encoding="utf-8"), results), encoding="utf-8")


if __name__ == "__main__":
    update_docs()
    print(f"updated {DOC}")
