"""The raw Bot API transport: aiohttp and our own JSON, no bot library at all.

Nothing in this module's import chain may import `telegram` or `aiogram`
(a test checks it): it is the fallback when the library is the problem, and
the fastest path we have.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from handlers.kit.ports import (
    MAX_DOWNLOAD,
    BadRequest,
    Commands,
    FileTooBig,
    Inbound,
    InlineKeyboard,
    Markup,
    Messenger,
    SentMedia,
)

from .base import DEFAULT_OPTIONS, TransportOptions
from .botapi import (
    ALLOWED_UPDATES,
    ApiError,
    commands_scope,
    get_updates_params,
    markup_to_json,
    parse_update,
)
from .client import BotApiClient, Upload
from .ratelimit import RateLimiter

log = logging.getLogger(__name__)


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
        self,
        chat_id: int,
        photo: bytes,
        filename: str,
        caption: str | None = None,
        markup: InlineKeyboard | None = None,
    ) -> int:
        return await self._upload("sendPhoto", "photo", chat_id, photo, filename, caption, markup)

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None = None
    ) -> int:
        return await self._upload("sendDocument", "document", chat_id, document, filename, caption)

    async def send_document_path(
        self, chat_id: int, path: Path, filename: str, caption: str | None = None
    ) -> int:
        return await self._upload("sendDocument", "document", chat_id, path, filename, caption)

    async def send_file_id(
        self,
        chat_id: int,
        media: SentMedia,
        file_id: str,
        caption: str | None = None,
        markup: InlineKeyboard | None = None,
    ) -> int:
        method = _SEND_METHOD[media]
        params = {
            "chat_id": chat_id,
            media: file_id,
            "caption": caption,
            "reply_markup": markup_to_json(markup),
        }
        message = await self._client.call(method, params, chat_id=chat_id, limited=True)
        return int(message["message_id"])

    async def get_file(self, file_id: str, max_bytes: int = MAX_DOWNLOAD) -> bytes:
        file = await self._client.call("getFile", {"file_id": file_id})
        size, path = file.get("file_size"), file.get("file_path")
        if isinstance(size, int) and size > max_bytes:
            raise FileTooBig(size, max_bytes)
        if not isinstance(path, str) or not path:
            # Telegram gives no path for a file over its own 20 MB download limit.
            raise BadRequest("getFile: no file_path, the file cannot be downloaded")
        return await self._client.download(path, max_bytes)

    async def set_commands(
        self, commands: Commands, chat_id: int | None = None, language: str | None = None
    ) -> None:
        params = {
            "commands": [{"command": c, "description": d} for c, d in commands],
            **commands_scope(chat_id, language),
        }
        await self._client.call("setMyCommands", params, limited=True)

    async def delete_commands(
        self, chat_id: int | None = None, language: str | None = None
    ) -> None:
        params = commands_scope(chat_id, language)
        await self._client.call("deleteMyCommands", params, limited=True)

    async def _upload(
        self,
        method: str,
        field: str,
        chat_id: int,
        data: bytes | Path,
        filename: str,
        caption: str | None,
        markup: InlineKeyboard | None = None,
    ) -> int:
        message = await self._client.call(
            method,
            {"chat_id": chat_id, "caption": caption, "reply_markup": markup_to_json(markup)},
            chat_id=chat_id,
            limited=True,
            upload=Upload(field, data, filename),
        )
        return int(message["message_id"])


_SEND_METHOD: dict[SentMedia, str] = {
    "photo": "sendPhoto",
    "voice": "sendVoice",
    "document": "sendDocument",
}


class RawTransport:
    """`Transport` over one aiohttp session: raw getUpdates batches, our limiter."""

    def __init__(
        self, token: str, api_url: str, options: TransportOptions = DEFAULT_OPTIONS
    ) -> None:
        self._client = BotApiClient(
            token,
            api_url,
            limiter=options.limiter or RateLimiter(options.limits),
            connections=options.connections,
            read_timeout=options.read_timeout,
            budget=options.send_budget,
            backoff=options.backoff,
            sleep=options.sleep,
            clock=options.clock,
            jitter=options.jitter,
            on_error=options.on_error,
        )
        self._messenger = RawMessenger(self._client)
        self._username: str | None = None
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

    async def prepare_polling(self) -> None:
        """Switch to polling and learn our username (to skip "/cmd@other_bot")."""
        await self._client.call("deleteWebhook", {"drop_pending_updates": False}, forever=True)
        me = await self._client.call("getMe", forever=True)
        self._username = me.get("username") if isinstance(me, dict) else None

    async def get_updates(
        self, offset: int | None, wait: float, limit: int
    ) -> list[dict[str, Any]]:
        params = get_updates_params(offset, wait, limit)
        while True:
            try:
                updates = await self._client.call(
                    "getUpdates", params, forever=True, read_timeout=params["timeout"] + 10
                )
                return [u for u in updates if isinstance(u, dict)]
            except ApiError as exc:
                if exc.status != 409:
                    raise  # a bad token will not get better
                # Someone else polls, or a webhook is set: wait for it to go away.
                log.warning("getUpdates conflict: %s", exc.description)
                await self._sleep(5.0)

    async def confirm_updates(self, offset: int) -> None:
        try:
            await self._client.call(
                "getUpdates", get_updates_params(offset, 0, 1), budget=0, read_timeout=5.0
            )
        except Exception as exc:  # best effort: the inbox refuses what comes again
            log.warning("could not confirm updates up to %s: %s", offset - 1, exc)
