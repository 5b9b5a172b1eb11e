"""What `/export` reads: the orders of some sites and a period, a page at a time, and
the volunteers of those sites with their hours and points on the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from domain.models import OrderStatus


@dataclass(frozen=True, slots=True)
class ExportEvent:
    """One step of an order, compact: when it happened and the status it reached."""

    at: datetime
    to_status: OrderStatus


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One order as exported: no names, phones, addresses or details (personal data)."""

    order_id: int
    site_id: int
    category_code: str
    service_id: int
    status: OrderStatus
    created_at: datetime
    when_day: date
    volunteer_id: int | None
    rating: int | None
    hours: float | None  # what the ledger credited for it (reversals netted), if anything
    events: tuple[ExportEvent, ...] = ()


@dataclass(frozen=True, slots=True)
class VolunteerLine:
    """One volunteer of the sites, by id (no name: personal data), with the ledger's
    hours (minutes) in the period by source, the points they earned in it, and their
    balances."""

    volunteer_id: int
    site_id: int
    team_id: int
    minutes: dict[str, int]  # by source: order, activity, adjust
    points: int
    minutes_all: int
    balance: int


class ExportRepo(Protocol):
    async def count(self, site_ids: Sequence[int], start: datetime, end: datetime) -> int:
        """How many orders of `site_ids` were placed in [start, end)."""
        ...

    async def page(
        self,
        site_ids: Sequence[int],
        start: datetime,
        end: datetime,
        after_id: int,
        limit: int,
    ) -> list[ExportRow]:
        """Up to `limit` of those orders with an id above `after_id`, by id, each with
        its events in the order they happened (keyset pagination: no OFFSET)."""
        ...

    async def volunteers(
        self, site_ids: Sequence[int], start: datetime, end: datetime
    ) -> list[VolunteerLine]:
        """The volunteers of teams at those sites, by id, with what the ledger moved
        for them in [start, end) and their balances now."""
        ...
