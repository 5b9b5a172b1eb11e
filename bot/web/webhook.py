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

from bot.intake import Intake
from bot.settings import Settings
from bot.transports.base import Transport

from .health import Probe
from .metrics import Metrics
from .server import Receive, WebServer

log = logging.getLogger(__name__)


def receiver(intake: Intake) -> Receive:
    """Parse and store (before the 200; one that cannot be parsed is set aside and
    answered 200 all the same: a redelivery would fail the same way), then drain
    the chat in the background."""

    async def receive(update: dict[str, Any]) -> None:
        await intake.receive([update])

    return receive


def web_server(
    settings: Settings,
    intake: Intake,
    probes: Mapping[str, Probe],
    metrics: Metrics,
) -> WebServer:
    if not settings.webhook_url or settings.webhook_secret is None:
        raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
    return WebServer(
        listen=settings.listen,
        webhook_path=urlparse(settings.webhook_url).path or "/",
        secret=settings.webhook_secret.get_secret_value(),
        receive=receiver(intake),
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
