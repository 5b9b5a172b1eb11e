"""`civic-bot` worker processes for the multi-worker test: start, read logs, kill."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections import Counter
from pathlib import Path

CLI = str(Path(sys.executable).with_name("civic-bot"))
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
        self.proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            CLI,
            "run",
            env=self.env,
            cwd=self.cwd,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        async for raw in self.proc.stdout:
            line = raw.decode(errors="replace").rstrip()
            self.lines.append(line)
            if READY in line:
                self.ready.set()
            if HANDLED.search(line):
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
