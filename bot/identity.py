"""Who the bot is on Telegram: its username, for links such as `t.me/<bot>?start=...`.

Asked of getMe the first time it is needed and kept for the process's life (a bot's
username never changes while it runs). The transports learn it on their own, for
their parsing, at different moments; this is the one handlers may ask for.
"""

from __future__ import annotations

import asyncio

from bot.settings import Settings
from bot.transports.client import BotApiClient


class BotIdentity:
    def __init__(self, settings: Settings) -> None:
        self._token = settings.bot_token.get_secret_value()
        self._api_url = settings.bot_api_url
        self._username: str | None = None
        self._lock = asyncio.Lock()

    async def username(self) -> str:
        async with self._lock:  # many /invite at once ask getMe once
            if self._username is None:
                client = BotApiClient(self._token, self._api_url, connections=1)
                await client.open()
                try:
                    me = await client.call("getMe")
                finally:
                    await client.close()
                self._username = str(me["username"])
            return self._username
