"""`Messenger` through python-telegram-bot's bot, with PTB's errors mapped to ours.

AIORateLimiter (set on the application) holds the overall and group limits; here
we add the per-private-chat limit, and retry a 429, a 5xx or a network error
within the call's time budget (`retry.RetryBudget`). A send's read timeout is not
retried: the message may have been sent (`MaybeSent`); a read's (getFile, a
download) is, as the raw client does.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import random
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InlineKeyboardMarkup,
    InputFile,
)
from telegram import error as tg
from telegram.ext import Application

from handlers.kit.ports import (
    MAX_DOWNLOAD,
    BadRequest,
    Commands,
    FileTooBig,
    InlineKeyboard,
    Markup,
    SentMedia,
    Unreachable,
)

from .aiohttp_request import ReadTimedOut
from .botapi import MaybeSent, NetworkError, RetryAfter, never_started, redact
from .client import Sleep
from .ptb_convert import to_ptb_markup
from .ratelimit import SendLimiter
from .retry import DEFAULT_BACKOFF, DEFAULT_BUDGET, Backoff, Clock, Jitter, RetryBudget

log = logging.getLogger(__name__)

T = TypeVar("T")


class PtbMessenger:
    """`Messenger` through PTB's bot, with PTB's errors mapped to ours."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        limiter: SendLimiter,
        *,
        budget: float = DEFAULT_BUDGET,
        backoff: Backoff = DEFAULT_BACKOFF,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        jitter: Jitter = random.random,
        every_chat: bool = False,
    ) -> None:
        self._bot = application.bot
        # True with the shared limiter, which holds every limit (AIORateLimiter is off).
        self._every_chat = every_chat
        self._limiter = limiter
        self._budget = budget
        self._backoff = backoff
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter

    async def send(self, chat_id: int, text: str, markup: Markup | None = None) -> int:
        message = await self._call(
            "sendMessage",
            chat_id,
            {"text": text},
            lambda: self._bot.send_message(chat_id, text, reply_markup=to_ptb_markup(markup)),
        )
        return message.message_id

    async def edit(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboard | None = None
    ) -> None:
        await self._call(
            "editMessageText",
            chat_id,
            {"message_id": message_id, "text": text},
            lambda: self._bot.edit_message_text(
                text, chat_id, message_id, reply_markup=_inline(markup)
            ),
        )

    async def edit_markup(
        self, chat_id: int, message_id: int, markup: InlineKeyboard | None
    ) -> None:
        await self._call(
            "editMessageReplyMarkup",
            chat_id,
            {"message_id": message_id},
            lambda: self._bot.edit_message_reply_markup(
                chat_id, message_id, reply_markup=_inline(markup)
            ),
        )

    async def answer(self, callback_id: str, text: str | None = None, alert: bool = False) -> None:
        await self._call(
            "answerCallbackQuery",
            None,
            {"text": text},
            lambda: self._bot.answer_callback_query(callback_id, text, show_alert=alert),
        )

    async def send_photo(
        self,
        chat_id: int,
        photo: bytes,
        filename: str,
        caption: str | None = None,
        markup: InlineKeyboard | None = None,
    ) -> int:
        message = await self._call(
            "sendPhoto",
            chat_id,
            {"caption": caption},
            lambda: self._bot.send_photo(
                chat_id, InputFile(photo, filename), caption=caption, reply_markup=_inline(markup)
            ),
        )
        return message.message_id

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None = None
    ) -> int:
        message = await self._call(
            "sendDocument",
            chat_id,
            {"caption": caption},
            lambda: self._bot.send_document(
                chat_id, InputFile(document, filename), caption=caption
            ),
        )
        return message.message_id

    async def send_document_path(
        self, chat_id: int, path: Path, filename: str, caption: str | None = None
    ) -> int:
        # InputFile reads a file object whole anyway: read it off the event loop.
        data = await asyncio.to_thread(path.read_bytes)
        return await self.send_document(chat_id, data, filename, caption)

    async def send_file_id(
        self,
        chat_id: int,
        media: SentMedia,
        file_id: str,
        caption: str | None = None,
        markup: InlineKeyboard | None = None,
    ) -> int:
        method, send = {
            "photo": ("sendPhoto", self._bot.send_photo),
            "voice": ("sendVoice", self._bot.send_voice),
            "document": ("sendDocument", self._bot.send_document),
        }[media]
        message = await self._call(
            method,
            chat_id,
            {"caption": caption},
            lambda: send(chat_id, file_id, caption=caption, reply_markup=_inline(markup)),
        )
        return message.message_id

    async def get_file(self, file_id: str, max_bytes: int = MAX_DOWNLOAD) -> bytes:
        """PTB reads the whole body, so the cap is checked against getFile's
        `file_size` before (Telegram always gives it) and the bytes after."""
        file = await self._call(
            "getFile", None, {}, lambda: self._bot.get_file(file_id), repeatable=True
        )
        if file.file_size is not None and file.file_size > max_bytes:
            raise FileTooBig(file.file_size, max_bytes)
        if not file.file_path:
            # Telegram gives no path for a file over its own 20 MB download limit.
            raise BadRequest("getFile: no file_path, the file cannot be downloaded")
        try:
            data = await self._call(
                "download", None, {}, file.download_as_bytearray, repeatable=True
            )
        except tg.InvalidToken:  # PTB's name for a 404 (or 401) from the file URL
            raise BadRequest("file download: not found") from None
        if len(data) > max_bytes:
            raise FileTooBig(len(data), max_bytes)
        return bytes(data)

    async def set_commands(
        self, commands: Commands, chat_id: int | None = None, language: str | None = None
    ) -> None:
        await self._limiter.acquire(None)  # paced like a message (no-op under AIORateLimiter)
        await self._call(
            "setMyCommands",
            None,
            {},
            lambda: self._bot.set_my_commands(
                [BotCommand(c, d) for c, d in commands],
                scope=_scope(chat_id),
                language_code=language,
            ),
        )

    async def delete_commands(
        self, chat_id: int | None = None, language: str | None = None
    ) -> None:
        await self._limiter.acquire(None)
        await self._call(
            "deleteMyCommands",
            None,
            {},
            lambda: self._bot.delete_my_commands(scope=_scope(chat_id), language_code=language),
        )

    async def _call(
        self,
        method: str,
        chat_id: int | None,
        shown: dict[str, Any],
        call: Callable[[], Awaitable[T]],
        repeatable: bool = False,
    ) -> T:
        """`call` within the budget. `repeatable` calls (getFile, a download: reads)
        are retried after a read timeout too; a send is not, it may have gone out."""
        retries = RetryBudget(self._budget, self._backoff, clock=self._clock, jitter=self._jitter)
        while True:
            try:
                # Only the private-chat limit: AIORateLimiter holds the overall and group
                # ones, unless the shared limiter holds them all.
                if chat_id is not None and (chat_id > 0 or self._every_chat):
                    await self._limiter.acquire(chat_id)
                return await call()
            except (tg.Forbidden, tg.BadRequest) as exc:  # before NetworkError: see `refusal`
                error = refusal(exc, chat_id)
                if isinstance(error, BadRequest):
                    log.warning("%s refused: %s %s", method, exc.message, redact(shown))
                raise error from None
            except tg.RetryAfter as exc:
                delay = retries.wait(_seconds(exc))
                if delay is None:
                    raise RetryAfter(_seconds(exc), method) from None
                log.info("%s: flood control, retrying in %.1f s", method, delay)
                await self._sleep(delay)
            except ReadTimedOut:  # written, unanswered: a second send could double it
                delay = retries.wait() if repeatable else None
                if delay is None:
                    raise MaybeSent(f"{method}: no answer within the read timeout") from None
                log.warning("%s: no answer within the read timeout, retry in %.1f s", method, delay)
                await self._sleep(delay)
            except tg.NetworkError as exc:  # 5xx, connection errors, connect timeouts
                delay = retries.wait()
                if delay is None:
                    raise NetworkError(f"{method}: {exc.message}") from None
                log.warning("%s failed (%s), retry in %.1f s", method, exc.message, delay)
                await self._sleep(delay)


def refusal(exc: tg.Forbidden | tg.BadRequest, chat_id: int | None) -> Unreachable | BadRequest:
    """Telegram's refusal as our error. Blocked (403) and never started (400 "chat not
    found") both mean the person cannot be reached; any other 400 is a bad request.
    PTB derives `BadRequest` from `NetworkError`, so callers catch this first."""
    if isinstance(exc, tg.Forbidden) or never_started(exc.message):
        return Unreachable(chat_id or 0)
    return BadRequest(exc.message)


def _scope(chat_id: int | None) -> BotCommandScopeChat | BotCommandScopeDefault:
    return BotCommandScopeDefault() if chat_id is None else BotCommandScopeChat(chat_id)


def _inline(markup: InlineKeyboard | None) -> InlineKeyboardMarkup | None:
    return to_ptb_markup(markup)  # type: ignore[return-value]


def _seconds(exc: tg.RetryAfter) -> float:
    # The public `retry_after` warns about its coming type change; the timedelta does not.
    delta = getattr(exc, "_retry_after", None)
    return delta.total_seconds() if isinstance(delta, dtm.timedelta) else 1.0
