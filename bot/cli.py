"""`civic-bot`: run the bot, play the demo, migrate, seed, or serve the sandbox.

civic-bot run              the bot, polling BOT_API_URL with BOT_TOKEN
civic-bot demo             sandbox + bot on embedded defaults, the whole loop, transcripts
civic-bot sandbox          a local Bot API server with the bot attached, until Ctrl-C
civic-bot migrate          apply the database migrations
civic-bot seed FILE        load a county (sites, catalogue, teams, people) idempotently
civic-bot recompute-hours FIRST LAST
                           rebuild /stats' hours and points of those county days from the ledger
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot.settings import Settings

DEFAULT_SEED = Path("data/demo-county.yaml")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="civic-bot", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (polling)")
    demo = commands.add_parser("demo", help="play the whole loop against a local sandbox")
    demo.add_argument("--seed", type=Path, default=None, help="county seed file")
    sandbox = commands.add_parser("sandbox", help="serve a local Bot API with the bot attached")
    sandbox.add_argument("--port", type=int, default=8081)
    sandbox.add_argument("--seed", type=Path, default=None, help="county seed file")
    commands.add_parser("migrate", help="apply database migrations")
    seed = commands.add_parser("seed", help="load a county seed file")
    seed.add_argument("file", type=Path)
    recompute = commands.add_parser(
        "recompute-hours",
        help="rebuild the hours and points /stats reads for a run of county days, from the ledger",
    )
    recompute.add_argument("first", type=_day, help="the first county day, YYYY-MM-DD")
    recompute.add_argument("last", type=_day, help="the last county day, YYYY-MM-DD (included)")
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text!r}") from None


def seed_file(given: Path | None) -> Path:
    """The seed to use: the one given, else the demo county in the working tree."""
    if given is not None:
        return given
    for candidate in (DEFAULT_SEED, Path(__file__).resolve().parents[1] / DEFAULT_SEED):
        if candidate.exists():
            return candidate
    raise SystemExit(f"no seed file found; pass one with --seed (looked for {DEFAULT_SEED})")


async def _migrate(settings: Settings) -> int:
    from storage.migrate import upgrade

    await upgrade(settings.database_url, timezone=settings.timezone)
    print(f"database is at the latest schema: {_safe_url(settings.database_url)}")
    return 0


async def _seed(settings: Settings, path: Path) -> int:
    from storage.seed import seed_database

    summary = await seed_database(settings.database_url, path)
    print(f"seeded {path}: {summary}")
    return 0


async def _recompute_hours(settings: Settings, first: date, last: date) -> int:
    """Replace the roll-ups' rows of those days (and sum their months afresh) from the
    ledger's entries: after a change of TIMEZONE, or rows lost by hand. Idempotent."""
    from storage.migrate import upgrade
    from storage.sql import SqlDatabase

    if last < first:
        print(f"the last day ({last}) is before the first ({first})", file=sys.stderr)
        return 2
    await upgrade(settings.database_url, timezone=settings.timezone)
    db = SqlDatabase.from_url(settings.database_url, timezone=settings.timezone)
    try:
        async with db.transaction() as tx:
            counted = await tx.stats.recompute_hours(first, last)
    finally:
        await db.dispose()
    print(f"recomputed the hours of {first} to {last}: {counted} ledger transactions")
    return 0


async def _run(settings: Settings) -> int:
    from bot.app import App

    app = await App.create(settings)
    stop = _stop_on_signals()
    logging.getLogger(__name__).info(
        "civic-bot running on %s (%s transport)", settings.bot_api_url, settings.transport
    )
    try:
        await app.run(stop)
    finally:
        await app.close()
    return 0


async def _sandbox(settings: Settings, port: int, seed: Path) -> int:
    from bot.app import App
    from sandbox import Limits, SandboxServer

    async with SandboxServer(port=port, limits=Limits.relaxed()) as server:
        settings = settings.on_sandbox(server.url)
        await _seed(settings, seed)
        app = await App.create(settings)
        print(f"sandbox Bot API at {server.url}; control API at {server.url}/sandbox")
        stop = _stop_on_signals()
        try:
            await app.run(stop)
        finally:
            await app.close()
    return 0


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop


def _safe_url(url: str) -> str:
    """A database URL without its password, for printing."""
    head, sep, tail = url.rpartition("@")
    if not sep or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, creds = head.partition("//")
    return f"{scheme}//{creds.split(':', 1)[0]}:***@{tail}"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for noisy in ("alembic", "telegram", "httpx", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.root.level))
    match args.command:
        case "migrate":
            return asyncio.run(_migrate(settings))
        case "seed":
            return asyncio.run(_seed(settings, args.file))
        case "recompute-hours":
            return asyncio.run(_recompute_hours(settings, args.first, args.last))
        case "run":
            return asyncio.run(_run(settings))
        case "sandbox":
            return asyncio.run(_sandbox(settings, args.port, seed_file(args.seed)))
        case "demo":
            from bot.demo import play

            return asyncio.run(play(settings, seed_file(args.seed)))
    return 2


if __name__ == "__main__":
    sys.exit(main())
