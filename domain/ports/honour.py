"""Port of the monthly honour list: points earned in a period, by household and volunteer.

Read from the ledger's entries (`ledger_entries.at`), never from a kept total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class HonourLine:
    owner_id: int  # the household's id, or the volunteer's person id
    name: str  # the head's first name, or the volunteer's
    site_id: int
    points: int


class HonourRepo(Protocol):
    async def households(
        self, site_ids: Iterable[int] | None, start: datetime, end: datetime, limit: int
    ) -> list[HonourLine]:
        """Households at these sites (None: all) by points earned in [start, end),
        net of deductions, best first; only those above zero."""
        ...

    async def volunteers(
        self, site_ids: Iterable[int] | None, start: datetime, end: datetime, limit: int
    ) -> list[HonourLine]:
        """Volunteers whose team is at these sites by points earned in [start, end)
        (service and adjustments; not redemptions), best first; only those above zero."""
        ...
