"""Webhook mode: serve the web server, register the webhook, store what Telegram posts.

Every worker of a deployment runs this behind one URL. Each registers the same
webhook at start (idempotent) and none deletes it at stop: the others still serve.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from bot.drainer import ChatDrainer
from bot.settings import Settings
from bot.transports.base import Transport
from bot.transports.botapi import failure

from .health import Probe
from .metrics import Metrics
from .server import Receive, WebServer

log = logging.getLogger(__name__)


def receiver(transport: Transport, drainer: ChatDrainer) -> Receive:
    """Parse, store (before the 200), then drain the chat in the background."""

    async def receive(update: dict[str, Any]) -> None:
        try:
            inbound = transport.parse(update)
        except (KeyError, TypeError, ValueError) as exc:
            # Answered 200 all the same: a redelivery would fail the same way. Logged
            # without the payload or a traceback quoting it: it is somebody's message.
            log.error("unreadable update %s skipped: %s", update.get("update_id"), failure(exc))
            return
        if inbound is None:
            return
        await drainer.store(inbound)
        # Even when it was stored already: whoever stored it may have died since.
        drainer.kick(inbound.chat_id)

    return receive


def web_server(
    settings: Settings,
    transport: Transport,
    drainer: ChatDrainer,
    probes: Mapping[str, Probe],
    metrics: Metrics,
) -> WebServer:
    if not settings.webhook_url or settings.webhook_secret is None:
        raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
    return WebServer(
        listen=settings.listen,
        webhook_path=urlparse(settings.webhook_url).path or "/",
        secret=settings.webhook_secret.get_secret_value(),
        receive=receiver(transport, drainer),
        probes=probes,
        metrics=metrics,
    )


async def serve_webhook(
    settings: Settings,
    transport: Transport,
    server: WebServer,
    stop: asyncio.Event,
    ready: asyncio.Event | None = None,
) -> None:
    """Listen, then register the webhook (then `ready` is set), until `stop` is set."""
    assert settings.webhook_url and settings.webhook_secret  # checked by web_server()
    # Listen first: Telegram posts as soon as the webhook is set.
    await server.start()
    try:
        await transport.set_webhook(
            settings.webhook_url,
            settings.webhook_secret.get_secret_value(),
            max_connections=settings.webhook_max_connections,
        )
        log.info("webhook set; serving on %s", settings.listen)
        if ready is not None:
            ready.set()
        await stop.wait()
    finally:
        await server.stop()
