"""Flow tests: every rule of the bot, in chat, through the in-process harness.

`chat` is the real bot above its transport (tests/harness) on a SQLite copy of
the demo county and in-process state; the people it plays have the sandbox
client's API, so a test reads as its end-to-end twin did, once, without HTTP.
`service_chat` runs the same on PostgreSQL (a copy of a database seeded once per
process) and Redis. Settings come from
`@pytest.mark.settings(...)` as in tests/e2e.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from pydantic import SecretStr

from bot.settings import SANDBOX_TOKEN, Settings
from tests.backends import (
    MAX_OVERFLOW,
    POOL_SIZE,
    drop_database,
    private_services,
    seeded_template,
)
from tests.county import county_template
from tests.harness import ADMIN, ChatHarness, chat_harness, seed

T = TypeVar("T")


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


@pytest.fixture(scope="session")
def pg_seeded() -> Iterator[str]:
    """The demo county migrated and seeded once per process in a PostgreSQL database,
    whose copies the service tests get: migrating and seeding took 1-3 s of each."""
    name = _in_thread(lambda: seeded_template("civic_flows_county", seed))
    try:
        yield name
    finally:
        _in_thread(lambda: drop_database(name))


def _in_thread(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine on a loop of its own in a thread: session fixtures are
    synchronous, and may be asked for inside a test's running loop."""

    async def main() -> T:
        return await make()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


@pytest.fixture
async def service_chat(request: pytest.FixtureRequest) -> AsyncIterator[ChatHarness]:
    """The harness on PostgreSQL (a database of its own, a copy of the seeded county)
    and Redis (keys under a prefix)."""
    template = request.getfixturevalue("pg_seeded")
    async with private_services("civic_flows", template) as services:
        settings = _settings(
            request,
            database_url=services.database_url,
            redis_url=services.redis_url,
            redis_prefix=services.prefix,
            db_pool_size=POOL_SIZE,
            db_max_overflow=MAX_OVERFLOW,
        )
        async with chat_harness(settings, seeded=True) as harness:
            yield harness
            _no_violations(harness)
