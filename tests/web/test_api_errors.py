"""Both transports tell the metrics every Bot API error code they are answered with."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Literal

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.transports.base import TransportOptions
from bot.transports.factory import make_transport
from bot.transports.ratelimit import RateLimits
from handlers.kit.ports import Unreachable
from sandbox import Limits, SandboxServer


@pytest.fixture
async def server() -> AsyncIterator[SandboxServer]:
    async with SandboxServer(limits=Limits.relaxed()) as running:
        yield running


@pytest.mark.parametrize("kind", ["aiohttp", "ptb"])
async def test_a_400_is_counted(server: SandboxServer, kind: Literal["aiohttp", "ptb"]) -> None:
    settings = Settings(
        _env_file=None, bot_token=SecretStr(server.token), bot_api_url=server.url, transport=kind
    )
    codes: list[int] = []
    transport = make_transport(
        settings, TransportOptions(limits=RateLimits.unlimited(), on_error=codes.append)
    )
    await transport.start()
    try:
        with pytest.raises(Unreachable):  # 400 "chat not found": never started the bot
            await transport.messenger.send(424242, "nobody here")
    finally:
        await transport.close()
    assert codes == [400]
