"""The relayed chat's store: the messages passed on per order, and each person's thread."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

RelayKind = Literal["text", "photo", "voice", "location"]


@dataclass(frozen=True, slots=True)
class RelayItem:
    """What one person wrote, as it is passed on (text already masked)."""

    kind: RelayKind
    text: str = ""  # the text, or a photo's / voice note's caption
    file_id: str | None = None  # photo and voice: Telegram's file id
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class RelayMessage:
    id: int
    order_id: int
    sender_id: int
    recipient_id: int
    item: RelayItem
    at: datetime
    delivered_id: int | None = None  # its message id in the recipient's chat


class RelayRepo(Protocol):
    async def add(
        self, order_id: int, sender_id: int, recipient_id: int, item: RelayItem, now: datetime
    ) -> RelayMessage: ...

    async def delivered(self, message_id: int, delivered_id: int) -> None:
        """Remember the id the message got in the recipient's chat."""
        ...

    async def thread(self, order_id: int, limit: int = 200) -> list[RelayMessage]:
        """The order's messages, oldest first (the newest `limit`)."""
        ...

    async def count(self, order_id: int) -> int: ...

    async def replied(self, recipient_id: int, delivered_id: int) -> int | None:
        """The order of the relayed message `delivered_id` in `recipient_id`'s chat."""
        ...

    async def focus(self, person_id: int) -> int | None:
        """The order whose thread the person is writing in, if any."""
        ...

    async def set_focus(self, person_id: int, order_id: int | None, now: datetime) -> None:
        """Point the person at a thread; None: at none."""
        ...

    async def forget(self, person_ids: Sequence[int]) -> None:
        """Blank what these people wrote and drop their focus (`/forgetme`)."""
        ...
