"""The real bot behind the fault-injecting Bot API stand-in, on the backends a test
chooses (typically the private Redis and PostgreSQL of `conftest`).

    async with faulty_bot(fault_settings(pg.url, redis.url, "aiohttp")) as stack:
        stack.api.inject("sendMessage", Fault.error(500), seconds=4)
        alice = await stack.person(800001, "Alice")

`stack.sb` talks to the sandbox directly (injecting updates, reading chats): only
the bot's own Bot API calls pass the stand-in.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.app import App
from bot.settings import SANDBOX_TOKEN, Settings
from bot.transports.ratelimit import RateLimits
from domain.clock import ManualClock
from sandbox import Limits, SandboxClient, SandboxServer, SimUser
from storage.seed import seed_database
from tests.e2e.conftest import started
from tests.e2e.net import free_port
from tests.faults.botapi import FaultyBotApi
from tests.translator import shared_translator

SEED = Path(__file__).resolve().parents[2] / "data" / "demo-county.yaml"
TRANSPORTS = ["ptb", "aiohttp"]
ADMIN = 900301
WEBHOOK_SECRET = "faults-webhook-secret"
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def fault_settings(
    database_url: str,
    redis_url: str | None,
    transport: str,
    *,
    webhook: bool = False,
    prefix: str = "",
    **overrides: Any,
) -> Settings:
    """Settings for a bot under faults; `webhook` serves on a free loopback port."""
    extra: dict[str, Any] = {"sweep_interval": 3600.0}
    if webhook:
        port = free_port()
        extra |= {
            "webhook_url": f"http://127.0.0.1:{port}/telegram",
            "webhook_secret": SecretStr(WEBHOOK_SECRET),
            "listen": f"127.0.0.1:{port}",
        }
    return Settings(
        _env_file=None,
        database_url=database_url,
        redis_url=redis_url,
        redis_prefix=prefix,
        transport=transport,
        admin_ids=frozenset({ADMIN}),
        **(extra | overrides),
    )


@dataclass
class FaultStack:
    server: SandboxServer
    api: FaultyBotApi
    sb: SandboxClient
    app: App
    clock: ManualClock

    async def person(self, user_id: int, name: str, lang: str = "zh-CN") -> SimUser:
        return await started(self.sb, user_id, name, lang)

    @property
    def web_url(self) -> str:
        """Webhook mode: the worker's own server (webhook, /healthz, /metrics)."""
        assert self.app.web is not None
        return f"http://127.0.0.1:{self.app.web.port}"


@contextlib.asynccontextmanager
async def faulty_bot(
    settings: Settings, *, seed: bool = False, limits: Limits | None = None
) -> AsyncIterator[FaultStack]:
    """Sandbox, the stand-in before it, the bot running on the seeded demo county
    (webhook registered when the settings ask for it); all stopped at exit. A
    `private_postgres` database is seeded already; `seed` loads `SEED` first (into
    a fresh SQLite file, say)."""
    async with (
        SandboxServer(limits=limits or Limits.relaxed()) as server,
        FaultyBotApi(server.url) as api,
    ):
        settings = settings.model_copy(
            update={"bot_api_url": api.url, "bot_token": SecretStr(SANDBOX_TOKEN)}
        )
        if seed:
            await seed_database(settings.database_url, SEED)
        clock = ManualClock(START)
        app = await App.create(
            settings, clock=clock, limits=RateLimits.unlimited(), tr=shared_translator()
        )
        stop = asyncio.Event()
        running = asyncio.create_task(app.run(stop))
        try:
            if settings.webhook_url:
                async with asyncio.timeout(10):
                    await app.serving.wait()
            async with SandboxClient(server.url) as sb:
                yield FaultStack(server, api, sb, app, clock)
        finally:
            api.clear()  # let the bot's last calls through so it stops promptly
            stop.set()
            await running
            await app.close()
