"""Port of the statistics roll-ups: sums over sites and county days.

`Tx` (`domain.ports.database`) names it. The rows are written by the order
repository in each transition's transaction; this port only reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from domain.stats_models import ActivityLine, HoursCell, Tally


class StatsRepo(Protocol):
    async def by_category(
        self, site_ids: Sequence[int], first: date, last: date
    ) -> dict[str, Tally]:
        """The sites' rows from `first` to `last` (both included), summed per category."""
        ...

    async def by_site(self, site_ids: Sequence[int], first: date, last: date) -> dict[int, Tally]:
        """The same rows summed per site (without the duration histograms)."""
        ...

    async def by_day(
        self, site_ids: Sequence[int], first: date, last: date
    ) -> dict[date, tuple[int, int]]:
        """Per county day: (orders placed, orders done or rated)."""
        ...

    async def by_month(
        self, site_ids: Sequence[int], first: date, last: date
    ) -> dict[date, tuple[int, int]]:
        """Per county month of `first` to `last` (keyed by its first day): (orders
        placed, orders done or rated). Whole months only: read from the monthly rows."""
        ...

    async def hours(self, site_ids: Sequence[int], first: date, last: date) -> list[HoursCell]:
        """The ledger's volunteer hours and points over those county days, summed per
        site, category and source (order, activity, adjust)."""
        ...

    async def recompute_hours(self, first: date, last: date) -> int:
        """Rebuild the hours roll-up of those county days from the ledger's entries,
        replacing what was there (running it again changes nothing); the ledger
        transactions counted."""
        ...

    async def activities(
        self, site_ids: Sequence[int], first: date, last: date
    ) -> list[ActivityLine]:
        """The activities (not cancelled) starting on those county days at those sites,
        with attendance, beneficiaries and the hours the ledger credited."""
        ...
