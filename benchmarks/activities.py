"""Benchmark 8, activities: publishing to thousands of followers within Telegram's
limits, then a check-in rush at the door.

    python -m benchmarks.activities [--followers 5000] [--rush 500] [--within 60]
                                    [--workers 1] [--transport ptb] [--bot-wide-limits]

A sandbox process enforces Telegram's limits (`--limits telegram`: 30 messages a
second per bot, 429 past it). One PostgreSQL database and one Redis prefix of its
own; the demo county plus `--followers` residents following point 11 (大桥) and
`--rush` residents who will check in, each with a chat with the bot (their users,
addresses and follows written straight into the database: seeding is not measured).
`--workers` `civic-bot run` processes in webhook mode behind a round-robin proxy,
sharing the send limiter (GCRA in Redis).

1. **Publishing.** The town's coordinator publishes an activity in chat (every
   question of `/activity new`), starting a quarter of an hour from now. The
   announcement is a durable broadcast; every worker's sender delivers it.
   Reported from the recipients' rows as they go: messages a second (overall, and
   steady from the first second to the last) against the 30/s bound, the 429s.
2. **The check-in rush.** The coordinator opens the rotating QR code (`🔳 签到码`);
   `--rush` people then scan it, evenly spread over `--within` seconds: each sends
   `/start ac_<code>` with the code the venue's screen shows at that moment, and
   waits for "签到成功". Reported: latency scan -> confirmation (the sandbox's clock:
   the confirmation's `at` less the scan's), p50/p95/p99; how many were confirmed,
   refused, lost; the check-in rows (one per person: none lost, none doubled).

`--bot-wide-limits` (the smoke test's) keeps the 30/s a bot, in the sandbox and in
the workers' shared limiter, but not a chat's 1/s: the coordinator's sixteen answers in
`/activity new` then come at once instead of a second each. The figures are of the
default, with both.

Figures go to benchmarks/results/activities.json and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import asyncpg
from pydantic import SecretStr

from benchmarks.agents import Chat, Sandbox, StepTimeout
from benchmarks.broadcast import register
from benchmarks.broadcast_workers import drop_pending, figures, watch
from benchmarks.common import (
    JSON,
    SANDBOX_TOKEN,
    add_output_options,
    asyncpg_dsn,
    percentiles,
    pg_database,
    prepare_database,
    publish,
    redis_prefix,
    spawn_sandbox,
    stop_on_sigterm,
)
from benchmarks.paths import DEMO_SEED
from benchmarks.webhook_fleet import webhook_fleet
from bot.settings import Settings
from domain import activity_codes
from domain.invite_tokens import derive_key
from sandbox import SandboxClient

BOUND = 30.0
TARGET_P99_MS = 100.0
FOLLOWER_BASE = 960_000
RUSH_BASE = 970_000
COORDINATOR = 900102  # Chengguan station's (demo county), over point 11
SITE = 11
SECRET = "activities-bench-secret"
COUNTY = ZoneInfo("Asia/Shanghai")
TIMEOUT = 60.0


async def seed_people(dsn: str, followers: list[int], rush: list[int]) -> None:
    """Users with a Telegram address and the privacy notice seen; followers follow 11."""
    now = datetime.now(UTC)
    conn = await asyncpg.connect(dsn)
    try:
        people = [*followers, *rush]
        await conn.executemany(
            "INSERT INTO users (id, first_name, locale, notice_at) VALUES ($1, $2, 'zh-CN', $3)",
            [(p, f"居民{p}", now) for p in people],
        )
        await conn.executemany(
            "INSERT INTO user_addresses (channel, address, person_id) VALUES ('telegram', $1, $2)",
            [(str(p), p) for p in people],
        )
        await conn.executemany(
            "INSERT INTO activity_follows (person_id, site_id, created_at) VALUES ($1, $2, $3)",
            [(p, SITE, now) for p in followers],
        )
    finally:
        await conn.close()


async def publish_in_chat(url: str, starts: datetime) -> tuple[int, str]:
    """`/activity new` through every question; the activity's id and its check-in link."""
    local = starts.astimezone(COUNTY)
    async with SandboxClient(url) as sb:
        c = sb.user(COORDINATOR, "钱军")
        await c.command("start")
        await c.expect(lambda m: bool(m.buttons), timeout=TIMEOUT)
        await c.command("activity", "new")
        await c.expect("请输入活动名称", timeout=TIMEOUT)
        await c.send("爱心义剪进社区")
        await c.press(await c.expect("英文名称", timeout=TIMEOUT), "跳过")
        await c.press(await c.expect("请选择活动类别", timeout=TIMEOUT), "乡风文明")
        await c.press(await c.expect("由哪个队伍组织", timeout=TIMEOUT), "大桥社区爱心义剪队")
        sites = await c.expect("在哪个站点举办", timeout=TIMEOUT)
        await c.press(sites, "大桥社区新时代文明实践站")
        await c.expect("活动地点", timeout=TIMEOUT)
        await c.send("🏠 使用站点地址")
        await c.expect("开始时间", timeout=TIMEOUT)
        await c.send(f"{local.month}月{local.day}日 {local:%H:%M}")
        await c.press(await c.expect("活动多长时间", timeout=TIMEOUT), "2 小时")
        await c.press(await c.expect("需要多少名志愿者", timeout=TIMEOUT), "2")
        await c.expect("可报名的居民名额", timeout=TIMEOUT)
        await c.send("1000")
        who = await c.expect("谁可以看到", timeout=TIMEOUT)
        await c.press(who, "🌳 本站点及下属站点的所有人")
        await c.press(await c.expect("海报", timeout=TIMEOUT), "跳过")
        await c.press(await c.expect("请确认活动信息", timeout=TIMEOUT), "✅ 发布")
        published = await c.expect("已发布活动 #", timeout=TIMEOUT)
        found = re.search(r"#(\d+)", published.text or "")
        assert found is not None, published.text
        await c.press(published, "🔳 签到码")
        link = await c.expect("扫不了码的", timeout=TIMEOUT)
        return int(found.group(1)), (link.text or "").rsplit("start=", 1)[1].split()[0]


def screen_key() -> bytes:
    """The key the workers sign check-in codes with (the same settings: no secret of
    their own), so the venue's screen here shows the code they would draw."""
    settings = Settings(  # type: ignore[call-arg]  # pydantic-settings' _env_file
        _env_file=None, bot_token=SecretStr(SANDBOX_TOKEN), invite_secret=None
    )
    return derive_key(settings.invite_key().hex(), activity_codes.PURPOSE)


async def rush(url: str, activity_id: int, people: list[int], within: float) -> JSON:
    key = screen_key()
    latencies: list[float] = []
    outcomes: dict[str, int] = {"confirmed": 0, "already": 0, "refused": 0, "lost": 0}
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        sb = Sandbox(session, url)
        t0 = time.monotonic()

        async def one(n: int, uid: int) -> None:
            await asyncio.sleep(max(0.0, t0 + n * within / len(people) - time.monotonic()))
            chat = Chat(sb, uid, f"居民{uid}")
            code = activity_codes.encode(activity_id, datetime.now(UTC), key)
            injected = await chat.send(f"/start ac_{code}")
            chat.seen = int(injected["seq"])
            try:
                event = await chat.wait(  # the check-in's own answer, whatever it is
                    lambda e: "签到" in (e.get("message", {}).get("text") or ""),
                    timeout=TIMEOUT,
                )
            except StepTimeout:
                outcomes["lost"] += 1
                return
            text = event.get("message", {}).get("text") or ""
            kind = "confirmed" if "签到成功" in text else "already" if "已经" in text else "refused"
            outcomes[kind] += 1
            if kind == "confirmed":
                latencies.append(float(event["at"]) - float(injected["at"]))

        await asyncio.gather(*(one(n, uid) for n, uid in enumerate(people)))
        seconds = time.monotonic() - t0
    lat = percentiles(latencies)
    return {
        "people": len(people),
        "within_s": within,
        "took_s": round(seconds, 2),
        **outcomes,
        "latency_ms": lat,
        "target_p99_ms": TARGET_P99_MS,
    }


async def rows(dsn: str, activity_id: int) -> JSON:
    conn = await asyncpg.connect(dsn)
    try:
        checkins = await conn.fetchval(
            "SELECT count(*) FROM activity_checkins WHERE activity_id = $1", activity_id
        )
        people = await conn.fetchval(
            "SELECT count(DISTINCT person_id) FROM activity_checkins WHERE activity_id = $1",
            activity_id,
        )
        total = await conn.fetchval(
            "SELECT coalesce(sum(total), 0) FROM broadcasts WHERE audience = 'announce'"
        )
    finally:
        await conn.close()
    return {"checkins": int(checkins), "people": int(people), "announced": int(total)}


async def announced(dsn: str, within: float) -> int:
    """How many the announcement goes to, once the publication stored it."""
    deadline = time.monotonic() + within
    conn = await asyncpg.connect(dsn)
    try:
        while time.monotonic() < deadline:
            total = await conn.fetchval(
                "SELECT coalesce(sum(total), 0) FROM broadcasts WHERE audience = 'announce'"
            )
            if total:
                return int(total)
            await asyncio.sleep(0.1)
    finally:
        await conn.close()
    raise RuntimeError("the announcement was never stored")


async def run(args: argparse.Namespace) -> JSON:
    # The first worker on `--transport`, the others on aiohttp (as broadcast_workers).
    kinds = [args.transport if i == 0 else "aiohttp" for i in range(args.workers)]
    followers = [FOLLOWER_BASE + i for i in range(args.followers)]
    rushing = [RUSH_BASE + i for i in range(args.rush)]
    with tempfile.TemporaryDirectory(prefix="civic-bench-") as tmp:
        logs = args.logs or Path(tmp) / "logs"
        async with pg_database() as db_url, redis_prefix() as prefix:
            dsn = asyncpg_dsn(db_url)
            limits = "bot-wide" if args.bot_wide_limits else "telegram"
            sandbox = spawn_sandbox(limits, logs)  # boots while the database is seeded
            try:
                seeding = f"{len(followers)} + {len(rushing)}"
                print(f"[activities] seeding {seeding} ...", file=sys.stderr)
                await prepare_database(db_url, DEMO_SEED)
                await seed_people(dsn, followers, rushing)
                url = await sandbox.ready()
                await register(url, [*followers, *rushing])  # each has a chat with the bot
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
                        "FLOOD_LIMIT": "0",
                        "LOG_LEVEL": "WARNING",
                        "DB_POOL_SIZE": "8",
                        "DB_MAX_OVERFLOW": "8",
                    },
                    # The benchmarks' runner of the same App, pacing at 30/s a bot only.
                    command=["-m", "benchmarks.run_bot", "--limits", "bot-wide"]
                    if args.bot_wide_limits
                    else ["-m", "bot.cli", "run"],
                )
                async with fleet, aiohttp.ClientSession() as session:
                    async with session.get(f"{url}/sandbox/stats") as r:
                        before = await r.json()
                    starts = datetime.now(UTC) + timedelta(minutes=16)
                    print("[activities] publishing in chat ...", file=sys.stderr)
                    activity_id, link_code = await publish_in_chat(url, starts)
                    # The link the coordinator was shown is the screen's code (good 1-2 min).
                    shown = activity_codes.decode(
                        link_code.removeprefix("ac_"), datetime.now(UTC), screen_key()
                    )
                    total = await announced(dsn, TIMEOUT)
                    samples = await watch(dsn, total, args.max_seconds)
                    async with session.get(f"{url}/sandbox/stats") as r:
                        after = await r.json()
                    print(
                        f"[activities] rush: {len(rushing)} in {args.within:g} s", file=sys.stderr
                    )
                    rushed = await rush(url, activity_id, rushing, args.within)
                    stored = await rows(dsn, activity_id)
            finally:
                sandbox.stop()
    published = figures(samples)
    published["announced_to"] = total
    published["http_429"] = after["rate_limited"] - before["rate_limited"]
    published["sandbox_sends"] = after["sends"] - before["sends"]
    rushed["checkin_rows"] = stored["checkins"]
    rushed["distinct_people"] = stored["people"]
    rushed["link_code_matches_screen"] = shown == activity_id
    return {
        "command": "python -m benchmarks.activities " + " ".join(sys.argv[1:]),
        "config": {
            "followers": args.followers,
            "rush": args.rush,
            "within_s": args.within,
            "workers": args.workers,
            "transports": kinds,
            "limits": "bot-wide" if args.bot_wide_limits else "telegram",
            "bound_per_s": BOUND,
        },
        "publish": published,
        "rush": rushed,
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--followers", type=int, default=5000)
    p.add_argument("--rush", type=int, default=500)
    p.add_argument("--within", type=float, default=60.0, help="seconds the rush is spread over")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--transport", choices=("ptb", "aiohttp"), default="ptb")
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
    return publish("activities", "activities", data, args.out, not args.no_docs)


if __name__ == "__main__":
    stop_on_sigterm()
    main()
