"""Several `civic-bot run` webhook workers behind a round-robin proxy, as production
runs them behind nginx: what the multi-worker benchmarks (and tests) stand up.

`RoundRobinProxy` skips a backend that refuses or drops the connection for the next
one (nginx's `proxy_next_upstream error`); when none answers, 502, and Telegram
tries again later. `webhook_fleet` starts the proxy and one worker a transport,
waits until each listens, and stops them all on the way out.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from aiohttp import web

from benchmarks.common import SANDBOX_TOKEN, free_port, redis_url, spawn, wait_for_port

FORWARDED = ("Content-Type", "X-Telegram-Bot-Api-Secret-Token")


class RoundRobinProxy:
    """A tiny reverse proxy on loopback that takes the backends in turn."""

    def __init__(self, backends: list[str]) -> None:
        self._backends = backends
        self._turn = itertools.count()
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.skipped = 0  # requests that found a backend down

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        headers = {name: request.headers[name] for name in FORWARDED if name in request.headers}
        start = next(self._turn)
        for step in range(len(self._backends)):
            backend = self._backends[(start + step) % len(self._backends)]
            try:
                async with self._session.request(
                    request.method, backend + request.path_qs, data=body, headers=headers
                ) as answer:
                    return web.Response(status=answer.status, body=await answer.read())
            except (aiohttp.ClientError, TimeoutError):
                self.skipped += 1
        return web.Response(status=502)


@asynccontextmanager
async def webhook_fleet(
    *,
    bot_api_url: str,
    database_url: str,
    redis_prefix: str,
    transports: Sequence[str],
    secret: str,
    logs: Path,
    env: Mapping[str, str],
    command: Sequence[str] = ("-m", "bot.cli", "run"),
) -> AsyncIterator[RoundRobinProxy]:
    """One worker a transport (``ptb`` / ``aiohttp``), all on one database, Redis
    prefix and bot token, with ``env`` on top of what they share; yields the proxy
    once every worker listens. Each runs ``python command`` (`civic-bot run`)."""
    ports = [free_port() for _ in transports]
    proxy = RoundRobinProxy([f"http://127.0.0.1:{port}" for port in ports])
    await proxy.start()
    common = {
        "BOT_TOKEN": SANDBOX_TOKEN,
        "BOT_API_URL": bot_api_url,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url(),
        "REDIS_PREFIX": redis_prefix,
        "WEBHOOK_URL": f"{proxy.url}/telegram",
        "WEBHOOK_SECRET": secret,
        **env,
    }
    workers = []
    try:
        for n, (kind, port) in enumerate(zip(transports, ports, strict=True)):
            worker_env = {**common, "TRANSPORT": kind, "LISTEN": f"127.0.0.1:{port}"}
            workers.append(spawn(f"worker{n}", list(command), worker_env, logs))
        for worker, port in zip(workers, ports, strict=True):
            await wait_for_port(worker, port, within=60)
        yield proxy
    finally:
        for worker in workers:
            worker.stop()
        await proxy.stop()
