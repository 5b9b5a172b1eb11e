"""What every transport offers the application: a Messenger, an update loop, and
what webhook mode needs (parsing a posted update, registering the webhook); and
the options every transport takes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from handlers.ports import Inbound, Messenger

from .client import DEFAULT_BACKOFF, Backoff, Sleep
from .ratelimit import RateLimits

# The application's single entry point for one event.
Handle = Callable[[Inbound], Awaitable[None]]
# Told the error code of every Bot API call answered with an error (for metrics).
OnApiError = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class TransportOptions:
    """How a transport polls, sends and retries; the same for both transports."""

    limits: RateLimits = field(default_factory=RateLimits.paced)
    poll_timeout: float = 25.0  # seconds getUpdates waits for news
    max_in_flight: int = 256  # handlers running at once, over all chats
    connections: int = 256  # HTTP connections to the Bot API for calls
    send_attempts: int = 4  # tries of a call that fails on a 5xx or the network
    max_retry_after: int = 5  # 429s one call waits out before it gives up
    backoff: Backoff = DEFAULT_BACKOFF
    drain_timeout: float = 10.0  # seconds running handlers get at shutdown
    sleep: Sleep = asyncio.sleep  # injectable so tests need not wait
    on_error: OnApiError | None = None


DEFAULT_OPTIONS = TransportOptions()


class Transport(Protocol):
    """A way to talk to the Bot API.

    `start` opens the HTTP session (after it, `messenger` works); `run_polling`
    feeds every update to `handle` (updates of one chat in order, different chats
    concurrently) until `stop` is set; `close` releases everything.

    In webhook mode the application serves HTTP itself: `set_webhook` registers
    it (and learns the bot's username) and `parse` reads each posted update.
    """

    @property
    def messenger(self) -> Messenger: ...

    async def start(self) -> None: ...

    async def run_polling(self, handle: Handle, stop: asyncio.Event) -> None: ...

    async def close(self) -> None: ...

    def parse(self, update: dict[str, Any]) -> Inbound | None:
        """A Bot API update as an `Inbound`; None for what we do not act on.

        Raises `ValueError` (or `KeyError`/`TypeError`) for an unreadable update."""
        ...

    async def set_webhook(
        self, url: str, secret: str, *, max_connections: int = 40, drop_pending: bool = False
    ) -> None:
        """setWebhook with our allowed_updates; then getMe, for `parse`."""
        ...

    async def delete_webhook(self, drop_pending: bool = False) -> None: ...
