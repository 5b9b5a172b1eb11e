"""What the broadcasts need from storage: the broadcast rows, their recipients, and
the people an audience names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from domain.broadcast_models import Broadcast, BroadcastStatus, Buttons, Tally


class AudienceRepo(Protocol):
    async def volunteers_at(self, site_ids: Sequence[int] | None) -> list[int]:
        """Active volunteers of the teams at these sites (None: everywhere)."""
        ...

    async def volunteers_of(self, team_id: int) -> list[int]: ...

    async def residents_at(self, site_ids: Sequence[int] | None, since: datetime) -> list[int]:
        """People who placed an order at these sites since `since`."""
        ...


class BroadcastRepo(AudienceRepo, Protocol):
    async def create(
        self,
        author_id: int,
        audience: str,
        text: str,
        buttons: Buttons,
        status: BroadcastStatus,
        at: datetime,
        recipients: Sequence[int],
        photo: str | None = None,
    ) -> Broadcast:
        """A broadcast and one pending row per recipient (duplicates dropped)."""
        ...

    async def get(self, broadcast_id: int) -> Broadcast | None: ...

    async def move(
        self,
        broadcast_id: int,
        to: BroadcastStatus,
        allowed: Iterable[BroadcastStatus],
        at: datetime,
        progress_message: int | None = None,
    ) -> bool:
        """Compare-and-set the status; True if this call moved it."""
        ...

    async def sending(self) -> list[int]:
        """Ids of the broadcasts being sent, oldest first."""
        ...

    async def claim(self, broadcast_id: int, worker: str, at: datetime, limit: int) -> list[int]:
        """Up to `limit` pending recipients, now claimed by `worker` (each row by one
        caller only, across workers); their person ids."""
        ...

    async def mark(self, broadcast_id: int, results: dict[int, str], at: datetime) -> None:
        """Set each claimed recipient's final status (sent, unreachable, failed)."""
        ...

    async def cancel_pending(self, broadcast_id: int) -> int:
        """Pending recipients become cancelled; how many."""
        ...

    async def expire_claims(self, broadcast_id: int, before: datetime) -> int:
        """Claims older than `before` (their worker died mid-send) become `unknown`:
        maybe sent, so never sent again."""
        ...

    async def tally(self, broadcast_id: int) -> Tally: ...

    async def progress_due(self, broadcast_id: int, at: datetime, since: datetime) -> bool:
        """Take the right to edit the progress message now, if nobody did since `since`."""
        ...
