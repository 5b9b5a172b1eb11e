"""What every benchmark shares: child processes and their /proc figures, the
services (a PostgreSQL database and a Redis prefix of its own per run), the
seed of the load county, percentiles, and the JSON results.

Everything binds or connects to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import yaml

from benchmarks.paths import DEMO_SEED, REPO, RESULTS
from benchmarks.report import update_docs

SANDBOX_TOKEN = "1000001:SANDBOX-civic-bot-token"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

JSON = dict[str, Any]


class ServiceMissing(RuntimeError):
    """PostgreSQL or Redis is not reachable; the message says how to enable it."""


# --- child processes ---------------------------------------------------------


def asyncpg_dsn(url: str) -> str:
    """The DSN asyncpg itself takes for a SQLAlchemy `postgresql+asyncpg://` URL."""
    return url.replace("postgresql+asyncpg://", "postgresql://")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    return _cpu_of_stat(Path(f"/proc/{pid}/stat").read_text())


def _cpu_of_stat(text: str) -> float:
    """User + system seconds from the text of a /proc/PID/stat file."""
    fields = text.rsplit(")", 1)[1].split()
    # After the ")" of the command name: state is field 0, utime 11, stime 12.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_seconds_named(command: str) -> dict[int, float]:
    """User + system CPU time so far of each process whose command name is `command`
    (e.g. the PostgreSQL backends, or redis-server), by pid."""
    found: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # it exited while we looked
            continue
        if text[text.index("(") + 1 : text.rindex(")")] == command:
            found[int(stat.parent.name)] = _cpu_of_stat(text)
    return found


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the processes spent between two `cpu_seconds_named` readings; one
    that exited in between takes its time with it, so this undercounts a little."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak RSS) of a process, in KiB."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


@dataclass
class Child:
    """A child process of the benchmark, stopped politely then firmly."""

    name: str
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, grace: float = 15.0) -> int | None:
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode


def spawn(name: str, args: Sequence[str], env: Mapping[str, str | None], logdir: Path) -> Child:
    """Start `python args...` from the repository root, output to `logdir/name.log`.

    `env` adds to this process's environment; a None value removes that variable.
    """
    logdir.mkdir(parents=True, exist_ok=True)
    log = logdir / f"{name}.log"
    merged: dict[str, str | None] = {**os.environ, "PYTHONPATH": str(REPO), **env}
    full_env = {key: value for key, value in merged.items() if value is not None}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, *args],
            cwd=REPO,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    return Child(name, proc, log)


async def wait_for_port(child: Child, port: int, within: float = 20.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not child.alive():
            raise RuntimeError(f"{child.name} exited early:\n{child.tail()}")
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise RuntimeError(f"{child.name} did not listen on {port} within {within:g} s")


@dataclass
class SandboxProcess:
    """`python -m sandbox` started and not yet awaited: a benchmark prepares its
    database while the sandbox boots (`ready()` then waits for it to listen)."""

    child: Child
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def ready(self) -> str:
        await wait_for_port(self.child, self.port)
        return self.url

    def stop(self) -> None:
        self.child.stop()


def spawn_sandbox(limits: str, logdir: Path) -> SandboxProcess:
    """`python -m sandbox` in its own process, booting; stop it with `.stop()`.

    Without its Bot API spec check: the tests hold the bot to the spec, and here the
    sandbox stands in for Telegram, whose work is not on this machine's cores."""
    port = free_port()
    args = ["-m", "sandbox", "--port", str(port), "--limits", limits, "--no-spec-check"]
    return SandboxProcess(spawn("sandbox", args, {}, logdir), port)


async def start_sandbox(limits: str, logdir: Path) -> tuple[Child, str]:
    """`python -m sandbox` in its own process once it listens; returns it and its URL."""
    sandbox = spawn_sandbox(limits, logdir)
    try:
        return sandbox.child, await sandbox.ready()
    except BaseException:
        sandbox.stop()
        raise


def stop_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt, so a stopped benchmark still drops its
    database, deletes its Redis keys and stops its children (the `finally`s run)."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


# --- services ----------------------------------------------------------------


# The one place the benchmarks and the tests learn where the services are: the
# benchmarks are not shipped with the app, and must not import tests/.
def postgres_url() -> str:
    """TEST_POSTGRES_URL, else DATABASE_URL when it is PostgreSQL, else a local default."""
    if url := os.environ.get("TEST_POSTGRES_URL"):
        return url
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgresql") else DEFAULT_POSTGRES_URL


def redis_url() -> str:
    """TEST_REDIS_URL, else REDIS_URL, else a local default."""
    return os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@contextlib.asynccontextmanager
async def pg_database(
    base_url: str | None = None, prefix: str = "civic_bench"
) -> AsyncIterator[str]:
    """A fresh PostgreSQL database for one run (its SQLAlchemy URL), dropped afterwards."""
    import asyncpg

    base_url = base_url or postgres_url()
    dsn = asyncpg_dsn(base_url)
    try:
        admin = await asyncpg.connect(dsn, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        raise ServiceMissing(
            f"PostgreSQL not reachable at {base_url} ({error!r}); start it or set TEST_POSTGRES_URL"
        ) from error
    name = unique(prefix)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


@contextlib.asynccontextmanager
async def redis_prefix(url: str | None = None, prefix: str = "civic_bench") -> AsyncIterator[str]:
    """A unique key prefix on Redis for one run; every key under it is deleted afterwards."""
    from redis.asyncio import Redis

    url = url or redis_url()
    try:
        async with Redis.from_url(url) as probe:
            await probe.ping()
    except Exception as error:  # any failure means "not available"
        raise ServiceMissing(
            f"Redis not reachable at {url} ({error!r}); start it or set TEST_REDIS_URL"
        ) from error
    name = unique(prefix) + ":"
    try:
        yield name
    finally:
        async with Redis.from_url(url) as cleanup:
            keys = [key async for key in cleanup.scan_iter(match=f"{name}*", count=1000)]
            for start in range(0, len(keys), 1000):
                await cleanup.delete(*keys[start : start + 1000])


# --- the load county -----------------------------------------------------------

LOAD_TEAM_CATEGORY = "civility"  # 乡风文明: the demo's haircut order
LOAD_VOLUNTEER_BASE = 910_000  # two volunteers per point: 910000 + 10*site + 0/1


def load_county(path: Path) -> JSON:
    """The demo county plus a civility team of two volunteers at every point, so the
    load spreads over all points instead of queueing in two volunteers' chats.
    Writes it to `path`; returns what the load generator needs to know."""
    seed = yaml.safe_load(DEMO_SEED.read_text(encoding="utf-8"))
    points = [int(s["id"]) for s in seed["sites"] if s["level"] == "point"]
    names = {int(s["id"]): str(s["zh"]) for s in seed["sites"]}
    acceptors: dict[int, int] = {}
    for site in points:
        code = f"BENCH-{site}"
        seed["teams"].append(
            {"code": code, "site": site, "category": LOAD_TEAM_CATEGORY, "zh": f"压测队{site}"}
        )
        for k in range(2):
            user_id = LOAD_VOLUNTEER_BASE + 10 * site + k
            seed["volunteers"].append(
                {
                    "id": user_id,
                    "first_name": f"志愿者{site}-{k}",
                    "language": "zh-CN",
                    "team": code,
                }
            )
        acceptors[site] = LOAD_VOLUNTEER_BASE + 10 * site
    path.write_text(yaml.safe_dump(seed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    people = [int(v["id"]) for v in seed["volunteers"]]
    people += [int(c["id"]) for c in seed.get("coordinators", [])]
    return {"points": points, "site_names": names, "acceptors": acceptors, "people": people}


async def prepare_database(url: str, seed: Path) -> None:
    """Migrate and seed, as `civic-bot seed` does."""
    from storage.seed import seed_database

    await seed_database(url, seed)


# --- figures -----------------------------------------------------------------


def percentiles(values: Iterable[float], scale: float = 1000.0) -> JSON:
    """p50/p95/p99/max/mean of `values` (seconds), times `scale` (ms by default)."""
    data = sorted(values)
    if not data:
        return {"n": 0}

    def pick(q: float) -> float:
        index = min(len(data) - 1, max(0, round(q * (len(data) - 1))))
        return round(data[index] * scale, 2)

    return {
        "n": len(data),
        "p50": pick(0.50),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "max": round(data[-1] * scale, 2),
        "mean": round(statistics.fmean(data) * scale, 2),
    }


def machine() -> JSON:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def write_result(name: str, data: JSON, out: Path | None = None) -> Path:
    """Write one benchmark's figures to `out` (default benchmarks/results/NAME.json)."""
    path = out or RESULTS / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"benchmark": name, "date": now_iso(), "machine": machine(), **data}
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def add_output_options(p: argparse.ArgumentParser) -> None:
    """Where a benchmark writes its figures, and whether it refreshes the docs."""
    p.add_argument("--out", type=Path, default=None, help="JSON file (default results/)")
    p.add_argument("--no-docs", action="store_true", help="leave docs/benchmarks.md alone")


def add_bot_options(p: argparse.ArgumentParser, profile_help: str) -> None:
    """Options of the benchmarks that run the bot as its own process."""
    p.add_argument("--state", choices=["redis", "memory", "embedded"], default="redis")
    p.add_argument("--profile", action="store_true", help=profile_help)
    p.add_argument("--max-seconds", type=float, default=900.0, help="hard stop of each bot")


def publish(bench: str, name: str, data: JSON, out: Path | None, docs: bool) -> JSON:
    """Write the figures, say where, and refresh docs/benchmarks.md when asked."""
    path = write_result(name, data, out)
    print(f"[{bench}] figures in {path}", file=sys.stderr)
    if docs:
        update_docs()
    return data


async def sandbox_get(session: aiohttp.ClientSession, url: str, path: str) -> JSON:
    async with session.get(f"{url}/sandbox/{path}") as response:
        answer: JSON = await response.json()
        return answer
