"""Visits: each order's visit (arrival, code word, on my way, did it happen) and the
notes volunteers leave for the next one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.visit_models import Arrival, Visit, VisitNote


class VisitRepo(Protocol):
    async def get(self, order_id: int) -> Visit | None: ...

    async def start(self, order_id: int, volunteer_id: int, code_word: str, now: datetime) -> Visit:
        """The order's visit for this volunteer: created with `code_word`, or as it is
        when it is theirs already. One kept from another volunteer (released,
        reassigned) starts over: the new code word, no arrival, not on the way."""
        ...

    async def set_arrival(self, order_id: int, arrival: Arrival) -> None: ...

    async def set_on_way(self, order_id: int, at: datetime) -> None: ...

    async def set_happened(self, order_id: int, happened: bool, at: datetime) -> bool:
        """Compare-and-set: only a visit not answered yet; True if this answered it."""
        ...

    async def add_note(self, note: VisitNote) -> None: ...

    async def notes_for(
        self, person_id: int, exclude_order: int | None = None, limit: int = 3
    ) -> list[VisitNote]:
        """The newest notes whose data is the person's (their /mydata), newest first,
        but those of one order."""
        ...

    async def notes_about(
        self, served: Sequence[str], exclude_order: int | None = None, limit: int = 3
    ) -> list[VisitNote]:
        """The newest notes about whom a visit is for (any of its `served` keys,
        `domain.visits.served_keys`), newest first, but those of one order."""
        ...
