"""A press waiting too long for its turn is answered blank, once."""

from __future__ import annotations

import asyncio

from bot.press_guard import PressGuard
from handlers.kit.ports import Inbound, InlineKeyboard, Kind, Markup, Sender


class RecordingMessenger:
    """The Bot API boundary: records answers, and says when one came."""

    def __init__(self) -> None:
        self.answers: list[tuple[str, str | None]] = []
        self.answered = asyncio.Event()

    async def answer(self, callback_id: str, text: str | None = None, alert: bool = False) -> None:
        self.answers.append((callback_id, text))
        self.answered.set()

    async def send(self, chat_id: int, text: str, markup: Markup | None = None) -> int:
        return 1

    async def edit(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboard | None = None
    ) -> None: ...

    async def edit_markup(
        self, chat_id: int, message_id: int, markup: InlineKeyboard | None
    ) -> None: ...

    async def send_photo(
        self, chat_id: int, photo: bytes, filename: str, caption: str | None = None
    ) -> int:
        return 1

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None = None
    ) -> int:
        return 1


def press(query: str) -> Inbound:
    return Inbound(1, Kind.BUTTON, 501, Sender(501), data="m:help", callback_id=query)


async def test_a_press_whose_turn_comes_late_is_answered_blank_and_only_once() -> None:
    inner = RecordingMessenger()
    counted: list[int] = []
    guard = PressGuard(inner, after=0.01, on_early=lambda: counted.append(1))
    guard.watch(press("q1"))
    guard.watch(press("q1"))  # redelivered: one clock
    await inner.answered.wait()
    await guard.answer("q1", "too late")  # the handler's own answer: skipped
    assert inner.answers == [("q1", None)]
    assert counted == [1]


async def test_a_press_answered_in_time_is_answered_by_its_handler() -> None:
    inner = RecordingMessenger()
    guard = PressGuard(inner, after=60.0)
    guard.watch(press("q2"))
    await guard.answer("q2", "done")
    guard.close()
    assert inner.answers == [("q2", "done")]
    assert guard.answered_early == 0
