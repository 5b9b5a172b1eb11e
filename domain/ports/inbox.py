"""The update inbox: updates received but not yet handled, per chat, and whose turn it is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StoredUpdate:
    """One received update as the inbox keeps it until it is handled."""

    update_id: int
    payload: str


@dataclass(frozen=True, slots=True)
class NewUpdate:
    """One update of a received batch, to store in its chat's inbox."""

    chat_id: int
    update_id: int
    payload: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An update the transport could not parse, set aside for inspection (never handled)."""

    update_id: int
    raw: str  # the update as received: holds personal data, so it is never logged
    error: str


@dataclass(frozen=True, slots=True)
class AsideUpdate:
    """An update set aside instead of handled (the handler failed on it every time,
    or it could not be read), kept with why for someone to look at."""

    update_id: int
    chat_id: int
    reason: str
    payload: str


class UpdateInbox(Protocol):
    """Updates received but not yet handled, per chat, and whose turn it is to handle them.

    The receiver stores an update before it acknowledges it. A chat is handled in
    turns: `claim` takes the chat's lease and gives its oldest update; `done` marks
    that one handled and gives the next, until none is left, when the same step
    lets the lease go. Because storing and letting go are each one atomic step, an
    update stored while a turn runs is either seen by that turn or finds the chat
    free, so nothing waits for a janitor in the normal course. A worker that dies
    mid-turn loses nothing: its lease runs out after `lease` seconds.
    """

    lease: float  # seconds a turn keeps its chat without `done` or `renew`

    async def put(self, bot_id: int, chat_id: int, update_id: int, payload: str) -> bool:
        """Store an update unless it is stored or done already; True when it was new."""
        ...

    async def put_many(self, bot_id: int, updates: Sequence[NewUpdate]) -> list[bool]:
        """`put` for a whole batch in one round trip; True for each update that was new.

        Polling stores a fetched batch this way before it asks for the next one,
        which confirms this one to Telegram."""
        ...

    async def put_unreadable(self, bot_id: int, updates: Sequence[Unreadable]) -> None:
        """Keep updates that could not be parsed for inspection, for a limited time."""
        ...

    async def unreadable(self, bot_id: int, limit: int = 100) -> list[Unreadable]:
        """The newest updates set aside as unreadable, oldest first."""
        ...

    async def claim(
        self, bot_id: int, chat_id: int, holder: str, first: StoredUpdate | None = None
    ) -> StoredUpdate | None:
        """Store `first` as `put` would, then take the chat's lease for `holder` and
        return its oldest stored update.

        None when the chat has nothing stored (no lease is taken) or another
        holder's lease is live (that turn will see what was stored)."""
        ...

    async def done(
        self, bot_id: int, chat_id: int, update_id: int, holder: str
    ) -> StoredUpdate | None:
        """Forget a handled update, refuse it if it is delivered again, and return the
        chat's next stored update with the lease renewed.

        None ends the turn: nothing is left (the lease is let go in the same step)
        or the lease was lost to another holder."""
        ...

    async def set_aside(
        self, bot_id: int, chat_id: int, update_id: int, holder: str, reason: str
    ) -> StoredUpdate | None:
        """As `done`, but the update is kept among the set-aside ones with `reason`
        (a short word, never user data), for inspection."""
        ...

    async def aside(self, bot_id: int, limit: int = 100) -> list[AsideUpdate]:
        """Up to `limit` set-aside updates, oldest update id first."""
        ...

    async def release(self, bot_id: int, chat_id: int, holder: str) -> None:
        """Let the lease go before the turn's end (shutdown, failure); what is still
        stored waits for the next update or the janitor."""
        ...

    async def renew(self, bot_id: int, leases: Mapping[int, str]) -> set[int]:
        """Extend the leases held on these chats (chat -> holder); returns the chats
        whose lease had already gone to someone else or run out."""
        ...

    async def chats(self, bot_id: int, limit: int = 100) -> list[int]:
        """Up to `limit` chats that have stored updates (for the janitor's round)."""
        ...
