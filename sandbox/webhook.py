"""Webhook delivery, the way Telegram does it.

While a webhook is set, each queued update is POSTed to it as JSON with the
``X-Telegram-Bot-Api-Secret-Token`` header. An update leaves the queue only
when the bot answers 2xx; otherwise it is tried again after a growing pause
(and ``getWebhookInfo`` shows the last error). At most ``max_connections``
requests are in flight, and a chat's next update waits until its previous
one was accepted, so a bot that stores before answering sees each chat in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from typing import Protocol

import aiohttp

from .objects import JSON

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class DeliveryCounts(Protocol):
    updates_delivered: int


class UpdateQueue(Protocol):
    """What delivery needs of a bot: its queue, the condition notified when an update
    is queued, and the count of delivered updates (`state.BotState` is one)."""

    updates: deque[JSON]

    @property
    def updates_cond(self) -> asyncio.Condition: ...

    @property
    def stats(self) -> DeliveryCounts: ...


def chat_of(update: JSON) -> int:
    """The chat an update belongs to (its sender's, for a button without a message)."""
    for kind in ("message", "edited_message", "channel_post"):
        if kind in update:
            return int(update[kind]["chat"]["id"])
    query = update.get("callback_query")
    if query:
        message = query.get("message") or {}
        return int((message.get("chat") or query["from"])["id"])
    return 0


class WebhookDelivery:
    """Delivers one bot's queue to its webhook until `stop`."""

    def __init__(
        self,
        bot: UpdateQueue,
        url: str,
        secret: str | None,
        max_connections: int,
        *,
        backoff_first: float = 0.05,
        backoff_cap: float = 2.0,
        request_timeout: float = 10.0,
    ) -> None:
        self.bot = bot
        self.url = url
        self.secret = secret
        self.max_connections = max_connections
        self._backoff = (backoff_first, backoff_cap)
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)
        self._slots = asyncio.Semaphore(max_connections)
        self._busy_chats: set[int] = set()
        self._busy_ids: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopped = False
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.Task[None] | None = None
        self.in_flight = 0
        self.peak_in_flight = 0  # for tests of max_connections
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None

    def same(self, url: str, secret: str | None, max_connections: int) -> bool:
        return (url, secret, max_connections) == (self.url, self.secret, self.max_connections)

    def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=self._timeout)
        self._loop = asyncio.create_task(self._run(), name="webhook-delivery")

    async def stop(self) -> None:
        """Stop at once; what was not accepted yet stays queued."""
        self._stopped = True
        await self._wake()
        tasks = [t for t in (self._loop, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()

    async def _wake(self) -> None:
        cond = self.bot.updates_cond
        async with cond:
            cond.notify_all()

    def _next(self) -> JSON | None:
        for update in self.bot.updates:
            if update["update_id"] in self._busy_ids:
                continue
            if chat_of(update) in self._busy_chats:
                continue  # its earlier update is not accepted yet
            return update
        return None

    async def _run(self) -> None:
        cond = self.bot.updates_cond
        while True:
            async with cond:
                await cond.wait_for(lambda: self._stopped or self._next() is not None)
                if self._stopped:
                    return
                update = self._next()
            assert update is not None
            chat = chat_of(update)
            self._busy_chats.add(chat)
            self._busy_ids.add(update["update_id"])
            task = asyncio.create_task(self._deliver(update, chat))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _deliver(self, update: JSON, chat: int) -> None:
        failures = 0
        try:
            while not self._stopped:
                async with self._slots:
                    error = await self._post(update)
                if error is None:
                    with contextlib.suppress(ValueError):
                        self.bot.updates.remove(update)
                    self.bot.stats.updates_delivered += 1
                    return
                failures += 1
                self.last_error_date, self.last_error_message = int(time.time()), error
                first, cap = self._backoff
                # A timer before the retry, as Telegram waits before it tries again.
                await asyncio.sleep(min(cap, first * 2 ** (failures - 1)))
        finally:
            self._busy_chats.discard(chat)
            self._busy_ids.discard(update["update_id"])
            if not self._stopped:
                await self._wake()

    async def _post(self, update: JSON) -> str | None:
        """None when the bot accepted the update, else Telegram's wording of the error."""
        assert self._session is not None
        headers = {SECRET_HEADER: self.secret} if self.secret else {}
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            async with self._session.post(self.url, json=update, headers=headers) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return f"Connection failed: {type(exc).__name__}"
        finally:
            self.in_flight -= 1
