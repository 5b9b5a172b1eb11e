"""The python-telegram-bot transport.

PTB fetches updates and makes the HTTP calls (over aiohttp, see
`aiohttp_request.py`); we keep everything else. One `TypeHandler` turns each
`Update` into an `Inbound` for the application's single handler; a custom
update processor keeps each chat's updates in order while chats run
concurrently; `AIORateLimiter` covers the overall and group limits and retries
after a 429, and our `RateLimiter` adds the per-private-chat limit it lacks.
PTB's persistence (none is set), job queue and `ConversationHandler` are not used.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import inspect
import logging
import os
from collections.abc import Awaitable
from typing import Any, cast

from telegram import Update
from telegram.ext import AIORateLimiter, Application, BaseUpdateProcessor, ContextTypes, TypeHandler

from handlers.ports import Inbound, Messenger

from .aiohttp_request import AiohttpRequest
from .base import DEFAULT_OPTIONS, Handle, TransportOptions
from .botapi import ALLOWED_UPDATES
from .ptb_convert import inbound_from_update
from .ptb_messenger import PtbMessenger
from .ratelimit import RateLimiter, RateLimits
from .sequencer import Sequencer

log = logging.getLogger(__name__)


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Updates of one chat strictly in order, different chats concurrently.

    PTB's semaphore would count updates that merely wait behind their chat, so
    it is set wide open and our `Sequencer` bounds the handlers actually running.
    """

    # A class without slots of its own would get a __dict__ and PTB warns about that.
    __slots__ = ("_sequencer",)

    def __init__(self, max_running: int = 256) -> None:
        super().__init__(max_concurrent_updates=1 << 20)
        self._sequencer = Sequencer(max_running, max_pending=1 << 20)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key, update_id = _chat_key(update)
        try:
            await self._sequencer.run(key, update_id, lambda: coroutine)
        finally:
            # A job cancelled at shutdown before it started: close it to avoid a warning.
            if inspect.iscoroutine(coroutine) and (
                inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED
            ):
                coroutine.close()

    async def abort_after(self, grace: float) -> None:
        """Cancel the handlers still running `grace` seconds from now."""
        await asyncio.sleep(grace)
        self._sequencer.abort()

    async def drain(self, grace: float) -> bool:
        return await self._sequencer.close(grace)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: `drain` already ended the workers."""


def _chat_key(update: object) -> tuple[int, int]:
    if isinstance(update, Update):
        chat = update.effective_chat
        user = update.effective_user
        key = chat.id if chat else user.id if user else 0
        return key, update.update_id
    return 0, 0


class PtbTransport:
    """`Transport` on python-telegram-bot's `Application`, without its run loop."""

    def __init__(
        self, token: str, api_url: str, options: TransportOptions = DEFAULT_OPTIONS
    ) -> None:
        # python-telegram-bot 22 warns on every RetryAfter it builds unless told we
        # read `retry_after` as a timedelta (which we do); the warning would be noise.
        os.environ.setdefault("PTB_TIMEDELTA", "true")
        limits = options.limits
        api_url = api_url.rstrip("/")
        self._processor = ChatOrderedProcessor(options.max_in_flight)
        self.application = (
            Application.builder()
            .token(token)
            .base_url(f"{api_url}/bot")
            .base_file_url(f"{api_url}/file/bot")
            .request(
                AiohttpRequest(connection_pool_size=options.connections, on_error=options.on_error)
            )
            # The long poll's own timeout is added to this read timeout by PTB.
            .get_updates_request(AiohttpRequest(connection_pool_size=2, read_timeout=10.0))
            .rate_limiter(_aio_rate_limiter(limits, options.max_retry_after))
            .concurrent_updates(self._processor)
            .job_queue(None)
            .build()
        )
        self._messenger = PtbMessenger(
            self.application,
            RateLimiter(
                RateLimits(overall=None, private_chat=limits.private_chat, group_chat=None)
            ),
            attempts=options.send_attempts,
            backoff=options.backoff,
            sleep=options.sleep,
        )
        self._poll_timeout = options.poll_timeout
        self._drain_timeout = options.drain_timeout
        self._handle: Handle | None = None
        self._username: str | None = None
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_error_handler(self._on_error)

    @property
    def messenger(self) -> Messenger:
        return self._messenger

    async def start(self) -> None:
        """Open the HTTP sessions and learn who we are (PTB calls getMe)."""
        await self.application.initialize()
        self._username = self.application.bot.username

    def parse(self, update: dict[str, Any]) -> Inbound | None:
        parsed = Update.de_json(update, self.application.bot)
        if parsed is None:
            raise ValueError("not an update")
        return inbound_from_update(cast(Update, parsed), self._username)

    async def set_webhook(
        self, url: str, secret: str, *, max_connections: int = 40, drop_pending: bool = False
    ) -> None:
        await self.application.bot.set_webhook(
            url,
            secret_token=secret,
            allowed_updates=list(ALLOWED_UPDATES),
            max_connections=max_connections,
            drop_pending_updates=drop_pending,
        )

    async def delete_webhook(self, drop_pending: bool = False) -> None:
        await self.application.bot.delete_webhook(drop_pending_updates=drop_pending)

    async def run_polling(self, handle: Handle, stop: asyncio.Event) -> None:
        self._handle = handle
        app = self.application
        updater = app.updater
        if updater is None:
            raise RuntimeError("the application was built without an updater")
        await app.start()
        try:
            await updater.start_polling(
                timeout=dtm.timedelta(seconds=self._poll_timeout),
                allowed_updates=list(ALLOWED_UPDATES),
                drop_pending_updates=False,
            )
            await stop.wait()
        finally:
            if updater.running:
                await updater.stop()
            # app.stop() waits for every queued update; the watchdog bounds that wait.
            watchdog = asyncio.create_task(self._processor.abort_after(self._drain_timeout))
            try:
                await app.stop()
            finally:
                watchdog.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watchdog
                await self._processor.drain(0)
                self._handle = None

    async def close(self) -> None:
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        inbound = inbound_from_update(update, self._username)
        if inbound is not None and self._handle is not None:
            await self._handle(inbound)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("handler failed on update %s", update_id, exc_info=context.error)


def _aio_rate_limiter(limits: RateLimits, max_retries: int) -> AIORateLimiter:
    overall, group = limits.overall, limits.group_chat
    return AIORateLimiter(
        # aiolimiter's bucket holds max_rate tokens per time_period: express burst that way.
        overall_max_rate=overall.burst if overall else 0,
        overall_time_period=overall.burst / overall.per_second if overall else 0,
        group_max_rate=group.burst if group else 0,
        group_time_period=group.burst / group.per_second if group else 0,
        max_retries=max_retries,
    )
