"""`ScriptedUser`: what a scripted Telegram user does and reads, whatever carries it.

Two carriers share it: `sandbox.client.SimUser` talks to a sandbox server over
HTTP (end-to-end tests, the demo), and the in-process harness's `HarnessUser`
writes into the sandbox's state directly (flow tests). Only how an update is
handed over and how the chat's events are read differ, so only those are left
to the subclasses; pressing, reading and matching stay one piece of code, and
a test reads the same on either tier.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, NoReturn

from .transcript import CallbackAnswer, ChatMessage

JSON = dict[str, Any]
MESSAGE_KINDS = "send,edit,edit_markup"
ANSWER_KINDS = "answer"
Match = str | Callable[[ChatMessage], bool]


class ScriptedUser(ABC):
    """A Telegram user in a private chat with the bot.

    The ``timeout`` arguments below are not local deadlines wrapped around an
    await (what ruff's ASYNC109 guards against): they bound how long the
    carrier waits for the bot's next event (a long poll, or a condition).
    """

    def __init__(
        self, user_id: int, first_name: str, language_code: str, username: str | None
    ) -> None:
        self.id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.username = username
        self.last_message_with_buttons: ChatMessage | None = None
        self._seen = 0  # seq of the last bot message or edit handed out
        self._answers_seen = 0  # seq of the last callback answer handed out

    # What a carrier provides.
    @abstractmethod
    async def send(self, text: str) -> int:
        """Send a text message; returns the update's id."""

    @abstractmethod
    async def _press(self, message_id: int, data: str) -> int:
        """Press the button with callback ``data`` on the bot's message ``message_id``."""

    @abstractmethod
    async def _events(self, after: int, wait: float, kinds: str) -> list[JSON]:
        """The bot's events of ``kinds`` after seq ``after``, waiting up to ``wait``
        seconds for the first; [] when none came in time."""

    @abstractmethod
    async def _transcript_text(self) -> str:
        """The chat so far, printed for a failure's message."""

    def _user(self) -> JSON:
        user: JSON = {
            "id": self.id,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }
        if self.username:
            user["username"] = self.username
        return user

    async def command(self, name: str, args: str = "") -> int:
        return await self.send(f"/{name} {args}" if args else f"/{name}")

    async def press(self, message: ChatMessage | None, button_text_or_data: str) -> int:
        """Press an inline button of ``message`` (default: the last one with buttons)."""
        message = message or self.last_message_with_buttons
        if message is None:
            raise AssertionError(f"{self.first_name} has seen no message with buttons")
        button = message.find_button(button_text_or_data)
        if button is None or button.data is None:
            offered = ", ".join(f"{b.text!r} ({b.data!r})" for b in message.button_list)
            raise AssertionError(
                f"no button {button_text_or_data!r} on message {message.message_id} "
                f"({message.text!r}); buttons: {offered or 'none'}"
            )
        return await self._press(message.message_id, button.data)

    async def next_message(self, timeout: float = 10) -> ChatMessage:  # noqa: ASYNC109
        """The bot's next message or edit in this chat after those already consumed."""
        events = await self._events(self._seen, timeout, MESSAGE_KINDS)
        if not events:
            await self._fail(f"no message from the bot within {timeout:g} s")
        return self._consume(events[0])

    async def next_answer(self, timeout: float = 10) -> CallbackAnswer:  # noqa: ASYNC109
        """The bot's next answer to a pressed button (toast or alert)."""
        events = await self._events(self._answers_seen, timeout, ANSWER_KINDS)
        if not events:
            await self._fail(f"no callback answer within {timeout:g} s")
        answer = CallbackAnswer.from_event(events[0])
        self._answers_seen = answer.seq
        return answer

    async def expect(self, match: Match, timeout: float = 10) -> ChatMessage:  # noqa: ASYNC109
        """Skip the bot's messages until one matches (a substring of text/caption or a test)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (remaining := deadline - loop.time()) > 0:
            for event in await self._events(self._seen, remaining, MESSAGE_KINDS):
                message = self._consume(event)
                if matches(match, message):
                    return message
        await self._fail(f"no bot message matching {match!r} within {timeout:g} s")

    def _consume(self, event: JSON) -> ChatMessage:
        message = ChatMessage.from_event(event)
        self._seen = message.seq
        if message.buttons:
            self.last_message_with_buttons = message
        return message

    async def _fail(self, reason: str) -> NoReturn:
        printed = await self._transcript_text() or "(empty chat)"
        raise AssertionError(f"{self.first_name} ({self.id}): {reason}; chat so far:\n{printed}")


def matches(match: Match, message: ChatMessage) -> bool:
    """Whether ``message`` is the one a test waits for."""
    if callable(match):
        return match(message)
    return match in (message.text or "") or match in (message.caption or "")
