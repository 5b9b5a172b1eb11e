"""A private PostgreSQL cluster in a temporary folder, on a free loopback port.

`initdb` and `pg_ctl` refuse to run as root, so when we are root they run as the
`postgres` OS user (`runuser`) and the folder belongs to it. The cluster is made
once per session (initdb takes seconds); a test stops and starts it to make an
outage, and gets a database of its own (see `conftest.private_postgres`).
Durability is off (fsync, synchronous_commit): a test cluster, never data to keep.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.net import free_port

OS_USER = "postgres"  # who runs the cluster when we are root
SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{folder}'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 32MB
"""


class PrivateCluster:
    """`create()` once, then `await stop()` / `await start()` at will; `url(db)` is a
    SQLAlchemy asyncpg URL (trust auth, user `postgres`)."""

    def __init__(self, bindir: str) -> None:
        self.bindir = bindir
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="civic-faults-pg-"))
        self.data = self.folder / "data"
        self.running = False
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            self._as_user = ["runuser", "-u", OS_USER, "--"]
            entry = pwd.getpwnam(OS_USER)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def dsn(self, database: str = "postgres") -> str:
        """The same database, for asyncpg itself."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _command(self, tool: str, *args: str) -> list[str]:
        return [*self._as_user, os.path.join(self.bindir, tool), *args]

    def _pg_ctl(self, action: str, *extra: str) -> list[str]:
        log = str(self.folder / "server.log")
        return self._command("pg_ctl", "-D", str(self.data), "-l", log, "-w", *extra, action)

    def create(self) -> None:
        """initdb and start (blocking: the session fixture calls it once)."""
        init = self._command(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
        )  # fmt: skip
        subprocess.run(init, check=True, capture_output=True)
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(SETTINGS.format(port=self.port, folder=self.folder))
        subprocess.run(self._pg_ctl("start"), check=True, capture_output=True)
        self.running = True

    def destroy(self) -> None:
        """Stop at once (no checkpoint) and remove the folder."""
        if self.running:
            subprocess.run(self._pg_ctl("stop", "-m", "immediate"), capture_output=True)
            self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)

    async def stop(self, *, mode: str = "fast") -> None:
        """An outage: `fast` closes every connection; `immediate` is a crash."""
        if self.running:
            await self._run(self._pg_ctl("stop", "-m", mode))
            self.running = False

    async def start(self) -> None:
        """Back up; returns once it accepts connections (`pg_ctl -w`)."""
        if not self.running:
            await self._run(self._pg_ctl("start"))
            self.running = True

    async def restart(self, *, mode: str = "fast") -> None:
        await self.stop(mode=mode)
        await self.start()

    async def _run(self, command: list[str]) -> None:
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"{command[-1]} failed: {output.decode(errors='replace')}")


@dataclass(frozen=True)
class PrivatePostgres:
    """A database of this test's own on the private cluster; `cluster.stop()` and
    `cluster.start()` make an outage (for every database of the cluster)."""

    cluster: PrivateCluster
    name: str

    @property
    def url(self) -> str:
        return self.cluster.url(self.name)

    @property
    def dsn(self) -> str:
        return self.cluster.dsn(self.name)

    async def stop(self, *, mode: str = "fast") -> None:
        await self.cluster.stop(mode=mode)

    async def start(self) -> None:
        await self.cluster.start()
