"""Conversation state: where each chat's flow stands, kept in memory or Redis."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from domain.models import TELEGRAM


@dataclass(frozen=True, slots=True)
class StateKey:
    """One conversation: a chat on a channel, with one person in it."""

    bot_id: int
    chat_id: int  # on `channel`
    user_id: int  # the person
    channel: str = TELEGRAM

    def key(self, prefix: str = "conv") -> str:
        # Telegram's conversations keep their key of before, so a deploy drops none
        # of them; another channel's name its channel ("conv:1:web:5:7"), which no
        # Telegram key can spell (its third part is always a number).
        if self.channel == TELEGRAM:
            return f"{prefix}:{self.bot_id}:{self.chat_id}:{self.user_id}"
        return f"{prefix}:{self.bot_id}:{self.channel}:{self.chat_id}:{self.user_id}"


@dataclass(frozen=True, slots=True)
class ConversationState:
    flow: str
    step: str
    version: int
    updated_at: float  # unix seconds, from the Clock
    data: dict[str, Any] = field(default_factory=dict)


class StateStore(Protocol):
    async def get(self, key: StateKey) -> ConversationState | None: ...

    async def put(self, key: StateKey, state: ConversationState, expected: int | None) -> bool:
        """Write `state` if the stored version equals `expected` (absent counts as 0).

        `expected=None` writes unconditionally. Returns False when the version did
        not match: someone else advanced the conversation first.
        """
        ...

    async def delete(self, key: StateKey, expected: int | None = None) -> bool:
        """Delete, compare-and-set like `put`; deleting an absent key is True only if
        expected is None or 0."""
        ...

    async def close(self) -> None: ...
