"""`civic-bot run` as a child process in polling mode, for the kill and stop tests
(forked from a process that has imported the bot: tests/launcher.py).

Its log (at DEBUG, so `bot.trace` says which updates it started and finished) is
read as it comes; a test awaits what it needs from it (`until`) instead of sleeping.
The trace is tallied as each line comes, so `until` judges each new line without
reading the whole log again (that was quadratic in a backlog of hundreds).
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
from tests.e2e.workers import HANDLED, HANDLING, worker_env
from tests.launcher import Launched, launch


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
        self._handled: list[Counter[int]] = []  # per run: update id -> times handled
        self._begun: list[set[int]] = []  # per run: update ids it started handling
        self._all_handled: Counter[int] = Counter()  # every run's, summed
        self._changed = asyncio.Condition()
        self._proc: Launched | None = None
        self._reader: asyncio.Task[None] | None = None

    @property
    def lines(self) -> list[str]:
        return [line for log in self.logs for line in log]

    async def start(self) -> None:
        log: list[str] = []
        self.logs.append(log)
        self._handled.append(Counter())
        self._begun.append(set())
        self._proc = await launch(["run"], self.env, self.cwd)
        self._reader = asyncio.create_task(self._read(self._proc, len(self.logs) - 1))

    async def _read(self, proc: Launched, run: int) -> None:
        assert proc.stdout is not None
        async for raw in proc.stdout:
            line = raw.decode(errors="replace").rstrip()
            if m := HANDLED.search(line):
                self._handled[run][int(m.group(1))] += 1
                self._all_handled[int(m.group(1))] += 1
            elif m := HANDLING.search(line):
                self._begun[run].add(int(m.group(1)))
            async with self._changed:
                self.logs[run].append(line)
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
        return Counter(self._all_handled if run is None else self._handled[run])

    def handled_count(self, run: int) -> int:
        """How many distinct updates that run handled (cheap: judged on every line)."""
        return len(self._handled[run])

    def handled_all(self, ids: set[int]) -> bool:
        """Whether every one of `ids` was handled, in any run."""
        done = self._all_handled
        return all(update_id in done for update_id in ids)

    def unfinished(self, run: int) -> set[int]:
        """Update ids that run started handling and never marked done."""
        return self._begun[run] - set(self._handled[run])

    def errors(self) -> list[str]:
        return [line for line in self.lines if " ERROR " in line or "Traceback" in line]
