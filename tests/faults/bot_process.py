"""`civic-bot run` as a child process in polling mode, for the kill and stop tests.

Its log (at DEBUG, so `bot.trace` says which updates it started and finished) is
read as it comes; a test awaits what it needs from it (`until`) instead of sleeping.
Like `tests.e2e.workers`, the child gets the parent's environment without any
civic-bot setting, plus the test's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

from bot.settings import SANDBOX_TOKEN
from tests.e2e.workers import CLI, HANDLED, HANDLING, worker_env


class BotProcess:
    """One `civic-bot run` polling `api_url`; start it again with `start` after a stop."""

    def __init__(self, name: str, api_url: str, settings: Mapping[str, str], cwd: Path) -> None:
        self.name = name
        self.cwd = cwd
        self.env = worker_env(
            {
                "bot_api_url": api_url,
                "bot_token": SANDBOX_TOKEN,
                "send_limits": "off",
                "log_level": "DEBUG",
                "flood_limit": "0",  # scripted users type faster than people
                "sweep_interval": "3600",
                **settings,
            }
        )
        self.logs: list[list[str]] = []  # one log per run
        self._changed = asyncio.Condition()
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    @property
    def lines(self) -> list[str]:
        return [line for log in self.logs for line in log]

    async def start(self) -> None:
        log: list[str] = []
        self.logs.append(log)
        self._proc = await asyncio.create_subprocess_exec(
            CLI,
            "run",
            env=self.env,
            cwd=self.cwd,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._reader = asyncio.create_task(self._read(self._proc, log))

    async def _read(self, proc: asyncio.subprocess.Process, log: list[str]) -> None:
        assert proc.stdout is not None
        async for raw in proc.stdout:
            async with self._changed:
                log.append(raw.decode(errors="replace").rstrip())
                self._changed.notify_all()

    async def until(self, what: Callable[[BotProcess], bool], within: float = 20.0) -> None:
        """Until `what(self)` holds, judged on each new log line."""
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: what(self))

    async def stop(self, sig: int = signal.SIGTERM, grace: float = 20.0) -> int:
        """Signal the process, wait for it and the end of its log; its exit code."""
        proc, self._proc = self._proc, None
        assert proc is not None
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(sig)
        try:
            async with asyncio.timeout(grace):
                code = await proc.wait()
        except TimeoutError:
            proc.kill()
            code = await proc.wait()
        if self._reader is not None:
            await self._reader
        # Kept beside the test's tmp_path for a post-mortem.
        path = self.cwd / f"{self.name}-{len(self.logs)}.log"
        path.write_text("\n".join(self.logs[-1]) + f"\n(exit {code})\n")
        return code

    def handled(self, run: int | None = None) -> Counter[int]:
        """How often each update id was handled and marked done (in one run, or all)."""
        lines = self.lines if run is None else self.logs[run]
        return Counter(int(m.group(1)) for line in lines if (m := HANDLED.search(line)))

    def unfinished(self, run: int) -> set[int]:
        """Update ids that run started handling and never marked done."""
        lines = self.logs[run]
        begun = {int(m.group(1)) for line in lines if (m := HANDLING.search(line))}
        return begun - set(self.handled(run))

    def errors(self) -> list[str]:
        return [line for line in self.lines if " ERROR " in line or "Traceback" in line]
