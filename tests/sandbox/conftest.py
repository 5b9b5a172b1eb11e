"""Fixtures for the sandbox's own tests: a running server, a raw Bot API caller, a client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import aiohttp
import pytest

from sandbox import SANDBOX_TOKEN, Limits, SandboxClient, SandboxServer
from sandbox.state import BotState

ApiCall = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]


@pytest.fixture
async def server() -> AsyncIterator[SandboxServer]:
    async with SandboxServer(limits=Limits.relaxed()) as running:
        yield running


@pytest.fixture
def bot_state(server: SandboxServer) -> BotState:
    state = server.world.bot()
    assert state is not None
    return state


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def api(server: SandboxServer, http: aiohttp.ClientSession) -> ApiCall:
    """Call a Bot API method with a JSON body; returns (HTTP status, decoded answer)."""

    async def call(method: str, token: str = SANDBOX_TOKEN, **params: Any) -> Any:
        async with http.post(f"{server.url}/bot{token}/{method}", json=params) as response:
            return response.status, await response.json()

    return call


@pytest.fixture
async def sb(server: SandboxServer) -> AsyncIterator[SandboxClient]:
    async with SandboxClient(server.url) as client:
        yield client
