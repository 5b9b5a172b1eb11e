"""The worker's HTTP server: the webhook Telegram posts to, `/healthz` and `/metrics`.

The webhook answers as soon as the update is stored (see `bot/drainer.py`),
never after handling it, so Telegram's timeout is never near. A request
without the right `X-Telegram-Bot-Api-Secret-Token` gets 401 and is not read.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from domain.failures import described

from .health import Probe, check
from .metrics import CONTENT_TYPE, Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Receive = Callable[[dict[str, Any]], Awaitable[None]]


def split_listen(listen: str) -> tuple[str, int]:
    """ "127.0.0.1:8080" -> ("127.0.0.1", 8080); "[::1]:8080" -> ("::1", 8080)."""
    host, sep, port = listen.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"LISTEN must be host:port, not {listen!r}")
    return host.strip("[]") or "0.0.0.0", int(port)


class WebServer:
    """Start with `start()`, stop with `stop()`; `port` is known once started."""

    def __init__(
        self,
        *,
        listen: str,
        webhook_path: str | None,
        secret: str,
        receive: Receive,
        probes: Mapping[str, Probe],
        metrics: Metrics,
    ) -> None:
        self._host, self.port = split_listen(listen)
        self._secret = secret.encode()
        self._receive = receive
        self._probes = probes
        self._metrics = metrics
        self.app = web.Application(client_max_size=4 * 1024 * 1024)
        if webhook_path is not None:
            self.app.router.add_post(webhook_path or "/", self._webhook)
        self.app.router.add_get("/healthz", self._healthz)
        self.app.router.add_get("/metrics", self._metrics_page)
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        await web.TCPSite(runner, self._host, self.port).start()
        self._runner = runner
        if self.port == 0:
            self.port = int(runner.addresses[0][1])
        log.info("web server listening on %s:%s", self._host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            return web.Response(status=401, text="wrong secret token\n")
        try:
            update = json.loads(await request.read())
        except (ValueError, RecursionError):  # nested deeper than the parser recurses
            return web.Response(status=400, text="not JSON\n")
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return web.Response(status=400, text="not an update\n")
        try:
            await self._receive(update)
        except Exception as error:
            # Not stored: a 5xx makes Telegram deliver it again, maybe to another worker.
            log.error("could not store update %s: %s", update["update_id"], described(error))
            return web.Response(status=503, text="try again\n")
        return web.Response(status=200)

    async def _healthz(self, request: web.Request) -> web.Response:
        health = await check(self._probes)
        return web.Response(status=200 if health.ok else 503, text=health.text(list(self._probes)))

    async def _metrics_page(self, request: web.Request) -> web.Response:
        body = await self._metrics.render()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})
