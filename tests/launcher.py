"""`civic-bot` as a child process, forked from one that has imported the bot already.

A `civic-bot run` started afresh spends over a second of CPU importing (SQLAlchemy,
both transports, our own modules) before it does anything, and the kill and
multi-worker tests start dozens of them. multiprocessing's forkserver imports
those modules and loads the locales once per test process
(tests/launcher_preload.py); each `launch` forks it.

The child is the program the `civic-bot` script runs, `bot.cli.main(args)`, with
the test's environment and working directory, its stdout and stderr on one stream
the test reads, and signals and exit codes of a process of its own (a SIGKILL
reads as -9, as with `asyncio.subprocess`). It is not the test's child, so
`Launched` stands in for `asyncio.subprocess.Process` with what the tests use.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import multiprocessing
import os
import signal
import socket
import sys
from collections.abc import Mapping, Sequence
from multiprocessing.process import BaseProcess
from pathlib import Path

_FORKSERVER = multiprocessing.get_context("forkserver")
_FORKSERVER.set_forkserver_preload(["tests.launcher_preload"])


def _stop_helpers() -> None:
    """Stop this process's forkserver and resource tracker, and reap them.

    Left alone, they end only after this process has gone: they outlived the test
    run, and under an init that does not reap (a container's) stayed as zombies.
    multiprocessing's own tests stop them this way; there is no public call for it.
    """
    from multiprocessing import forkserver, resource_tracker

    forkserver._forkserver._stop()  # type: ignore[attr-defined]
    resource_tracker._resource_tracker._stop()  # type: ignore[attr-defined]


@functools.cache
def _stop_helpers_at_exit() -> None:
    # Registered after multiprocessing's own exit handler, so it runs before that
    # one removes the folder of the forkserver's socket.
    atexit.register(_stop_helpers)


def _main(args: list[str], env: dict[str, str], cwd: str, out: socket.socket) -> None:
    """The child: `civic-bot ARGS` in `cwd` with exactly `env`, writing to `out`."""
    os.dup2(out.fileno(), 1)
    os.dup2(out.fileno(), 2)
    out.close()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    from bot.cli import main

    sys.exit(main(args))


def _settle(ended: asyncio.Future[None]) -> None:
    if not ended.done():
        ended.set_result(None)


class Launched:
    """A launched `civic-bot`: its pid, output, signals and exit code."""

    def __init__(
        self, process: BaseProcess, stdout: asyncio.StreamReader, stream: asyncio.StreamWriter
    ) -> None:
        self._process = process
        self.stdout = stdout
        self._stream = stream  # the socket's other half; closed once the child has exited

    @property
    def pid(self) -> int:
        assert self._process.pid is not None
        return self._process.pid

    @property
    def returncode(self) -> int | None:
        return self._process.exitcode

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:  # a pid reaped long ago may be someone else's
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    async def wait(self) -> int:
        """Its exit code, once it has exited (the sentinel is readable then)."""
        if self.returncode is None:
            loop = asyncio.get_running_loop()
            ended: asyncio.Future[None] = loop.create_future()
            sentinel = self._process.sentinel
            loop.add_reader(sentinel, _settle, ended)
            try:
                await ended
            finally:
                loop.remove_reader(sentinel)
        self._process.join()
        self._stream.close()
        code = self._process.exitcode
        assert code is not None
        return code


async def launch(args: Sequence[str], env: Mapping[str, str], cwd: Path) -> Launched:
    """Start `civic-bot ARGS`; its stdout and stderr come on `Launched.stdout`."""
    ours, theirs = socket.socketpair()
    process = _FORKSERVER.Process(
        target=_main, args=(list(args), dict(env), str(cwd), theirs), daemon=True
    )
    try:
        # The first start in a process starts the forkserver, which imports the bot.
        await asyncio.to_thread(process.start)
    finally:
        theirs.close()
    _stop_helpers_at_exit()
    try:
        reader, writer = await asyncio.open_unix_connection(sock=ours)
    except BaseException:
        ours.close()
        raise
    return Launched(process, reader, writer)
