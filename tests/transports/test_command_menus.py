"""setMyCommands / deleteMyCommands over both transports against the sandbox: the
default menu per language, a chat's own, and a chat the bot does not know."""

from __future__ import annotations

import json
from typing import Literal

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.transports.base import TransportOptions
from bot.transports.factory import make_transport
from bot.transports.ratelimit import RateLimits
from handlers.kit.ports import Unreachable
from sandbox import Limits, SandboxClient, SandboxServer

pytestmark = pytest.mark.e2e


def key(scope: dict[str, object], language: str = "") -> str:
    return json.dumps(scope, sort_keys=True) + "|" + language


@pytest.mark.parametrize("kind", ["aiohttp", "ptb"])
async def test_menus_by_scope_and_language(kind: Literal["aiohttp", "ptb"]) -> None:
    async with SandboxServer(limits=Limits.relaxed()) as server:
        settings = Settings(
            bot_token=SecretStr(server.token), bot_api_url=server.url, transport=kind
        )
        transport = make_transport(settings, TransportOptions(limits=RateLimits.unlimited()))
        await transport.start()
        try:
            async with SandboxClient(server.url) as sandbox:
                alice = sandbox.user(501, "Alice")
                await alice.send("hi")
                messenger = transport.messenger
                await messenger.set_commands([("order", "我要点单")])
                await messenger.set_commands([("order", "Order a service")], language="en")
                await messenger.set_commands([("pending", "待派订单")], chat_id=alice.id)
                with pytest.raises(Unreachable):
                    await messenger.set_commands([("tasks", "我的任务")], chat_id=777)
                bot = server.world.bot()
                assert bot is not None
                chat = {"type": "chat", "chat_id": alice.id}
                assert bot.commands[key({"type": "default"})][0]["description"] == "我要点单"
                assert bot.commands[key({"type": "default"}, "en")][0]["command"] == "order"
                assert bot.commands[key(chat)] == [
                    {"command": "pending", "description": "待派订单"}
                ]
                await messenger.delete_commands(chat_id=alice.id)
                assert key(chat) not in bot.commands
                assert await sandbox.violations() == []
        finally:
            await transport.close()
