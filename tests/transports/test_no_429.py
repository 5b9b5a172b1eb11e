"""Normal work under Telegram's own limits: the sandbox never has to answer 429.

The sandbox enforces Telegram's limits (1 message a second per private chat with a
small burst, 30 a second overall); each transport paces itself with its defaults.
"""

from __future__ import annotations

import asyncio
from typing import Literal

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.transports.factory import make_transport
from sandbox import Limits, SandboxClient, SandboxServer

pytestmark = pytest.mark.e2e

CHATS = 40  # one offer each: more than a second's worth of the overall limit
BURST = 5  # messages to one chat in a row: more than its burst allows at once


@pytest.mark.parametrize("kind", ["aiohttp", "ptb"])
async def test_a_busy_moment_draws_no_429(kind: Literal["aiohttp", "ptb"]) -> None:
    async with SandboxServer(limits=Limits()) as server, SandboxClient(server.url) as sb:
        users = [sb.user(700_000 + n, f"u{n}") for n in range(CHATS)]
        for user in users:
            await user.send("/start")  # the bot may only write to chats that wrote first
        settings = Settings(
            _env_file=None,
            bot_token=SecretStr(server.token),
            bot_api_url=server.url,
            transport=kind,
        )
        transport = make_transport(settings)  # the default limits, as in production
        await transport.start()
        try:
            one_chat = [transport.messenger.send(users[0].id, f"m{n}") for n in range(BURST)]
            fan_out = [transport.messenger.send(u.id, "offer") for u in users[1:]]
            sent = await asyncio.gather(*one_chat, *fan_out)
        finally:
            await transport.close()
        stats = await sb.stats()
    # Every message went out (ids are per chat, so the busy chat's are 2, 3, ...).
    assert len(sent) == BURST + CHATS - 1 and all(message_id > 0 for message_id in sent)
    assert sorted(sent[:BURST]) == list(range(2, BURST + 2))
    assert stats["rate_limited"] == 0
