"""What `domain.digests` needs from storage: each coordinator's choice, and what
came in over their sites since a moment."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from domain.models import Order
from domain.ports.complaints import Complaint


class Mode(StrEnum):
    EVERY = "every"  # a notice per new order (no choice stored means this)
    DIGEST = "digest"  # one message a day, at `hour`
    ESCALATIONS = "escalations"  # only what is escalated to them


@dataclass(frozen=True, slots=True)
class Choice:
    user_id: int
    mode: Mode = Mode.EVERY
    hour: int | None = None  # county time, for a digest
    last_sent_at: datetime | None = None


class DigestRepo(Protocol):
    async def get(self, user_id: int) -> Choice | None: ...

    async def modes(self, user_ids: Iterable[int]) -> dict[int, Mode]:
        """The stored mode of each of them who chose one."""
        ...

    async def choose(self, user_id: int, mode: Mode, hour: int | None, now: datetime) -> None: ...

    async def mark_sent(self, user_id: int, now: datetime) -> None: ...

    async def created_since(
        self, site_ids: Iterable[int] | None, since: datetime, limit: int = 50
    ) -> list[Order]:
        """Orders placed after `since` at these sites (None: everywhere), oldest first."""
        ...

    async def complaints_since(
        self, site_ids: Iterable[int] | None, since: datetime, limit: int = 50
    ) -> list[Complaint]:
        """Complaints filed after `since` about orders at these sites, oldest first."""
        ...
