"""The python-telegram-bot transport.

PTB makes the HTTP calls (over aiohttp, see `aiohttp_request.py`) and vets
updates (`Update.de_json`); the raw transport's `botapi.parse_update` reads them
into `Inbound`s, and we keep everything else. Polling is our own loop (`bot/poller.py`), not
PTB's `Updater`: getUpdates is fetched raw, through the same request object, so
each update is parsed on its own and one PTB refuses (a field a newer PTB
requires that an older Bot API server does not send) is set aside instead of
failing the whole batch for ever. `AIORateLimiter` covers the overall and group
limits, and our `RateLimiter` adds the per-private-chat limit it lacks; a 429
is waited out by `PtbMessenger`, within the send's budget. PTB's update queue,
handlers, persistence, job queue and `ConversationHandler` are not used.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram import error as tg
from telegram.ext import AIORateLimiter, Application
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from handlers.kit.ports import Inbound, Messenger

from .aiohttp_request import AiohttpRequest
from .base import DEFAULT_OPTIONS, TransportOptions
from .botapi import ALLOWED_UPDATES, get_updates_params, parse_update
from .ptb_messenger import PtbMessenger, _seconds
from .ratelimit import RateLimiter, RateLimits
from .retry import Backoff

log = logging.getLogger(__name__)


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
        # Its own connections, so a long poll never waits for a send's, nor the reverse.
        self._updates_request = AiohttpRequest(connection_pool_size=2, read_timeout=10.0)
        self._request = AiohttpRequest(
            connection_pool_size=options.connections,
            read_timeout=options.read_timeout,
            on_error=options.on_error,
        )
        shared = options.limiter
        builder = (
            Application.builder()
            .token(token)
            .base_url(f"{api_url}/bot")
            .base_file_url(f"{api_url}/file/bot")
            .request(self._request)
            .get_updates_request(self._updates_request)
            .updater(None)
            .job_queue(None)
        )
        # With the shared limiter, it holds every limit, in every worker: no AIORateLimiter.
        self.application: Application[Any, Any, Any, Any, Any, Any] = (
            builder.rate_limiter(_aio_rate_limiter(limits)).build()
            if shared is None
            else builder.build()
        )
        self._messenger = PtbMessenger(
            self.application,
            shared
            or RateLimiter(
                RateLimits(overall=None, private_chat=limits.private_chat, group_chat=None)
            ),
            budget=options.send_budget,
            backoff=options.backoff,
            sleep=options.sleep,
            clock=options.clock,
            jitter=options.jitter,
            every_chat=shared is not None,
        )
        self._jitter = options.jitter
        self._backoff: Backoff = options.backoff
        self._sleep = options.sleep
        self._username: str | None = None

    @property
    def messenger(self) -> Messenger:
        return self._messenger

    async def start(self) -> None:
        """Open the HTTP sessions and learn who we are (PTB calls getMe).

        A Bot API away at boot is waited out, as polling waits it out later; what
        will not get better (a refused token) closes the sessions and goes up, so
        the process ends with the error and nothing left open."""
        try:
            await self._while_away(self.application.initialize, "getMe")
        except BaseException:
            # PTB shuts down only what initialised whole: close the sessions ourselves.
            await self._request.shutdown()
            await self._updates_request.shutdown()
            raise
        self._username = self.application.bot.username

    async def _while_away(self, call: Callable[[], Awaitable[object]], method: str) -> None:
        """`call()` until it gets through: a network error or a 5xx is retried with
        full-jitter backoff (workers that lost the API together spread out), a 429
        after the wait it asks for; a refusal (400, bad token, forbidden) is raised
        at once."""
        failures = 0
        while True:
            try:
                await call()
                return
            except (tg.BadRequest, tg.InvalidToken, tg.Forbidden):
                raise
            except tg.RetryAfter as exc:
                await self._sleep(_seconds(exc))
            except tg.NetworkError as exc:  # the Bot API away for a moment
                failures += 1
                delay = self._jitter() * self._backoff.delay(failures)
                log.warning("%s failed (%s), retry in %.1f s", method, exc.message, delay)
                await self._sleep(delay)

    def parse(self, update: dict[str, Any]) -> Inbound | None:
        """The raw transport's `parse_update`, on what PTB accepts.

        `Update.de_json` stays as PTB's check: an update PTB cannot read is refused
        here as before, and set aside. The Inbound is then read from the JSON we
        already hold, by the one parser both transports share: feeding
        `update.to_dict()` instead gives the same Inbound and adds about 100 µs an
        update (de_json is ~250 µs, parse_update ~9) for nothing.
        """
        if Update.de_json(update, self.application.bot) is None:
            raise ValueError("not an update")
        return parse_update(update, self._username)

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

    async def prepare_polling(self) -> None:
        await self._while_away(
            lambda: self.application.bot.delete_webhook(drop_pending_updates=False),
            "deleteWebhook",
        )
        self._username = self.application.bot.username

    async def get_updates(
        self, offset: int | None, wait: float, limit: int
    ) -> list[dict[str, Any]]:
        """The raw batch: `Bot.get_updates` would parse it whole and fail on one bad update."""
        params = get_updates_params(offset, wait, limit)
        failures = 0
        while True:
            try:
                return await self._raw_get_updates(params, read_timeout=params["timeout"] + 10)
            except tg.RetryAfter as exc:
                await self._sleep(_seconds(exc))
            except tg.Conflict as exc:
                # Someone else polls, or a webhook is set: wait for it to go away.
                log.warning("getUpdates conflict: %s", exc.message)
                await self._sleep(5.0)
            except (tg.InvalidToken, tg.Forbidden):
                raise  # a bad token will not get better
            except tg.TelegramError as exc:  # network, timeouts, 5xx
                failures += 1
                delay = self._jitter() * self._backoff.delay(failures)  # full jitter
                log.warning("getUpdates failed (%s), retry in %.1f s", exc.message, delay)
                await self._sleep(delay)

    async def confirm_updates(self, offset: int) -> None:
        try:
            await self._raw_get_updates(get_updates_params(offset, 0, 1), read_timeout=5.0)
        except Exception as exc:  # best effort: the inbox refuses what comes again
            log.warning("could not confirm updates up to %s: %s", offset - 1, exc)

    async def _raw_get_updates(
        self, params: dict[str, Any], read_timeout: float
    ) -> list[dict[str, Any]]:
        data = RequestData(
            [RequestParameter.from_input(k, v) for k, v in params.items() if v is not None]
        )
        result = await self._updates_request.post(
            f"{self.application.bot.base_url}/getUpdates", data, read_timeout=read_timeout
        )
        return [u for u in result if isinstance(u, dict)] if isinstance(result, list) else []

    async def close(self) -> None:
        await self.application.shutdown()


def _aio_rate_limiter(limits: RateLimits) -> AIORateLimiter:
    overall, group = limits.overall, limits.group_chat
    return AIORateLimiter(
        # aiolimiter's bucket holds max_rate tokens per time_period: express burst that way.
        overall_max_rate=overall.burst if overall else 0,
        overall_time_period=overall.burst / overall.per_second if overall else 0,
        group_max_rate=group.burst if group else 0,
        group_time_period=group.burst / group.per_second if group else 0,
        # No retries of its own: a 429 reaches `PtbMessenger`, which waits it out
        # within the send's budget (AIORateLimiter would give up after a count).
        max_retries=0,
    )
