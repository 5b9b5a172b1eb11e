"""Benchmark 4, conversation state: Redis bytes per conversation, bot memory per conversation.

    python -m benchmarks.state [--redis-conversations 500] [--memory-conversations 10000]

1. Redis: the real bot (its own process, PostgreSQL + Redis) and residents who
   open the order flow: half stop at its first question (category), half walk
   it to the summary (the largest state: every answer is in it). Then
   `MEMORY USAGE key SAMPLES 0` over every `conv:` key, and the same for the
   other keys the bot keeps per update or per chat.
2. In process: the same bot with no REDIS_URL; `--memory-conversations`
   residents each send /order; the bot's RSS before and after.
3. The in-process store alone: `MemoryStateStore` filled with that many copies
   of the summary-step states from step 1, measured with tracemalloc.

Figures go to benchmarks/results/state.json and the table of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.agents import (
    CATEGORY,
    DETAILS,
    FOR_ME,
    PART,
    PHONE,
    SERVICE,
    STATION,
    WHEN,
    Chat,
    Sandbox,
    StepTimeout,
    Tally,
    reply_button,
    start_at_home,
    step,
    text_has,
)
from benchmarks.common import (
    JSON,
    add_output_options,
    memory_kb,
    publish,
    redis_url,
    spawn,
    spawn_sandbox,
    stop_on_sigterm,
)
from benchmarks.throughput import civic_env, wait_ready

RESIDENT_BASE = 700_000


async def to_summary(chat: Chat, tally: Tally, site: int) -> None:
    """/start site_N, then the order flow up to its summary (not confirmed)."""
    await start_at_home(chat, tally, site)
    ev = await step(chat, tally, "command", lambda: chat.send("/order"), text_has("哪一类服务"))
    ev = await step(chat, tally, "button", lambda: chat.press(ev, CATEGORY), text_has("具体服务"))
    ev = await step(chat, tally, "button", lambda: chat.press(ev, SERVICE), text_has("要说明"))
    ev = await step(chat, tally, "text", lambda: chat.send(DETAILS), text_has("在哪里"))
    home = reply_button(ev, "🏠")
    ev = await step(chat, tally, "text", lambda: chat.send(home), text_has("到站里来"))
    ev = await step(chat, tally, "button", lambda: chat.press(ev, STATION), text_has("什么时候"))
    ev = await step(chat, tally, "button", lambda: chat.press(ev, WHEN), text_has("哪个时段"))
    ev = await step(chat, tally, "button", lambda: chat.press(ev, PART), text_has("为谁"))
    ev = await step(chat, tally, "button", lambda: chat.press(ev, FOR_ME), text_has("联系电话"))
    await step(chat, tally, "contact", lambda: chat.contact(PHONE), text_has("请确认"))


async def open_order(chat: Chat, tally: Tally, _site: int) -> None:
    await step(chat, tally, "command", lambda: chat.send("/order"), text_has("哪一类服务"))


async def drive(url: str, users: list[int], points: list[int], play: Any, width: int) -> JSON:
    """Play `play(chat, tally, site)` for every user, `width` at a time."""
    tally = Tally()
    failures: list[str] = []
    slots = asyncio.Semaphore(width)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        sb = Sandbox(session, url)

        async def one(index: int, uid: int) -> None:
            async with slots:
                try:
                    await play(Chat(sb, uid, f"S{uid}"), tally, points[index % len(points)])
                except (StepTimeout, AssertionError) as error:
                    failures.append(str(error))

        t0 = time.monotonic()
        await asyncio.gather(*(one(i, uid) for i, uid in enumerate(users)))
        seconds = time.monotonic() - t0
    return {
        "users": len(users),
        "updates": tally.total_done,
        "seconds": round(seconds, 1),
        "failures": len(failures),
        "errors": failures[:5],
    }


async def redis_sizes(prefix: str, pattern: str) -> JSON:
    from redis.asyncio import Redis

    async with Redis.from_url(redis_url()) as client:
        keys = [key async for key in client.scan_iter(match=f"{prefix}{pattern}", count=1000)]
        sizes, lengths, values = [], [], []
        for key in keys:
            usage = await client.memory_usage(key, samples=0)
            if usage is None:
                continue
            sizes.append(int(usage))
            lengths.append(int(await client.strlen(key)) if pattern.startswith("conv") else 0)
            if pattern.startswith("conv"):
                values.append(await client.get(key))
    if not sizes:
        return {"keys": 0}
    out: JSON = {
        "keys": len(sizes),
        "memory_usage_mean": round(statistics.fmean(sizes), 1),
        "memory_usage_max": max(sizes),
        "memory_usage_total": sum(sizes),
    }
    if any(lengths):
        out["value_bytes_mean"] = round(statistics.fmean(lengths), 1)
        out["value_bytes_max"] = max(lengths)
        out["_values"] = values
    return out


async def redis_phase(args: argparse.Namespace, workdir: Path) -> JSON:
    logdir = workdir / "logs" / "redis"
    sandbox = spawn_sandbox("off", logdir)  # boots while the database is prepared
    try:
        async with civic_env("aiohttp", workdir, "redis") as (env, county):
            url = await sandbox.ready()
            bot = spawn("bot", ["-m", "benchmarks.run_bot"], {**env, "BOT_API_URL": url}, logdir)
            try:
                await wait_ready(url, True, bot)
                half = args.redis_conversations // 2
                first = [RESIDENT_BASE + i for i in range(half)]
                summary = [RESIDENT_BASE + half + i for i in range(args.redis_conversations - half)]
                prefix = str(env["REDIS_PREFIX"])
                driven = {
                    "first_step": await drive(url, first, county["points"], open_order, 100),
                }
                at_first = await redis_sizes(prefix, "conv:*")
                driven["summary_step"] = await drive(
                    url, summary, county["points"], to_summary, 100
                )
                every = await redis_sizes(prefix, "conv:*")
                others = {}
                # What the inbox keeps once every update was handled: the per-chat done ids.
                for name in ("inbox:*:done:*", "inbox*", "*"):
                    found = await redis_sizes(prefix, name)
                    found.pop("_values", None)
                    others[name] = found
            finally:
                bot.stop()
    finally:
        sandbox.stop()
    values = every.pop("_values", [])
    at_first.pop("_values", None)
    return {
        "driven": driven,
        "conv_first_step": at_first,
        "conv_all": every,
        "other_keys": others,
        "_values": values,
    }


async def memory_phase(args: argparse.Namespace, workdir: Path) -> JSON:
    logdir = workdir / "logs" / "memory"
    sandbox = spawn_sandbox("off", logdir)  # boots while the database is prepared
    try:
        async with civic_env("aiohttp", workdir, "memory") as (env, county):
            url = await sandbox.ready()
            bot = spawn("bot", ["-m", "benchmarks.run_bot"], {**env, "BOT_API_URL": url}, logdir)
            try:
                await wait_ready(url, True, bot)
                # Warm the bot up first (imports, pools, caches) so `before` is its
                # steady size; then let the allocator settle before each reading.
                warm = [RESIDENT_BASE + 500_000 + i for i in range(args.warm)]
                await drive(url, warm, county["points"], open_order, 100)
                await asyncio.sleep(args.settle)
                before = memory_kb(bot.pid)
                users = [RESIDENT_BASE + 600_000 + i for i in range(args.memory_conversations)]
                driven = await drive(url, users, county["points"], open_order, 200)
                await asyncio.sleep(args.settle)
                after = memory_kb(bot.pid)
            finally:
                bot.stop()
    finally:
        sandbox.stop()
    grown = (after["VmRSS"] - before["VmRSS"]) * 1024
    return {
        "driven": driven,
        "rss_before_kb": before["VmRSS"],
        "rss_after_kb": after["VmRSS"],
        "peak_rss_kb": after["VmHWM"],
        "rss_bytes_per_conversation": round(grown / max(1, args.memory_conversations), 1),
    }


async def store_only(values: list[bytes], count: int) -> JSON:
    """MemoryStateStore holding `count` summary-step states, by tracemalloc."""
    from domain.ports.state import StateKey
    from storage.state_codec import decode_state
    from storage.state_memory import MemoryStateStore

    if not values:
        return {}
    states = [decode_state(v) for v in values]
    deepest = max(states, key=lambda s: len(s.data))
    store = MemoryStateStore(ttl=86_400.0)
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for i in range(count):
        await store.put(StateKey(1000001, 5_000_000 + i, 5_000_000 + i), deepest, None)
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    return {
        "conversations": count,
        "step": deepest.step,
        "bytes_per_conversation": round(used / count, 1),
        "total_mb": round(used / 1e6, 2),
    }


async def run(args: argparse.Namespace) -> JSON:
    with tempfile.TemporaryDirectory(prefix="civic-bench-") as tmp:
        workdir = Path(tmp)
        print("[state] Redis ...", file=sys.stderr, flush=True)
        redis = await redis_phase(args, workdir)
        values = redis.pop("_values")
        print(f"[state] Redis: {redis['conv_all']}", file=sys.stderr, flush=True)
        print("[state] in process ...", file=sys.stderr, flush=True)
        memory = await memory_phase(args, workdir)
        print(f"[state] in process: {memory}", file=sys.stderr, flush=True)
    store = await store_only(values, args.memory_conversations)
    return {
        "command": "python -m benchmarks.state " + " ".join(sys.argv[1:]),
        "config": {
            "redis_conversations": args.redis_conversations,
            "memory_conversations": args.memory_conversations,
        },
        "redis": redis,
        "memory_bot": memory,
        "memory_store": store,
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--redis-conversations", type=int, default=500)
    p.add_argument("--memory-conversations", type=int, default=10_000)
    p.add_argument("--warm", type=int, default=200, help="residents before the RSS baseline")
    p.add_argument("--settle", type=float, default=1.0, help="seconds before each RSS reading")
    add_output_options(p)
    return p


def main(argv: list[str] | None = None) -> JSON:
    args = parser().parse_args(argv)
    data = asyncio.run(run(args))
    return publish("state", "state", data, args.out, not args.no_docs)


if __name__ == "__main__":
    stop_on_sigterm()
    main()
