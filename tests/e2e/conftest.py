"""The real bot against the sandbox Bot API server on loopback, over each transport.

`stack` gives a running bot (embedded SQLite and in-process state) plus a
sandbox client to play people with; `service_stack` runs the same on PostgreSQL
and Redis. Time is a ManualClock the tests move; nothing sleeps.

Only what depends on HTTP or a transport lives here (smoke, races, intake,
webhooks, workers, logs); every other rule is a flow test (tests/flows), run
once in process by the harness (tests/harness) with the same cast and clock.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.app import App
from bot.settings import SANDBOX_TOKEN, Settings
from bot.transports.ratelimit import RateLimits
from domain.clock import ManualClock
from domain.models import Order
from sandbox import Limits, SandboxClient, SandboxServer, SimUser
from storage.seed import seed_database
from tests.backends import MAX_OVERFLOW, POOL_SIZE, private_services
from tests.county import copied_county
from tests.harness import ADMIN, SEED, START
from tests.translator import shared_translator

TRANSPORTS = ["ptb", "aiohttp"]


async def started(sb: SandboxClient, user_id: int, name: str, lang: str = "zh-CN") -> SimUser:
    """A user who has started the bot (the bot may only write to those)."""
    user = sb.user(user_id, name, lang)
    await user.command("start")
    await user.expect(lambda m: bool(m.buttons))  # the greeting with the menu
    return user


@dataclass
class Stack:
    server: SandboxServer
    sb: SandboxClient
    app: App
    clock: ManualClock

    async def person(self, user_id: int, name: str, lang: str = "zh-CN") -> SimUser:
        return await started(self.sb, user_id, name, lang)

    async def order(self, order_id: int) -> Order:
        order = await self.app.router.services.desk.get(order_id)
        assert order is not None
        return order


@contextlib.asynccontextmanager
async def running_bot(
    settings: Settings, limits: Limits | None = None, bot_limits: RateLimits | None = None
) -> AsyncIterator[Stack]:
    """The bot against a fresh sandbox; by default neither enforces rate limits."""
    async with SandboxServer(limits=limits or Limits.relaxed()) as server:
        settings = settings.model_copy(
            update={"bot_api_url": server.url, "bot_token": SecretStr(SANDBOX_TOKEN)}
        )
        if not copied_county(settings.database_url):  # a new SQLite file is a copy
            await seed_database(settings.database_url, SEED)
        clock = ManualClock(START)
        bot_limits = bot_limits or RateLimits.unlimited()
        app = await App.create(settings, clock=clock, limits=bot_limits, tr=shared_translator())
        stop = asyncio.Event()
        polling = asyncio.create_task(app.run(stop))
        try:
            async with SandboxClient(server.url) as sb:
                yield Stack(server, sb, app, clock)
                # Whatever the test played, every request of the bot's was one the Bot
                # API spec allows (forged updates a test injected are not the bot's).
                assert [v for v in await sb.violations() if v["who"] == "bot"] == []
        finally:
            stop.set()
            await polling
            await app.close()


def _overrides(request: pytest.FixtureRequest) -> dict[str, object]:
    """Settings a test asks for with `@pytest.mark.settings(name=value, ...)`."""
    marker = request.node.get_closest_marker("settings")
    # Deadlines fire when a test calls `app.sweeper.run_once()` after moving the clock.
    # Scripted users type faster than people: the flood limit is off unless a test
    # sets it (tests/flows/test_delivery.py).
    defaults = {"sweep_interval": 3600.0, "flood_limit": 0}
    return {**defaults, **(marker.kwargs if marker else {})}


@pytest.fixture(params=TRANSPORTS)
async def stack(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Stack]:
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}",
        redis_url=None,
        transport=request.param,
        admin_ids=frozenset({ADMIN}),
        **_overrides(request),
    )
    async with running_bot(settings) as running:
        yield running


@pytest.fixture(params=TRANSPORTS)
async def service_stack(request: pytest.FixtureRequest) -> AsyncIterator[Stack]:
    """The bot on PostgreSQL (a database of its own) and Redis (keys under a prefix)."""
    async with private_services("civic_e2e") as services:
        settings = Settings(
            _env_file=None,
            database_url=services.database_url,
            redis_url=services.redis_url,
            redis_prefix=services.prefix,
            db_pool_size=POOL_SIZE,
            db_max_overflow=MAX_OVERFLOW,
            transport=request.param,
            admin_ids=frozenset({ADMIN}),
            **_overrides(request),
        )
        async with running_bot(settings) as running:
            yield running
