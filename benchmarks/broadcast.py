"""Benchmark 5, the broadcast bound: offers to many volunteers under Telegram's limits.

    python -m benchmarks.broadcast [--volunteers 5000] [--transports ptb,aiohttp]

A sandbox process enforces Telegram's limits (`--limits telegram`: about 30
messages a second per bot, 1 a second per chat with a burst of 3, answering
429 with retry_after past them). `--volunteers` chats start the bot; then the
transport's own `Messenger` (made by `bot.transports.factory.make_transport`
with the default limits, as `civic-bot run` has them) pushes one offer with
Accept / Decline buttons to each, 100 sends in flight. Reported: messages a
second (overall, and in the steady state after the first second's burst)
against the 30/s bound, and the 429 answers the sandbox gave.

Figures go to benchmarks/results/broadcast.json and the table of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from benchmarks.agents import Chat, Sandbox
from benchmarks.common import (
    JSON,
    SANDBOX_TOKEN,
    add_output_options,
    percentiles,
    publish,
    start_sandbox,
    stop_on_sigterm,
)

TRANSPORTS = ("ptb", "aiohttp")
VOLUNTEER_BASE = 600_000
BOUND = 30.0
IN_FLIGHT = 100
OFFER = (
    "新订单 #{n}：爱心义剪\n地点：大桥社区新时代文明实践站\n时间：明天\n"
    "说明：老人腿脚不便，请上门理发"
)


async def register(url: str, users: list[int]) -> None:
    """Each volunteer writes to the bot once (the bot may only write to who did)."""
    slots = asyncio.Semaphore(100)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        sb = Sandbox(session, url)

        async def one(uid: int) -> None:
            async with slots:
                await Chat(sb, uid, f"V{uid}").send("/start")

        await asyncio.gather(*(one(uid) for uid in users))


async def push(url: str, transport_name: str, users: list[int]) -> JSON:
    from pydantic import SecretStr

    from bot.settings import Settings
    from bot.transports.factory import make_transport
    from handlers.kit.ports import Button, InlineKeyboard, MessengerError

    settings = Settings(  # type: ignore[call-arg]  # pydantic-settings' _env_file
        _env_file=None,
        transport=transport_name,  # type: ignore[arg-type]
        bot_api_url=url,
        bot_token=SecretStr(SANDBOX_TOKEN),
    )
    transport = make_transport(settings)  # Telegram's limits, as `civic-bot run`
    await transport.start()
    messenger = transport.messenger
    done: list[float] = []
    failed: list[str] = []
    slots = asyncio.Semaphore(IN_FLIGHT)

    async def one(n: int, uid: int) -> None:
        markup = InlineKeyboard(((Button("✅ 接单", f"o:{n}:a"), Button("不接", f"o:{n}:d")),))
        async with slots:
            try:
                await messenger.send(uid, OFFER.format(n=n), markup)
                done.append(time.monotonic())
            except MessengerError as error:
                failed.append(repr(error))

    try:
        t0 = time.monotonic()
        await asyncio.gather(*(one(n, uid) for n, uid in enumerate(users, 1)))
        seconds = time.monotonic() - t0
    finally:
        await transport.close()
    done.sort()
    # Steady state: from the end of the first second (the bucket's burst) to the last send.
    steady = [t for t in done if t - t0 >= 1.0]
    steady_rate = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else 0.0
    gaps = [b - a for a, b in itertools.pairwise(steady)]
    return {
        "sent": len(done),
        "failed": len(failed),
        "errors": failed[:5],
        "seconds": round(seconds, 2),
        "messages_per_s": round(len(done) / seconds, 2),
        "steady_messages_per_s": round(steady_rate, 2),
        "share_of_bound": round(steady_rate / BOUND, 3),
        "gap_ms": percentiles(gaps),
    }


async def run_one(transport: str, volunteers: int, workdir: Path) -> JSON:
    sandbox, url = await start_sandbox("telegram", workdir / "logs" / transport)
    try:
        users = [VOLUNTEER_BASE + i for i in range(volunteers)]
        await register(url, users)
        async with aiohttp.ClientSession() as session:
            before = await Sandbox(session, url).get("stats")
            result = await push(url, transport, users)
            after = await Sandbox(session, url).get("stats")
        result["http_429"] = after["rate_limited"] - before["rate_limited"]
        result["sandbox_sends"] = after["sends"] - before["sends"]
        return result
    finally:
        sandbox.stop()


async def run(args: argparse.Namespace) -> JSON:
    transports = [t for t in args.transports.split(",") if t]
    if set(transports) - set(TRANSPORTS):
        raise SystemExit(f"transports are {TRANSPORTS}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="civic-bench-") as tmp:
        for transport in transports:
            print(f"[broadcast] {transport}: {args.volunteers} offers ...", file=sys.stderr)
            results[transport] = await run_one(transport, args.volunteers, Path(tmp))
            print(f"[broadcast] {transport}: {results[transport]}", file=sys.stderr)
    return {
        "command": "python -m benchmarks.broadcast " + " ".join(sys.argv[1:]),
        "config": {"volunteers": args.volunteers, "bound_per_s": BOUND, "in_flight": IN_FLIGHT},
        "transports": results,
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--volunteers", type=int, default=5000)
    p.add_argument("--transports", default=",".join(TRANSPORTS))
    add_output_options(p)
    return p


def main(argv: list[str] | None = None) -> JSON:
    args = parser().parse_args(argv)
    data = asyncio.run(run(args))
    return publish("broadcast", "broadcast", data, args.out, not args.no_docs)


if __name__ == "__main__":
    stop_on_sigterm()
    main()
