"""Benchmark 1, throughput in a closed loop: civic-bot against the bare bots, one run.

    python -m benchmarks.throughput [--users 200] [--duration 20] [--warmup 5]
                                    [--variants bare_raw,bare_ptb_httpx,...] [--profile]

Each variant gets a fresh sandbox process (`--limits off`), the bot as its own
process, and the load generator (benchmarks/loadgen.py) as a third. The bare
bots answer each message with one sendMessage (ping); civic-bot gets N
residents running the whole /order flow back to back while one volunteer per
point accepts every offer, on PostgreSQL and Redis (a database and a key
prefix of its own, removed afterwards). `bare_raw` runs first: it is the
ceiling of the generator and the sandbox.

Figures go to benchmarks/results/throughput.json and the table of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.agents import Chat, Sandbox, StepTimeout, any_send
from benchmarks.common import (
    RESULTS,
    SANDBOX_TOKEN,
    Child,
    add_bot_options,
    add_output_options,
    load_county,
    memory_kb,
    pg_database,
    prepare_database,
    publish,
    redis_prefix,
    redis_url,
    spawn,
    spawn_sandbox,
    stop_on_sigterm,
)

JSON = dict[str, Any]
VARIANTS = ("bare_raw", "bare_ptb_httpx", "bare_ptb_aiohttp", "civic_ptb", "civic_aiohttp")
READY_USER = 799_998
# civic-bot variant -> the bare bot on the same transport
SAME_TRANSPORT = {"civic_ptb": "bare_ptb_aiohttp", "civic_aiohttp": "bare_raw"}


async def wait_ready(url: str, civic: bool, bot: Child, timeout: float = 60.0) -> None:  # noqa: ASYNC109
    """The bot answers a message: it is polling and everything behind it is up."""
    async with aiohttp.ClientSession() as session:
        chat = Chat(Sandbox(session, url), READY_USER, "Ready")
        await chat.send("/start" if civic else "ready?")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not bot.alive():
                raise RuntimeError(f"{bot.name} exited:\n{bot.tail()}")
            try:
                await chat.wait(any_send, timeout=2.0)
                return
            except StepTimeout:
                continue
    raise RuntimeError(f"{bot.name} did not answer within {timeout:g} s:\n{bot.tail()}")


@asynccontextmanager
async def civic_env(
    transport: str, workdir: Path, state: str = "redis"
) -> AsyncIterator[tuple[dict[str, str | None], JSON]]:
    """Settings for run_bot.py on a fresh database and Redis prefix, and the county.

    `state="memory"` leaves REDIS_URL unset: the in-process state store.
    `state="embedded"` is the no-services default: no Redis, SQLite in `workdir`.
    """
    county = load_county(workdir / "load-county.yaml")
    async with AsyncExitStack() as stack:
        if state == "embedded":
            db_url = f"sqlite+aiosqlite:///{workdir / f'bench-{transport}.db'}"
        else:
            db_url = await stack.enter_async_context(pg_database())
        prefix = await stack.enter_async_context(redis_prefix())
        await prepare_database(db_url, workdir / "load-county.yaml")
        env = {
            "DATABASE_URL": db_url,
            "REDIS_URL": redis_url() if state == "redis" else None,
            "REDIS_PREFIX": prefix,
            "TRANSPORT": transport,
            "BOT_TOKEN": SANDBOX_TOKEN,
            "LOG_LEVEL": "WARNING",
            # Load users send back to back, faster than the per-user flood limit allows.
            "FLOOD_LIMIT": "0",
        }
        yield env, county


async def run_variant(
    variant: str, args: argparse.Namespace, workdir: Path, load: JSON | None = None
) -> JSON:
    """One bot variant with its own sandbox; `load` overrides the generator's config
    (latency.py makes it an open loop)."""
    logdir = workdir / "logs" / variant
    async with AsyncExitStack() as stack:
        booting = spawn_sandbox("off", logdir)  # boots while the database is prepared
        sandbox = booting.child
        stack.callback(sandbox.stop)
        civic = variant.startswith("civic_")
        county: JSON = {}
        env: dict[str, str | None] = {}
        if civic:
            env, county = await stack.enter_async_context(
                civic_env(variant.removeprefix("civic_"), workdir, args.state)
            )
        url = await booting.ready()
        if civic:
            bot_args = ["-m", "benchmarks.run_bot", "--max-seconds", str(args.max_seconds)]
            if args.profile:
                prefix = RESULTS / "profiles" / f"{args.bench}-{variant}"
                bot_args += ["--profile", str(prefix)]
            bot = spawn("bot", bot_args, {**env, "BOT_API_URL": url}, logdir)
        elif variant == "bare_raw":
            bot_args = ["-m", "benchmarks.bare_raw", "--api", url]
            bot = spawn("bot", [*bot_args, "--max-seconds", str(args.max_seconds)], {}, logdir)
        else:
            request = variant.removeprefix("bare_ptb_")
            bot_args = ["-m", "benchmarks.bare_ptb", "--api", url, "--request", request]
            bot = spawn("bot", [*bot_args, "--max-seconds", str(args.max_seconds)], {}, logdir)
        stack.callback(bot.stop)
        await wait_ready(url, civic, bot)
        config = {
            "api": url,
            "scenario": "civic" if civic else "ping",
            "mode": "closed",
            "users": args.users,
            "warmup": args.warmup,
            "duration": args.duration,
            "max_updates": args.max_updates,
            "pids": {"bot": bot.pid, "sandbox": sandbox.pid},
            "profile_pid": bot.pid if (civic and args.profile) else None,
            "points": county.get("points", []),
            "acceptors": list(county.get("acceptors", {}).values()),
            "people": county.get("people", []),
            "probe": True,
            **(load or {}),
        }
        result = await run_loadgen(config, workdir / f"{variant}", logdir)
        result["bot_memory_kb"] = memory_kb(bot.pid) if bot.alive() else {}
        result["bot"] = " ".join(bot_args[:2])
        return result


async def run_loadgen(config: JSON, stem: Path, logdir: Path) -> JSON:
    config_path, out_path = stem.with_suffix(".config.json"), stem.with_suffix(".out.json")
    config_path.write_text(json.dumps(config), encoding="utf-8")
    gen = spawn(
        "loadgen", ["-m", "benchmarks.loadgen", str(config_path), str(out_path)], {}, logdir
    )
    limit = float(config["warmup"]) + float(config["duration"]) + 180.0
    with contextlib.suppress(subprocess.TimeoutExpired):
        await asyncio.to_thread(gen.proc.wait, limit)
    if gen.alive():
        gen.stop(2.0)
        raise RuntimeError(f"the load generator overran {limit:g} s:\n{gen.tail()}")
    if gen.proc.returncode != 0 or not out_path.exists():
        raise RuntimeError(f"the load generator failed:\n{gen.tail()}")
    result: JSON = json.loads(out_path.read_text(encoding="utf-8"))
    return result


def ratios(results: dict[str, JSON]) -> JSON:
    def rate(name: str, key: str = "updates_per_s") -> float | None:
        value = results.get(name, {}).get(key)
        return float(value) if value else None

    out: JSON = {}
    for civic, bare in SAME_TRANSPORT.items():
        if rate(civic) and rate(bare):
            out[f"{civic}/{bare}"] = round(rate(civic) / rate(bare), 3)  # type: ignore[operator]
    if rate("civic_ptb") and rate("bare_ptb_httpx"):
        out["civic_ptb/bare_ptb_httpx"] = round(rate("civic_ptb") / rate("bare_ptb_httpx"), 2)  # type: ignore[operator]
    if rate("bare_ptb_aiohttp") and rate("bare_ptb_httpx"):
        out["bare_ptb_aiohttp/bare_ptb_httpx"] = round(
            rate("bare_ptb_aiohttp") / rate("bare_ptb_httpx"),  # type: ignore[operator]
            2,
        )
    return out


async def run(args: argparse.Namespace) -> JSON:
    variants = [v for v in args.variants.split(",") if v]
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        raise SystemExit(f"unknown variants {sorted(unknown)}; choose from {VARIANTS}")
    results: dict[str, JSON] = {}
    with tempfile.TemporaryDirectory(prefix="civic-bench-") as tmp:
        workdir = Path(tmp)
        for variant in variants:
            print(f"[throughput] {variant} ...", file=sys.stderr, flush=True)
            results[variant] = await run_variant(variant, args, workdir)
            r = results[variant]
            print(
                f"[throughput] {variant}: {r['updates_per_s']} updates/s, "
                f"{r['api_calls_per_s']} calls/s, p99 {r['latency_ms'].get('p99')} ms, "
                f"cpu {r['cpu_utilisation']}, failures {r['failures']}",
                file=sys.stderr,
                flush=True,
            )
    return {
        "command": "python -m benchmarks.throughput " + " ".join(sys.argv[1:]),
        "config": {
            "users": args.users,
            "warmup_s": args.warmup,
            "duration_s": args.duration,
            "variants": variants,
            "state": args.state,
            "profiled": args.profile,
        },
        "variants": results,
        "ratios": ratios(results),
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--duration", type=float, default=20.0, help="measured seconds per variant")
    p.add_argument("--warmup", type=float, default=5.0)
    p.add_argument("--max-updates", type=int, default=1_000_000, help="bound per variant")
    p.add_argument("--variants", default=",".join(VARIANTS))
    add_bot_options(p, "pyinstrument the civic-bot variants")
    add_output_options(p)
    return p


def main(argv: list[str] | None = None) -> JSON:
    args = parser().parse_args(argv)
    name = "throughput-profiled" if args.profile else "throughput"
    args.bench = "throughput"
    data = asyncio.run(run(args))
    return publish("throughput", name, data, args.out, not args.no_docs and not args.profile)


if __name__ == "__main__":
    stop_on_sigterm()
    main()
