"""The wish wall's store: wishes, and their moves by compare-and-set on the status."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from domain.wish_models import Wish, WishStatus


class WishRepo(Protocol):
    async def add(
        self, resident_id: int, site_id: int, text: str, voice_file_id: str | None, now: datetime
    ) -> Wish: ...

    async def get(self, wish_id: int) -> Wish | None: ...

    async def move(
        self,
        wish_id: int,
        from_status: WishStatus,
        to_status: WishStatus,
        now: datetime,
        **fields: Any,
    ) -> Wish | None:
        """Set the status (and `fields`) only if it still is `from_status`: the one
        statement two coordinators, or two volunteers claiming, race on. None: it
        was not (someone else moved it first)."""
        ...

    async def listed(
        self,
        statuses: Iterable[WishStatus],
        site_ids: Iterable[int] | None = None,
        team_ids: Iterable[int] | None = None,
        limit: int = 50,
    ) -> list[Wish]:
        """Wishes in `statuses`, at `site_ids` (None: anywhere) and, when given, for
        `team_ids`; oldest first."""
        ...

    async def forget(self, resident_id: int) -> list[int]:
        """Blank the person's wishes (words and voice), and close those still open
        (`/forgetme`): nobody can act on a wish that says nothing. Returns the ids
        of those it closed (rejected, with no one deciding), whose copies are edited."""
        ...

    async def of_resident(self, resident_id: int) -> list[Wish]:
        """Every wish the person made, oldest first (`/mydata`)."""
        ...

    async def record_notices(self, wish_id: int, sent: Sequence[tuple[int, int, str]]) -> None:
        """Remember copies of the wish sent with buttons, `(user_id, message_id, kind)`
        (kind "decide": Approve / Reject; "claim": Claim), to edit once it moves on."""
        ...

    async def notices(self, wish_id: int) -> list[tuple[int, int, str]]:
        """The wish's copies with buttons, `(user_id, message_id, kind)`."""
        ...
