"""`Messenger` through python-telegram-bot's bot, with PTB's errors mapped to ours.

AIORateLimiter (set on the application) holds the overall and group limits and
retries after a 429; here we add the per-private-chat limit and a few retries
after network errors and timeouts.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, InputFile
from telegram import error as tg
from telegram.ext import Application

from handlers.ports import BadRequest, InlineKeyboard, Markup, Unreachable

from .botapi import NetworkError, RetryAfter, never_started, redact
from .client import DEFAULT_BACKOFF, Backoff, Sleep
from .ptb_convert import to_ptb_markup
from .ratelimit import RateLimiter

log = logging.getLogger(__name__)

T = TypeVar("T")


class PtbMessenger:
    """`Messenger` through PTB's bot, with PTB's errors mapped to ours."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        limiter: RateLimiter,
        *,
        attempts: int = 4,
        backoff: Backoff = DEFAULT_BACKOFF,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._bot = application.bot
        self._limiter = limiter
        self._attempts = attempts
        self._backoff = backoff
        self._sleep = sleep

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
        self, chat_id: int, photo: bytes, filename: str, caption: str | None = None
    ) -> int:
        message = await self._call(
            "sendPhoto",
            chat_id,
            {"caption": caption},
            lambda: self._bot.send_photo(chat_id, InputFile(photo, filename), caption=caption),
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

    async def _call(
        self,
        method: str,
        chat_id: int | None,
        shown: dict[str, Any],
        call: Callable[[], Awaitable[T]],
    ) -> T:
        failures = 0
        while True:
            try:
                # Only the private-chat limit: AIORateLimiter holds the overall and group ones.
                if chat_id is not None and chat_id > 0:
                    await self._limiter.acquire(chat_id)
                return await call()
            except (tg.Forbidden, tg.BadRequest) as exc:  # before NetworkError: see `refusal`
                error = refusal(exc, chat_id)
                if isinstance(error, BadRequest):
                    log.warning("%s refused: %s %s", method, exc.message, redact(shown))
                raise error from None
            except tg.RetryAfter as exc:  # AIORateLimiter already retried it
                raise RetryAfter(_seconds(exc), method) from None
            except tg.NetworkError as exc:  # includes TimedOut
                failures += 1
                if failures >= self._attempts:
                    raise NetworkError(f"{method}: {exc.message}") from None
                await self._sleep(self._backoff.delay(failures))


def refusal(exc: tg.Forbidden | tg.BadRequest, chat_id: int | None) -> Unreachable | BadRequest:
    """Telegram's refusal as our error. Blocked (403) and never started (400 "chat not
    found") both mean the person cannot be reached; any other 400 is a bad request.
    PTB derives `BadRequest` from `NetworkError`, so callers catch this first."""
    if isinstance(exc, tg.Forbidden) or never_started(exc.message):
        return Unreachable(chat_id or 0)
    return BadRequest(exc.message)


def _inline(markup: InlineKeyboard | None) -> InlineKeyboardMarkup | None:
    return to_ptb_markup(markup)  # type: ignore[return-value]


def _seconds(exc: tg.RetryAfter) -> float:
    # The public `retry_after` warns about its coming type change; the timedelta does not.
    delta = getattr(exc, "_retry_after", None)
    return delta.total_seconds() if isinstance(delta, dtm.timedelta) else 1.0
