"""The check-in store: one check-in per order, and the QR tokens already used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

CheckinHow = Literal["location", "qr"]


@dataclass(frozen=True, slots=True)
class CheckIn:
    order_id: int
    volunteer_id: int
    at: datetime
    how: CheckinHow
    distance_m: float | None = None  # location check-ins: how far from the place
    claimed_hours: float | None = None  # set when the check-in capped the hours reported
    approved_by: int | None = None  # the coordinator who credited them in full


class CheckinRepo(Protocol):
    async def get(self, order_id: int) -> CheckIn | None: ...

    async def add(self, checkin: CheckIn) -> bool:
        """Record the check-in; False when the order has one already (even a racing one)."""
        ...

    async def set_claimed(self, order_id: int, hours: float) -> None: ...

    async def approve(self, order_id: int, coordinator_id: int) -> bool:
        """Mark the claimed hours approved; False when someone approved them first."""
        ...

    async def use_token(self, token_id: str, order_id: int, now: datetime) -> bool:
        """Mark a QR token used; False when it already was (even by a racing use)."""
        ...
