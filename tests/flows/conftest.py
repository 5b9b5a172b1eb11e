"""Flow tests: every rule of the bot, in chat, through the in-process harness.

`chat` is the real bot above its transport (tests/harness) on a SQLite copy of
the demo county and in-process state; the people it plays have the sandbox
client's API, so a test reads as its end-to-end twin did, once, without HTTP.
`service_chat` runs the same on PostgreSQL and Redis. Settings come from
`@pytest.mark.settings(...)` as in tests/e2e.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.settings import SANDBOX_TOKEN, Settings
from tests.backends import MAX_OVERFLOW, POOL_SIZE, private_services
from tests.county import county_template
from tests.harness import ADMIN, ChatHarness, chat_harness


def _overrides(request: pytest.FixtureRequest) -> dict[str, object]:
    """Settings a test asks for with `@pytest.mark.settings(name=value, ...)`."""
    marker = request.node.get_closest_marker("settings")
    # Deadlines fire when a test calls `app.sweeper.run_once()` after moving the clock.
    # Scripted users type faster than people: the flood limit is off unless a test sets it.
    defaults = {"sweep_interval": 3600.0, "flood_limit": 0}
    return {**defaults, **(marker.kwargs if marker else {})}


def _settings(request: pytest.FixtureRequest, **backends: object) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=SecretStr(SANDBOX_TOKEN),
        admin_ids=frozenset({ADMIN}),
        **backends,  # type: ignore[arg-type]
        **_overrides(request),
    )


def _no_violations(harness: ChatHarness) -> None:
    # Whatever the test played, every request of the bot's was one the Bot API spec
    # allows (as tests/e2e checks over HTTP).
    assert [v for v in harness.server.bot.violations if v["who"] == "bot"] == []


@pytest.fixture(scope="session")
def seeded() -> Path:
    """The demo county migrated and seeded once per process; each test gets a copy."""
    return county_template()


@pytest.fixture
async def chat(
    request: pytest.FixtureRequest, tmp_path: Path, seeded: Path
) -> AsyncIterator[ChatHarness]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'flows.db'}"
    settings = _settings(request, database_url=url, redis_url=None)
    async with chat_harness(settings, template=seeded) as harness:
        yield harness
        _no_violations(harness)


@pytest.fixture
async def service_chat(request: pytest.FixtureRequest) -> AsyncIterator[ChatHarness]:
    """The harness on PostgreSQL (a database of its own) and Redis (keys under a prefix)."""
    async with private_services("civic_flows") as services:
        settings = _settings(
            request,
            database_url=services.database_url,
            redis_url=services.redis_url,
            redis_prefix=services.prefix,
            db_pool_size=POOL_SIZE,
            db_max_overflow=MAX_OVERFLOW,
        )
        async with chat_harness(settings) as harness:
            yield harness
            _no_violations(harness)
