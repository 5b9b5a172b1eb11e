"""What every transport offers the application: a Messenger, an update loop, and
what webhook mode needs (parsing a posted update, registering the webhook); and
the options every transport takes."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from handlers.kit.ports import Inbound, Messenger

from .client import Sleep
from .ratelimit import RateLimits, SendLimiter
from .retry import DEFAULT_BACKOFF, DEFAULT_BUDGET, Backoff, Clock, Jitter

# The application's single entry point for one event.
Handle = Callable[[Inbound], Awaitable[None]]
# Told the error code of every Bot API call answered with an error (for metrics).
OnApiError = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class TransportOptions:
    """How a transport polls, sends and retries; the same for both transports."""

    limits: RateLimits = field(default_factory=RateLimits.paced)
    poll_timeout: float = 25.0  # seconds getUpdates waits for news
    connections: int = 256  # HTTP connections to the Bot API for calls
    # Seconds a call that fails on a 5xx, the network or a 429 keeps trying (SEND_BUDGET).
    send_budget: float = DEFAULT_BUDGET
    # Seconds a call waits for its answer; long, since after one a send is not repeated.
    read_timeout: float = 60.0
    backoff: Backoff = DEFAULT_BACKOFF  # capped exponential, full jitter
    sleep: Sleep = asyncio.sleep  # injectable so tests need not wait
    clock: Clock = time.monotonic  # the budget's clock, injectable with `sleep`
    jitter: Jitter = random.random
    on_error: OnApiError | None = None
    # The limiter every worker shares (`RedisRateLimiter`); None: this process's own,
    # from `limits`.
    limiter: SendLimiter | None = None


DEFAULT_OPTIONS = TransportOptions()


class Transport(Protocol):
    """A way to talk to the Bot API.

    `start` opens the HTTP session (after it, `messenger` works); `close`
    releases everything. Polling (`bot/poller.py`) calls `prepare_polling` once,
    then `get_updates` for each raw batch, and `confirm_updates` on the way out.

    In webhook mode the application serves HTTP itself: `set_webhook` registers
    it (and learns the bot's username) and `parse` reads each posted update.
    """

    @property
    def messenger(self) -> Messenger: ...

    async def start(self) -> None: ...

    async def prepare_polling(self) -> None:
        """Switch to polling (delete any webhook) and learn our username, for `parse`."""
        ...

    async def get_updates(
        self, offset: int | None, wait: float, limit: int
    ) -> list[dict[str, Any]]:
        """One long poll: the raw batch, unparsed. Waits out 429s, conflicts and
        transient failures; raises only for what will not get better (a bad token)."""
        ...

    async def confirm_updates(self, offset: int) -> None:
        """Tell the server everything below `offset` is ours (best effort, no waiting)."""
        ...

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
