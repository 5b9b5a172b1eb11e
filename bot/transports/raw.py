"""The raw Bot API transport: aiohttp and our own JSON, no bot library at all.

Nothing in this module's import chain may import `telegram` or `aiogram`
(a test checks it): it is the fallback when the library is the problem, and
the fastest path we have.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from functools import partial
from typing import Any, TypeVar

from handlers.ports import Inbound, InlineKeyboard, Markup, Messenger

from .base import DEFAULT_OPTIONS, Handle, TransportOptions
from .botapi import ALLOWED_UPDATES, ApiError, failure, markup_to_json, parse_update
from .client import BotApiClient, Upload
from .ratelimit import RateLimiter
from .sequencer import Sequencer

log = logging.getLogger(__name__)

T = TypeVar("T")


class RawMessenger:
    """`Messenger` as plain Bot API calls."""

    def __init__(self, client: BotApiClient) -> None:
        self._client = client

    async def send(self, chat_id: int, text: str, markup: Markup | None = None) -> int:
        params = {"chat_id": chat_id, "text": text, "reply_markup": markup_to_json(markup)}
        message = await self._client.call("sendMessage", params, chat_id=chat_id, limited=True)
        return int(message["message_id"])

    async def edit(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboard | None = None
    ) -> None:
        params = {
            "chat_id": chat_id,
            "message_id": message_id,
            "text": text,
            "reply_markup": markup_to_json(markup),
        }
        await self._client.call("editMessageText", params, chat_id=chat_id, limited=True)

    async def edit_markup(
        self, chat_id: int, message_id: int, markup: InlineKeyboard | None
    ) -> None:
        # Omitting reply_markup takes the inline keyboard away.
        params = {
            "chat_id": chat_id,
            "message_id": message_id,
            "reply_markup": markup_to_json(markup),
        }
        await self._client.call("editMessageReplyMarkup", params, chat_id=chat_id, limited=True)

    async def answer(self, callback_id: str, text: str | None = None, alert: bool = False) -> None:
        params = {"callback_query_id": callback_id, "text": text, "show_alert": alert or None}
        await self._client.call("answerCallbackQuery", params)

    async def send_photo(
        self, chat_id: int, photo: bytes, filename: str, caption: str | None = None
    ) -> int:
        return await self._upload("sendPhoto", "photo", chat_id, photo, filename, caption)

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None = None
    ) -> int:
        return await self._upload("sendDocument", "document", chat_id, document, filename, caption)

    async def _upload(
        self, method: str, field: str, chat_id: int, data: bytes, filename: str, caption: str | None
    ) -> int:
        message = await self._client.call(
            method,
            {"chat_id": chat_id, "caption": caption},
            chat_id=chat_id,
            limited=True,
            upload=Upload(field, data, filename),
        )
        return int(message["message_id"])


class RawTransport:
    """`Transport` over one aiohttp session: long polling, ordered dispatch, our limiter."""

    def __init__(
        self, token: str, api_url: str, options: TransportOptions = DEFAULT_OPTIONS
    ) -> None:
        self._client = BotApiClient(
            token,
            api_url,
            limiter=RateLimiter(options.limits),
            connections=options.connections,
            attempts=options.send_attempts,
            max_retry_after=options.max_retry_after,
            backoff=options.backoff,
            sleep=options.sleep,
            on_error=options.on_error,
        )
        self._messenger = RawMessenger(self._client)
        self._username: str | None = None
        self._poll_timeout = options.poll_timeout
        self._max_in_flight = options.max_in_flight
        self._drain_timeout = options.drain_timeout
        self._sleep = options.sleep

    @property
    def messenger(self) -> Messenger:
        return self._messenger

    @property
    def client(self) -> BotApiClient:
        """The underlying client, for calls the Messenger does not cover."""
        return self._client

    async def start(self) -> None:
        await self._client.open()

    async def close(self) -> None:
        await self._client.close()

    def parse(self, update: dict[str, Any]) -> Inbound | None:
        return parse_update(update, self._username)

    async def set_webhook(
        self, url: str, secret: str, *, max_connections: int = 40, drop_pending: bool = False
    ) -> None:
        params = {
            "url": url,
            "secret_token": secret,
            "allowed_updates": list(ALLOWED_UPDATES),
            "max_connections": max_connections,
            "drop_pending_updates": drop_pending,
        }
        await self._client.call("setWebhook", params)
        me = await self._client.call("getMe")
        self._username = me.get("username") if isinstance(me, dict) else None

    async def delete_webhook(self, drop_pending: bool = False) -> None:
        await self._client.call("deleteWebhook", {"drop_pending_updates": drop_pending})

    async def run_polling(self, handle: Handle, stop: asyncio.Event) -> None:
        """Long-poll getUpdates and dispatch until `stop` is set, then drain."""
        sequencer = Sequencer(self._max_in_flight)
        stopped = asyncio.create_task(stop.wait())
        offset: int | None = None
        drained = False
        try:
            ready, username = await _race(self._prepare(), stopped)
            while ready and not stop.is_set():
                polled, updates = await _race(self._get_updates(offset), stopped)
                if not polled:
                    # Updates of a cancelled poll are not confirmed: Telegram sends them again.
                    break
                for update in updates or ():
                    offset = int(update["update_id"]) + 1
                    await self._dispatch(sequencer, handle, update, username)
        finally:
            stopped.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stopped
            drained = await sequencer.close(self._drain_timeout)
        if drained:
            await self._confirm(offset)

    async def _prepare(self) -> str | None:
        """Switch to polling and learn our username (to skip "/cmd@other_bot")."""
        await self._client.call("deleteWebhook", {"drop_pending_updates": False}, attempts=0)
        me = await self._client.call("getMe", attempts=0)
        return me.get("username") if isinstance(me, dict) else None

    async def _get_updates(self, offset: int | None) -> list[dict[str, Any]]:
        params = {
            "offset": offset,
            "timeout": self._poll_timeout,
            "allowed_updates": list(ALLOWED_UPDATES),
        }
        while True:
            try:
                updates = await self._client.call(
                    "getUpdates", params, attempts=0, read_timeout=self._poll_timeout + 10
                )
                return list(updates)
            except ApiError as exc:
                if exc.status != 409:
                    raise  # a bad token will not get better
                # Someone else polls, or a webhook is set: wait for it to go away.
                log.warning("getUpdates conflict: %s", exc.description)
                await self._sleep(5.0)

    async def _dispatch(
        self, sequencer: Sequencer, handle: Handle, update: dict[str, Any], username: str | None
    ) -> None:
        try:
            inbound = parse_update(update, username)
        except (KeyError, TypeError, ValueError) as exc:
            # Never the payload, nor a traceback quoting it: it is somebody's message.
            log.error("unreadable update %s: %s", update.get("update_id"), failure(exc))
            return
        if inbound is not None:
            await sequencer.submit(inbound.chat_id, inbound.update_id, partial(handle, inbound))

    async def _confirm(self, offset: int | None) -> None:
        """Tell the server which updates we handled, so a restart does not see them again."""
        if offset is None:
            return
        try:
            await self._client.call(
                "getUpdates", {"offset": offset, "timeout": 0, "limit": 1}, attempts=1
            )
        except Exception as exc:  # best effort: the next start re-reads at worst
            log.warning("could not confirm updates up to %s: %s", offset - 1, exc)


async def _race(work: Coroutine[Any, Any, T], stopped: asyncio.Task[Any]) -> tuple[bool, T | None]:
    """Run `work` unless `stopped` finishes first; (False, None) when it was cut short."""
    task = asyncio.create_task(work)
    await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        return True, task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return False, None
