"""A private `redis-server` on a free loopback port, its files in a folder of its own.

A test may stop, restart (with or without persistence) or flush it; the machine's
shared Redis is never touched. Readiness is awaited by pinging, not by sleeping
a fixed time.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from pathlib import Path

from redis.asyncio import Redis

from tests.e2e.net import free_port

READY_WITHIN = 10.0  # seconds for a fresh server to answer PING


class PrivateRedis:
    """`await start()`, then `url` reaches it. `persistent` is AOF with
    `appendfsync everysec` (what docs/deploy.md requires); without it nothing
    survives a restart (no RDB snapshots either)."""

    def __init__(self, binary: str, folder: Path, port: int | None = None) -> None:
        self.binary = binary
        self.folder = folder
        self.port = port or free_port()
        self.persistent = True
        self._process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    def client(self) -> Redis:
        """A client of its own for the test's assertions (close it, or `async with`)."""
        return Redis.from_url(self.url)

    async def start(self, *, persistent: bool | None = None, extra: Sequence[str] = ()) -> None:
        """Start on the same port and folder; `persistent` None keeps the last choice.
        `extra` are more redis-server options, e.g. ("--rename-command", "CONFIG", "")."""
        if self.running:
            raise RuntimeError("the private Redis is running already")
        if persistent is not None:
            self.persistent = persistent
        self.folder.mkdir(parents=True, exist_ok=True)
        args = [
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.folder),
            "--save", "",  # no RDB: without AOF a restart starts empty
            "--appendonly", "yes" if self.persistent else "no",
            "--appendfsync", "everysec",
            "--daemonize", "no",
            "--logfile", str(self.folder / "redis.log"),
            *extra,
        ]  # fmt: skip
        self._process = await asyncio.create_subprocess_exec(
            self.binary,
            *args,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        await self._until_ready()

    async def stop(self, *, kill: bool = False) -> None:
        """SIGTERM (Redis flushes its AOF and exits) or, with `kill`, SIGKILL (a crash)."""
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        if kill:
            process.kill()
        else:
            process.terminate()
        await process.wait()

    async def restart(
        self, *, persistent: bool | None = None, kill: bool = False, extra: Sequence[str] = ()
    ) -> None:
        """Stop, then start on the same port: every client connection is closed by it."""
        await self.stop(kill=kill)
        await self.start(persistent=persistent, extra=extra)

    async def flush(self) -> None:
        """FLUSHALL: every key gone, the server still up."""
        async with self.client() as redis:
            await redis.flushall()

    async def _until_ready(self) -> None:
        deadline = time.monotonic() + READY_WITHIN
        while True:
            assert self._process is not None
            if self._process.returncode is not None:
                log = self.folder / "redis.log"
                tail = log.read_text()[-2000:] if log.exists() else ""
                raise RuntimeError(f"redis-server exited {self._process.returncode}: {tail}")
            with contextlib.suppress(Exception):
                async with Redis.from_url(self.url, socket_connect_timeout=0.5) as probe:
                    if await probe.ping():
                        return
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server on {self.port} not ready in {READY_WITHIN} s")
            await asyncio.sleep(0.02)  # a server starting up: poll, nothing to await
