"""Benchmark 7, a broadcast from several workers: /broadcast to 5,000 volunteers
sent by three webhook workers sharing one bot token, within Telegram's limits.

    python -m benchmarks.broadcast_workers [--volunteers 5000] [--workers 3]
                                           [--bot-wide-limits]

A sandbox process enforces Telegram's limits (`--limits telegram`: 30 messages a
second per bot, 429 past it). One PostgreSQL database and one Redis prefix of its
own; the demo county plus a team of `--volunteers` volunteers at point 11, each of
whom has a chat with the bot. `--workers` `civic-bot run` processes in webhook mode
(ptb, aiohttp, aiohttp, ...) behind a round-robin proxy, all with the shared send
limiter (GCRA in Redis). The point's coordinator goes through /broadcast in chat
(audience button, the words, Send); every worker's sender then claims batches of
recipients. Reported, from the recipients' rows as they go: messages a second
(overall, and steady from the first second to the last), against the 30/s bound;
the 429s the sandbox gave; how the rows ended. Before this limiter each process
paced itself at 29/s, so three would have tried about 87/s.

`--bot-wide-limits` (the smoke test's) keeps the 30/s a bot but not a chat's 1/s, as
in benchmarks.activities; the figures are of the default.

Figures go to benchmarks/results/broadcast_workers.json and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import asyncpg
import yaml

from benchmarks.broadcast import register
from benchmarks.common import (
    JSON,
    SANDBOX_TOKEN,
    add_output_options,
    asyncpg_dsn,
    pg_database,
    prepare_database,
    publish,
    redis_prefix,
    spawn_sandbox,
    stop_on_sigterm,
)
from benchmarks.paths import DEMO_SEED
from benchmarks.webhook_fleet import webhook_fleet
from sandbox import SandboxClient

BOUND = 30.0
BASE = 950_000
COORDINATOR = 900103  # point 11's (demo county)
TEAM = "BCAST-DQ"
TEXT = "明天上午九点在大桥社区集合，开展爱心义剪活动，请带好工具。"
SECRET = "broadcast-bench-secret"


def county(path: Path, volunteers: int) -> list[int]:
    seed = yaml.safe_load(DEMO_SEED.read_text(encoding="utf-8"))
    seed["teams"].append(
        {"code": TEAM, "site": 11, "category": "civility", "zh": "大桥群发测试队", "en": "Bench"}
    )
    ids = [BASE + i for i in range(volunteers)]
    seed["volunteers"] += [
        {"id": uid, "first_name": f"志愿者{uid}", "language": "zh-CN", "team": TEAM} for uid in ids
    ]
    path.write_text(yaml.safe_dump(seed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return ids


async def drop_pending(url: str) -> None:
    """The volunteers' /start updates only made their chats: nobody is to answer them."""
    async with aiohttp.ClientSession() as session:
        params = {"drop_pending_updates": "true"}
        async with session.post(f"{url}/bot{SANDBOX_TOKEN}/deleteWebhook", data=params) as r:
            r.raise_for_status()


async def broadcast_in_chat(url: str) -> None:
    async with SandboxClient(url) as sb:
        coordinator = sb.user(COORDINATOR, "冯雪")
        await coordinator.command("start")
        await coordinator.expect(lambda m: bool(m.buttons), timeout=30)
        await coordinator.command("broadcast")
        await coordinator.expect("要发给谁", timeout=30)
        await coordinator.press(None, "👥 我负责站点的全部志愿者")
        await coordinator.expect("请输入", timeout=30)
        await coordinator.send(TEXT)
        preview = await coordinator.expect("群发预览", timeout=30)
        await coordinator.press(preview, "✅ 发送")


async def by_worker(dsn: str) -> dict[str, int]:
    """How many recipients each worker's sender claimed."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT claimed_by, count(*) AS n FROM broadcast_recipients GROUP BY claimed_by"
        )
    finally:
        await conn.close()
    return {str(r["claimed_by"]).rsplit(":", 2)[-2]: int(r["n"]) for r in rows if r["claimed_by"]}


async def watch(dsn: str, total: int, within: float) -> list[tuple[float, dict[str, int]]]:
    """(time, recipients by status) every quarter second until none is left."""
    samples: list[tuple[float, dict[str, int]]] = []
    conn = await asyncpg.connect(dsn)
    try:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            rows = await conn.fetch(
                "SELECT status, count(*) AS n FROM broadcast_recipients GROUP BY status"
            )
            counts = {str(r["status"]): int(r["n"]) for r in rows}
            samples.append((time.monotonic(), counts))
            if (
                sum(counts.values()) >= total
                and not counts.get("pending")
                and not counts.get("claimed")
            ):
                break
            await asyncio.sleep(0.25)
    finally:
        await conn.close()
    return samples


def figures(samples: list[tuple[float, dict[str, int]]]) -> JSON:
    def handled(counts: dict[str, int]) -> int:
        return sum(n for s, n in counts.items() if s not in ("pending", "claimed"))

    started = next((t for t, c in samples if handled(c) > 0 or c.get("claimed")), samples[0][0])
    done_t, last = samples[-1]
    steady = [
        (t, handled(c)) for t, c in samples if t - started >= 1.0 and handled(c) < handled(last)
    ]
    rate = 0.0
    if len(steady) >= 2:
        (t1, n1), (t2, n2) = steady[0], steady[-1]
        rate = (n2 - n1) / (t2 - t1) if t2 > t1 else 0.0
    seconds = done_t - started
    return {
        "recipients": handled(last),
        "by_status": last,
        "seconds": round(seconds, 2),
        "messages_per_s": round(handled(last) / seconds, 2) if seconds > 0 else 0.0,
        "steady_messages_per_s": round(rate, 2),
        "share_of_bound": round(rate / BOUND, 3),
    }


async def run(args: argparse.Namespace) -> JSON:
    kinds = [("ptb", "aiohttp")[min(i, 1)] for i in range(args.workers)]
    with tempfile.TemporaryDirectory(prefix="civic-bench-") as tmp:
        logs = args.logs or Path(tmp) / "logs"
        async with pg_database() as db_url, redis_prefix() as prefix:
            seed = Path(tmp) / "county.yaml"
            ids = county(seed, args.volunteers)
            limits = "bot-wide" if args.bot_wide_limits else "telegram"
            sandbox = spawn_sandbox(limits, logs)  # boots while the database is seeded
            try:
                print(f"[broadcast_workers] seeding {len(ids)} volunteers ...", file=sys.stderr)
                await prepare_database(db_url, seed)
                url = await sandbox.ready()
                await register(url, ids)  # each volunteer has a chat with the bot
                await drop_pending(url)
                fleet = webhook_fleet(
                    bot_api_url=url,
                    database_url=db_url,
                    redis_prefix=prefix,
                    transports=kinds,
                    secret=SECRET,
                    logs=logs,
                    env={
                        "BROADCAST_INTERVAL": "0.5",
                        "LOG_LEVEL": "WARNING",
                        "DB_POOL_SIZE": "4",
                        "DB_MAX_OVERFLOW": "4",
                    },
                    command=["-m", "benchmarks.run_bot", "--limits", "bot-wide"]
                    if args.bot_wide_limits
                    else ["-m", "bot.cli", "run"],
                )
                async with fleet, aiohttp.ClientSession() as session:
                    async with session.get(f"{url}/sandbox/stats") as r:
                        before = await r.json()
                    await broadcast_in_chat(url)
                    samples = await watch(asyncpg_dsn(db_url), len(ids) + 3, args.max_seconds)
                    workers_sent = await by_worker(asyncpg_dsn(db_url))
                    async with session.get(f"{url}/sandbox/stats") as r:
                        after = await r.json()
            finally:
                sandbox.stop()
    result = figures(samples)
    result["http_429"] = after["rate_limited"] - before["rate_limited"]
    result["sandbox_sends"] = after["sends"] - before["sends"]
    result["claimed_by_worker_pid"] = workers_sent
    return {
        "command": "python -m benchmarks.broadcast_workers " + " ".join(sys.argv[1:]),
        "config": {
            "volunteers": args.volunteers,
            "workers": args.workers,
            "transports": kinds,
            "limits": "bot-wide" if args.bot_wide_limits else "telegram",
            "bound_per_s": BOUND,
        },
        "result": result,
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--volunteers", type=int, default=5000)
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--max-seconds", type=float, default=900.0)
    p.add_argument(
        "--bot-wide-limits",
        action="store_true",
        help="30 messages a second a bot, none a chat (smoke runs)",
    )
    p.add_argument("--logs", type=Path, default=None, help="keep the processes' logs here")
    add_output_options(p)
    return p


def main(argv: list[str] | None = None) -> JSON:
    args = parser().parse_args(argv)
    data = asyncio.run(run(args))
    return publish("broadcast_workers", "broadcast_workers", data, args.out, not args.no_docs)


if __name__ == "__main__":
    stop_on_sigterm()
    main()
