"""civic-bot as its own process for the benchmarks: `civic-bot run` without the
outgoing rate limits (the sandbox runs with `--limits off`; the limits are the
broadcast benchmark's subject, not this one's).

Settings come from the environment exactly as for `civic-bot run` (BOT_API_URL,
BOT_TOKEN, DATABASE_URL, REDIS_URL, REDIS_PREFIX, TRANSPORT)::

    python -m benchmarks.run_bot [--profile out/prefix] [--max-seconds 900]

`--limits bot-wide` paces what the bot sends at its 30/s a bot only (shared through
Redis by every worker, as `civic-bot run` does), not at a chat's 1/s: for the smoke
runs of the multi-worker benchmarks, whose coordinator otherwise waits a second a step.

With `--profile`, pyinstrument samples the process between SIGUSR1 and SIGUSR2
(the load generator's measurement window) and writes PREFIX.txt and PREFIX.html.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from pathlib import Path
from typing import Any

from bot.app import App
from bot.settings import Settings
from bot.transports.ratelimit import PACED_OVERALL, RateLimits

LIMITS = {
    "off": RateLimits.unlimited(),
    "bot-wide": RateLimits(overall=PACED_OVERALL, private_chat=None, group_chat=None),
}


class WindowProfiler:
    """pyinstrument between two signals (pyinstrument is in the `bench` extra)."""

    def __init__(self, prefix: Path, engine: Any) -> None:
        from pyinstrument import Profiler
        from sqlalchemy import event

        self._prefix = prefix
        self._profiler: Any = Profiler(interval=0.001, async_mode="disabled")
        self.statements = 0  # SQL statements sent while profiling

        def count(*_: Any) -> None:
            if self._profiler.is_running:
                self.statements += 1

        event.listen(engine.sync_engine, "before_cursor_execute", count)

    def start(self) -> None:
        if not self._profiler.is_running:
            self._profiler.start()

    def stop(self) -> None:
        if not self._profiler.is_running:
            return
        self._profiler.stop()
        self._prefix.parent.mkdir(parents=True, exist_ok=True)
        text = self._profiler.output_text(unicode=True, color=False, show_all=False)
        # Paths relative to the checkout: a profile is committed, this machine's paths are not.
        text = text.replace(f"{Path.cwd()}/", "")
        text = f"SQL statements sent while profiling: {self.statements}\n{text}"
        self._prefix.with_suffix(".txt").write_text(text, encoding="utf-8")
        self._prefix.with_suffix(".html").write_text(self._profiler.output_html(), "utf-8")


async def run(profile: Path | None, max_seconds: float, limits: RateLimits) -> None:
    settings = Settings()
    # The harness migrated and seeded the database already (common.prepare_database);
    # skipping Alembic here saves its import and a round of checks per bot start.
    app = await App.create(settings, limits=limits, migrate=False)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    loop.call_later(max_seconds, stop.set)
    profiler = WindowProfiler(profile, app.db.engine) if profile else None
    if profiler is not None:
        loop.add_signal_handler(signal.SIGUSR1, profiler.start)
        loop.add_signal_handler(signal.SIGUSR2, profiler.stop)
    try:
        await app.run(stop)
    finally:
        if profiler is not None:
            profiler.stop()
        await app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, default=None, help="pyinstrument output prefix")
    parser.add_argument("--max-seconds", type=float, default=900.0)
    parser.add_argument("--limits", choices=sorted(LIMITS), default="off")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(run(args.profile, args.max_seconds, LIMITS[args.limits]))


if __name__ == "__main__":
    main()
