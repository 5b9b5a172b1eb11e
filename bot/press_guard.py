"""Every button press answered before Telegram forgets it (about 15 s).

A press waits its turn behind the chat's earlier updates, and the replies to
those are paced at Telegram's one message a second per chat; a user who sent a
burst of messages and then pressed a button would watch the spinner until the
query expired. The answer itself is never paced (the per-chat limit is on
messages, not on answerCallbackQuery), so the guard answers a press with no text
once `after` seconds passed since it was received without an answer. The
handler's own answer later on is then skipped: Telegram would refuse it anyway.

`PressGuard` is the transport's `Messenger` with that rule added; the handlers
never know.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from handlers.kit.ports import (
    MAX_DOWNLOAD,
    Commands,
    Inbound,
    InlineKeyboard,
    Kind,
    Markup,
    Messenger,
    MessengerError,
    SentMedia,
)

log = logging.getLogger(__name__)

EARLY_ANSWER_AFTER = 4.0  # seconds: well inside Telegram's ~15 s, short for a waiting thumb
_REMEMBER = 10_000  # presses answered early, remembered to skip the handler's late answer


class PressGuard:
    def __init__(
        self,
        messenger: Messenger,
        after: float = EARLY_ANSWER_AFTER,
        on_early: Callable[[], None] | None = None,
    ) -> None:
        self._inner = messenger
        self._after = after
        self._on_early = on_early  # counts them (metrics)
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._early: OrderedDict[str, None] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        self.answered_early = 0

    def watch(self, inbound: Inbound) -> None:
        """Start the press's clock (once; a redelivered press keeps its first one)."""
        query = inbound.callback_id
        if inbound.kind is not Kind.BUTTON or not query:
            return
        if query in self._timers or query in self._early:
            return
        loop = asyncio.get_running_loop()
        self._timers[query] = loop.call_later(self._after, self._expire, query)

    def _expire(self, query: str) -> None:
        if self._timers.pop(query, None) is None:
            return
        self._early[query] = None
        while len(self._early) > _REMEMBER:
            self._early.popitem(last=False)
        self.answered_early += 1
        if self._on_early is not None:
            self._on_early()
        task = asyncio.create_task(self._answer_early(query))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _answer_early(self, query: str) -> None:
        try:
            await self._inner.answer(query)
        except MessengerError as error:
            log.info("could not answer a waiting press early: %s", error)

    def close(self) -> None:
        """Stop the clocks (shutdown): what is still waiting is answered by its handler."""
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()

    # --- Messenger ---------------------------------------------------------------

    async def answer(self, callback_id: str, text: str | None = None, alert: bool = False) -> None:
        timer = self._timers.pop(callback_id, None)
        if timer is not None:
            timer.cancel()
        elif callback_id in self._early:
            return  # answered already, with no text: Telegram takes one answer only
        await self._inner.answer(callback_id, text, alert)

    async def send(self, chat_id: int, text: str, markup: Markup | None = None) -> int:
        return await self._inner.send(chat_id, text, markup)

    async def edit(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboard | None = None
    ) -> None:
        await self._inner.edit(chat_id, message_id, text, markup)

    async def edit_markup(
        self, chat_id: int, message_id: int, markup: InlineKeyboard | None
    ) -> None:
        await self._inner.edit_markup(chat_id, message_id, markup)

    async def send_photo(
        self,
        chat_id: int,
        photo: bytes,
        filename: str,
        caption: str | None = None,
        markup: InlineKeyboard | None = None,
    ) -> int:
        return await self._inner.send_photo(chat_id, photo, filename, caption, markup)

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None = None
    ) -> int:
        return await self._inner.send_document(chat_id, document, filename, caption)

    async def send_document_path(
        self, chat_id: int, path: Path, filename: str, caption: str | None = None
    ) -> int:
        return await self._inner.send_document_path(chat_id, path, filename, caption)

    async def send_file_id(
        self,
        chat_id: int,
        media: SentMedia,
        file_id: str,
        caption: str | None = None,
        markup: InlineKeyboard | None = None,
    ) -> int:
        return await self._inner.send_file_id(chat_id, media, file_id, caption, markup)

    async def get_file(self, file_id: str, max_bytes: int = MAX_DOWNLOAD) -> bytes:
        return await self._inner.get_file(file_id, max_bytes)

    async def set_commands(
        self, commands: Commands, chat_id: int | None = None, language: str | None = None
    ) -> None:
        await self._inner.set_commands(commands, chat_id, language)

    async def delete_commands(
        self, chat_id: int | None = None, language: str | None = None
    ) -> None:
        await self._inner.delete_commands(chat_id, language)
