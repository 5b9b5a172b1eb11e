"""Benchmark 6, recovery: how soon replies come back after a fault, and what it cost.

    python -m benchmarks.recovery [--scenarios postgres,redis,botapi] [--users 12]
                                  [--pg-down 6] [--api-down 15] [--before 3] [--after 5]

Run from the repository root: it reuses the fault suite's own servers
(`tests/faults`: a private PostgreSQL cluster and a private Redis, both started in
temporary folders, and the fault-injecting Bot API stand-in), so it never touches
the machine's shared services. It needs `redis-server` and `initdb` installed.

For each scenario the bot (in this process, polling the sandbox through the
stand-in, on the private PostgreSQL and Redis) serves `--users` residents who each
send /start once a second, before, during and after the fault:

- postgres: the cluster is stopped for `--pg-down` s, then started again;
- redis: the Redis is restarted (SIGTERM, start; AOF on, as docs/deploy.md requires);
- botapi: every Bot API method answers 500 for `--api-down` s.

Then it waits until every /start has its greeting (the message with the menu's
buttons) and the inbox is empty, and reports the time from the end of the fault
to the first greeting sent after it (on the sandbox's clock), the updates lost
(fewer greetings than /starts in a chat) and doubled (more), and the "briefly
unavailable" notices. Figures go to benchmarks/results/recovery.json and the
recovery table of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from pydantic import SecretStr

from benchmarks.common import DEMO_SEED, JSON, add_output_options, publish, unique
from bot.app import App
from bot.settings import SANDBOX_TOKEN, Settings
from bot.transports.ratelimit import RateLimits
from sandbox import Limits, SandboxClient, SandboxServer, SimUser
from sandbox.transcript import ChatMessage
from storage.seed import seed_database
from tests.faults import binaries
from tests.faults.botapi import Fault, FaultyBotApi
from tests.faults.postgres_cluster import PrivateCluster
from tests.faults.redis_server import PrivateRedis

SCENARIOS = ("postgres", "redis", "botapi")
UNAVAILABLE = "服务暂时繁忙"  # delivery-unavailable, zh-CN
SETTLE = 120.0  # seconds every reply may take after the load ends


@dataclass
class Backends:
    cluster: PrivateCluster
    redis: PrivateRedis
    template: str = ""  # the seeded database each scenario's is copied from


@contextlib.asynccontextmanager
async def backends(folder: Path) -> AsyncIterator[Backends]:
    cluster = PrivateCluster(binaries.postgres_bin())
    redis = PrivateRedis(binaries.redis_server(), folder / "redis")
    try:
        # initdb and redis-server start side by side: neither needs the other.
        await asyncio.gather(asyncio.to_thread(cluster.create), redis.start(persistent=True))
        yield Backends(cluster, redis, await seeded_template(cluster))
    finally:
        await redis.stop(kill=True)
        await asyncio.to_thread(cluster.destroy)


async def seeded_template(cluster: PrivateCluster) -> str:
    """A database on the cluster migrated and seeded with the demo county once a run,
    for every scenario to copy (`fresh_database`); its name. Nothing stays connected
    to it: PostgreSQL copies only a database no one is using."""
    name = unique("civic_recovery_seeded")
    await _create(cluster, name, "template1")
    await seed_database(cluster.url(name), DEMO_SEED)
    return name


async def fresh_database(cluster: PrivateCluster, template: str) -> str:
    """A scenario's own database, a copy of the seeded `template`: the same county as
    migrating and seeding it again, for a fraction of the CPU."""
    name = unique("civic_recovery")
    await _create(cluster, name, template)
    return cluster.url(name)


async def _create(cluster: PrivateCluster, name: str, template: str) -> None:
    admin = await asyncpg.connect(cluster.dsn(), timeout=10)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        await admin.close()


async def greeted(user: SimUser) -> None:
    await user.command("start")
    await user.expect(lambda m: bool(m.buttons), timeout=30)


async def load(users: list[SimUser], sent: dict[int, int], stop: asyncio.Event) -> None:
    """Each user sends /start once a second (spread over the second) until `stop`."""
    step = 1.0 / len(users)
    while not stop.is_set():
        for user in users:
            await user.command("start")
            sent[user.id] += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), step)
            if stop.is_set():
                return


async def greetings_by_user(users: list[SimUser]) -> dict[int, int]:
    return {u.id: sum(bool(m.buttons) for m in await u.transcript()) for u in users}


async def settled(app: App, users: list[SimUser], expected: dict[int, int]) -> dict[int, int]:
    """Once every user has `expected` greetings in all and the inbox is empty (or
    SETTLE passed): greetings by user."""
    deadline = time.monotonic() + SETTLE
    while True:
        got = await greetings_by_user(users)
        empty = not await app.state.inbox.chats(app.settings.bot_id)
        if (empty and all(got[k] >= n for k, n in expected.items())) or time.monotonic() > deadline:
            return got
        await asyncio.sleep(0.2)  # polling the sandbox's transcripts: nothing to await


async def scenario(name: str, args: argparse.Namespace, back: Backends) -> JSON:
    url = await fresh_database(back.cluster, back.template)
    async with (
        SandboxServer(limits=Limits.relaxed()) as server,
        FaultyBotApi(server.url) as api,
        SandboxClient(server.url) as sb,
    ):
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            bot_api_url=api.url,
            bot_token=SecretStr(SANDBOX_TOKEN),
            database_url=url,
            redis_url=back.redis.url,
            redis_prefix=unique("rec"),
            transport=args.transport,
            flood_limit=0,
            sweep_interval=3600.0,
        )
        # The copy is at the head revision already.
        app = await App.create(settings, limits=RateLimits.unlimited(), migrate=False)
        stop = asyncio.Event()
        running = asyncio.create_task(app.run(stop))
        try:
            users = [sb.user(800900 + n, f"居民{n}") for n in range(args.users)]
            await asyncio.gather(*(greeted(u) for u in users))  # past the first-contact notice
            before = await greetings_by_user(users)
            sent = dict.fromkeys(before, 0)
            done = asyncio.Event()
            loading = asyncio.create_task(load(users, sent, done))
            await asyncio.sleep(args.before)  # the load runs: this is its length
            fault_s, fault_end = await FAULTS[name](args, back, api)
            await asyncio.sleep(args.after)
            done.set()
            await loading
            got = await settled(app, users, {k: before[k] + n for k, n in sent.items()})
        finally:
            api.clear()
            stop.set()
            await running
            await app.close()
        greetings = {k: got[k] - before[k] for k in got}
        sends: list[float] = []  # when each greeting was sent after the fault
        notices = 0
        for user in users:
            for event in await user.history():
                if not isinstance(event, ChatMessage) or event.kind != "send":
                    continue
                if event.buttons and event.at >= fault_end:
                    sends.append(event.at)
                notices += UNAVAILABLE in (event.text or "")
    first = round(min(sends) - fault_end, 3) if sends else None
    return {
        "fault_s": round(fault_s, 2),
        "updates": sum(sent.values()),
        "lost": sum(max(0, sent[k] - greetings[k]) for k in sent),
        "doubled": sum(max(0, greetings[k] - sent[k]) for k in sent),
        "first_reply_after_s": first,
        "unavailable_notices": notices,
        "api_faulted": sum(api.tally.faulted.values()),
    }


FaultStep = Callable[[argparse.Namespace, Backends, FaultyBotApi], Awaitable[tuple[float, float]]]


async def postgres_down(
    args: argparse.Namespace, back: Backends, api: FaultyBotApi
) -> tuple[float, float]:
    began = time.monotonic()
    await back.cluster.stop()
    await asyncio.sleep(args.pg_down)  # the outage's length
    await back.cluster.start()
    end = time.monotonic()
    return end - began, end


async def redis_restarted(
    args: argparse.Namespace, back: Backends, api: FaultyBotApi
) -> tuple[float, float]:
    began = time.monotonic()
    await back.redis.restart()
    end = time.monotonic()
    return end - began, end


async def botapi_500(
    args: argparse.Namespace, back: Backends, api: FaultyBotApi
) -> tuple[float, float]:
    began = time.monotonic()
    api.inject("*", Fault.error(500), seconds=args.api_down)
    await asyncio.sleep(args.api_down)  # the rule's own length
    return time.monotonic() - began, time.monotonic()


FAULTS: dict[str, FaultStep] = {
    "postgres": postgres_down,
    "redis": redis_restarted,
    "botapi": botapi_500,
}


async def run(args: argparse.Namespace) -> JSON:
    chosen = [s for s in args.scenarios.split(",") if s]
    if set(chosen) - set(SCENARIOS):
        raise SystemExit(f"scenarios are {SCENARIOS}")
    results: dict[str, JSON] = {}
    with tempfile.TemporaryDirectory(prefix="civic-recovery-") as tmp:
        async with backends(Path(tmp)) as back:
            for name in chosen:
                print(f"[recovery] {name} ...", file=sys.stderr)
                results[name] = await scenario(name, args, back)
                print(f"[recovery] {name}: {results[name]}", file=sys.stderr)
    return {
        "command": "python -m benchmarks.recovery " + " ".join(sys.argv[1:]),
        "config": {
            "users": args.users,
            "transport": args.transport,
            "pg_down_s": args.pg_down,
            "api_down_s": args.api_down,
            "before_s": args.before,
            "after_s": args.after,
        },
        "scenarios": results,
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scenarios", default=",".join(SCENARIOS))
    p.add_argument("--users", type=int, default=12, help="residents, each 1 /start a second")
    p.add_argument("--transport", choices=["ptb", "aiohttp"], default="aiohttp")
    p.add_argument("--pg-down", type=float, default=6.0, help="seconds PostgreSQL is stopped")
    p.add_argument("--api-down", type=float, default=15.0, help="seconds of Bot API 500s")
    p.add_argument("--before", type=float, default=3.0, help="seconds of load before the fault")
    p.add_argument("--after", type=float, default=5.0, help="seconds of load after it")
    add_output_options(p)
    return p


def main(argv: list[str] | None = None) -> JSON:
    args = parser().parse_args(argv)
    data = asyncio.run(run(args))
    return publish("recovery", "recovery", data, args.out, not args.no_docs)


if __name__ == "__main__":
    main()
