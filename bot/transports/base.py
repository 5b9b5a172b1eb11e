"""What every transport offers the application: a Messenger and an update loop."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Protocol

from handlers.ports import Inbound, Messenger

# The application's single entry point for one event.
Handle = Callable[[Inbound], Awaitable[None]]


class Transport(Protocol):
    """A way to talk to the Bot API.

    `start` opens the HTTP session (after it, `messenger` works); `run_polling`
    feeds every update to `handle` (updates of one chat in order, different chats
    concurrently) until `stop` is set; `close` releases everything.
    """

    @property
    def messenger(self) -> Messenger: ...

    async def start(self) -> None: ...

    async def run_polling(self, handle: Handle, stop: asyncio.Event) -> None: ...

    async def close(self) -> None: ...
