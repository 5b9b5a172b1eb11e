"""`civic-bot` worker processes for the multi-worker tests: start, read logs, kill;
and `start_fleet`, several of them behind a round-robin proxy. Each is
`civic-bot run` in a process of its own, forked from one that has imported the bot
(tests/launcher.py)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.webhook_fleet import RoundRobinProxy
from bot.settings import SANDBOX_TOKEN
from storage.seed import seed_database
from tests.backends import PrivateServices
from tests.e2e.net import free_port
from tests.launcher import Launched, launch

READY = "webhook set"
HANDLED = re.compile(r"handled update (\d+) chat (-?\d+)")
HANDLING = re.compile(r"handling update (\d+) chat (-?\d+)")


class Worker:
    """One `civic-bot run` process; its log lines are kept as they come."""

    def __init__(self, name: str, env: dict[str, str], cwd: Path) -> None:
        self.name = name
        self.env = env
        self.cwd = cwd
        self.lines: list[str] = []
        self.ready = asyncio.Event()
        self.progressed = asyncio.Event()  # set at each update handled; the waiter clears it
        self._handled_ids: set[int] = set()
        self._awaited: dict[int, asyncio.Event] = {}  # update id -> set once it is handled
        self.proc: Launched | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.proc = await launch(["run"], self.env, self.cwd)
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        async for raw in self.proc.stdout:
            line = raw.decode(errors="replace").rstrip()
            self.lines.append(line)
            if READY in line:
                self.ready.set()
            if found := HANDLED.search(line):
                update_id = int(found.group(1))
                self._handled_ids.add(update_id)
                if (awaited := self._awaited.pop(update_id, None)) is not None:
                    awaited.set()
                self.progressed.set()

    async def stop(self, sig: int = signal.SIGTERM, grace: float = 20.0) -> int:
        """Signal the process and wait for it and its log to end; its exit code."""
        assert self.proc is not None
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(sig)
        try:
            async with asyncio.timeout(grace):
                code = await self.proc.wait()
        except TimeoutError:
            self.proc.kill()
            code = await self.proc.wait()
        if self._reader is not None:
            await self._reader
        self.progressed.set()  # nothing more will come: a waiter looks once more
        # Kept beside the test's tmp_path for a post-mortem.
        (self.cwd / f"{self.name}.log").write_text("\n".join(self.lines) + "\n")
        return code

    async def handled_update(self, update_id: int) -> None:
        """Return once this worker logged the update handled (its replies are sent by then)."""
        if update_id in self._handled_ids:
            return
        await self._awaited.setdefault(update_id, asyncio.Event()).wait()

    def handled(self) -> Counter[int]:
        """How many times this worker handled (and marked done) each update id."""
        return Counter(int(m.group(1)) for line in self.lines if (m := HANDLED.search(line)))

    def unfinished(self) -> dict[int, int]:
        """Updates this worker started but never marked done: update id -> chat id."""
        started = {
            int(m.group(1)): int(m.group(2)) for line in self.lines if (m := HANDLING.search(line))
        }
        return {u: chat for u, chat in started.items() if u not in self.handled()}

    def errors(self) -> list[str]:
        return [line for line in self.lines if " ERROR " in line or "Traceback" in line]


def worker_env(settings: dict[str, str]) -> dict[str, str]:
    """The parent's environment (PATH and the like) without any civic-bot setting, plus ours."""
    ours = {name.upper() for name in settings}
    env = {k: v for k, v in os.environ.items() if k.upper() not in ours}
    for name in ("DATABASE_URL", "REDIS_URL", "REDIS_PREFIX", "WEBHOOK_URL", "BOT_TOKEN"):
        env.pop(name, None)
    env.update({name.upper(): value for name, value in settings.items()})
    return env


SEED = Path(__file__).resolve().parents[2] / "data" / "demo-county.yaml"


@dataclass
class Fleet:
    """Webhook workers (one a transport) behind a round-robin proxy, on one database,
    Redis prefix and bot token, as production runs them behind nginx."""

    workers: list[Worker]
    proxy: RoundRobinProxy

    async def stop(self) -> list[int]:
        """Stop every worker still running (and the proxy); their exit codes."""
        codes = list(await asyncio.gather(*(w.stop() for w in self.workers)))  # at once
        await self.proxy.stop()
        return codes


async def start_fleet(
    bot_api_url: str,
    services: PrivateServices,
    cwd: Path,
    transports: Sequence[str],
    settings: dict[str, str],
) -> Fleet:
    """Seed the demo county, then start one worker a transport with ``settings`` on
    top of what they share; returns once every worker has set its webhook."""
    ports = [free_port() for _ in transports]
    proxy = RoundRobinProxy([f"http://127.0.0.1:{port}" for port in ports])
    await proxy.start()
    common = {
        "bot_token": SANDBOX_TOKEN,
        "bot_api_url": bot_api_url,
        "database_url": services.database_url,
        "redis_url": services.redis_url,
        "redis_prefix": services.prefix,
        "webhook_url": f"{proxy.url}/telegram",
        "send_limits": "off",
        **settings,
    }
    fleet = Fleet([], proxy)
    try:
        # What `civic-bot seed` runs, here in this process: a process of its own only
        # started Python and imported the app (seconds) before doing the same.
        await seed_database(services.database_url, SEED)
        fleet.workers = [
            Worker(
                f"w{n}",
                worker_env({**common, "transport": kind, "listen": f"127.0.0.1:{port}"}),
                cwd,
            )
            for n, (kind, port) in enumerate(zip(transports, ports, strict=True))
        ]
        await asyncio.gather(*(w.start() for w in fleet.workers))
        async with asyncio.timeout(60):
            await asyncio.gather(*(w.ready.wait() for w in fleet.workers))
    except BaseException:
        await fleet.stop()
        raise
    return fleet
