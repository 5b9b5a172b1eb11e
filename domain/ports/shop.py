"""Port of the points shop: the rewards per site and the pickups asked for.

`Tx` (`domain.ports.database`) names it. Stock only moves by a compare-and-set
(`take_one`), so it never goes below zero whatever runs at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from domain.models import LocalName
from domain.shop_models import Pickup, Reward


class ShopRepo(Protocol):
    async def add(self, site_id: int, name: LocalName, points: int, stock: int) -> Reward: ...

    async def get(self, reward_id: int) -> Reward | None: ...

    async def rewards(self, site_ids: Iterable[int] | None, *, in_stock: bool) -> list[Reward]:
        """Active rewards at these sites (None: all), by id; only those with stock
        left when `in_stock`."""
        ...

    async def set_stock(self, reward_id: int, stock: int) -> bool: ...

    async def set_active(self, reward_id: int, active: bool) -> bool: ...

    async def take_one(self, reward_id: int) -> bool:
        """Stock down by one if any is left (compare-and-set); False if none was."""
        ...

    async def open_pickup(
        self,
        code: str,
        reward_id: int,
        person_id: int,
        points: int,
        at: datetime,
        expires_at: datetime,
        household_id: int | None = None,
    ) -> Pickup | None:
        """None when the code is taken (the caller draws another). `household_id`: asked
        for from that household's balance."""
        ...

    async def pickup(self, code: str, *, lock: bool = False) -> Pickup | None: ...

    async def use_pickup(self, pickup_id: int, keeper_id: int, at: datetime) -> bool:
        """open -> used (compare-and-set); False if it was not open."""
        ...

    async def open_points(self, person_id: int, now: datetime) -> int:
        """The points of the person's own open, unexpired pickups (not household ones)."""
        ...

    async def household_open_points(self, household_id: int, now: datetime) -> int:
        """The points of the household's open, unexpired pickups."""
        ...

    async def pickups_of(self, person_id: int, now: datetime) -> list[Pickup]:
        """The person's own open, unexpired pickups, newest first."""
        ...

    async def pickups_of_household(self, household_id: int, now: datetime) -> list[Pickup]:
        """The household's open, unexpired pickups, newest first."""
        ...
