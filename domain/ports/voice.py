"""The voice notes of orders: what a resident said instead of typing, by file id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class VoiceNote:
    order_id: int
    seq: int  # in the order they were said, from 1
    step: str  # the step it answered: "details", "address", ... or "menu"
    file_id: str  # Telegram's: played again with sendVoice, never downloaded


class VoiceRepo(Protocol):
    async def add(self, order_id: int, notes: Sequence[tuple[str, str]]) -> None:
        """Keep `(step, file_id)` pairs as the order's notes, after any it has."""
        ...

    async def of_order(self, order_id: int) -> list[VoiceNote]:
        """The order's notes, in the order they were said."""
        ...

    async def of_resident(self, resident_id: int) -> list[VoiceNote]:
        """The notes of every order the person placed (`/mydata`)."""
        ...

    async def forget(self, resident_id: int) -> None:
        """Drop the voice notes of the person's orders (`/forgetme`)."""
        ...
