"""Benchmark 2, reply latency in an open loop: residents arrive at a fixed rate.

    python -m benchmarks.latency [--rate 100] [--think 1.0] [--duration 30]
                                 [--transports ptb,aiohttp]

New residents arrive evenly spaced so that about `--rate` updates a second reach
the bot (a session is `/start site_N`, the 8 updates of the /order flow and the
volunteer's Accept); each thinks 0.5x-1.5x `--think` seconds before each answer.
The latency of an update is measured by the sandbox: from the injected update's
``at`` to the ``at`` of the bot's expected reply in the chat's event log, both on
the sandbox's clock, so the generator's own HTTP round trips are not in it. The
round trip as the generator sees it (inject POST to the long poll returning) is
reported beside it, with its "harness floor" (the same two round trips with no
bot involved, measured during the run). Same process layout as
benchmarks/throughput.py.

Figures go to benchmarks/results/latency.json and the table of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from benchmarks.common import JSON, add_bot_options, add_output_options, publish, stop_on_sigterm
from benchmarks.throughput import run_variant

TRANSPORTS = ("ptb", "aiohttp")


async def run(args: argparse.Namespace) -> JSON:
    transports = [t for t in args.transports.split(",") if t]
    if set(transports) - set(TRANSPORTS):
        raise SystemExit(f"transports are {TRANSPORTS}")
    load = {"mode": "open", "rate": args.rate, "think": args.think, "probe": True}
    results: dict[str, JSON] = {}
    with tempfile.TemporaryDirectory(prefix="civic-bench-") as tmp:
        for transport in transports:
            variant = f"civic_{transport}"
            print(f"[latency] {variant} at {args.rate:g} updates/s ...", file=sys.stderr)
            result = await run_variant(variant, args, Path(tmp), load)
            results[variant] = result
            print(
                f"[latency] {variant}: {result['updates_per_s']} updates/s, "
                f"latency (sandbox) {result['latency_ms']}, round trip p99 "
                f"{result['round_trip_ms'].get('p99')} ms, floor p99 "
                f"{result['harness_floor_ms'].get('p99')} ms, failures {result['failures']}",
                file=sys.stderr,
            )
    return {
        "command": "python -m benchmarks.latency " + " ".join(sys.argv[1:]),
        "config": {
            "rate": args.rate,
            "think_s": args.think,
            "warmup_s": args.warmup,
            "duration_s": args.duration,
            "state": args.state,
        },
        "variants": results,
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rate", type=float, default=100.0, help="updates a second, offered")
    p.add_argument("--think", type=float, default=1.0, help="mean think time, seconds")
    p.add_argument("--duration", type=float, default=30.0, help="measured seconds")
    p.add_argument("--warmup", type=float, default=10.0)
    p.add_argument("--max-updates", type=int, default=1_000_000, help="bound per transport")
    p.add_argument("--transports", default=",".join(TRANSPORTS))
    add_bot_options(p, "pyinstrument the bot")
    add_output_options(p)
    return p


def main(argv: list[str] | None = None) -> JSON:
    args = parser().parse_args(argv)
    args.users = None  # open loop: arrivals, not a fixed population
    args.bench = "latency"
    data = asyncio.run(run(args))
    name = "latency-profiled" if args.profile else "latency"
    return publish("latency", name, data, args.out, not args.no_docs and not args.profile)


if __name__ == "__main__":
    stop_on_sigterm()
    main()
