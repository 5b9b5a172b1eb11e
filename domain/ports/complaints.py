"""What `domain.complaints` needs from storage: complaints, the points' phones, the
coordinators' new-order notices, and the orders nobody took."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.models import Order


@dataclass(frozen=True, slots=True)
class Complaint:
    id: int
    order_id: int
    resident_id: int
    volunteer_id: int | None  # whom it is about: never offered this order again
    cause: str  # "rating" (1-2 stars) | "comment" (the resident marked their words)
    filed_at: datetime
    reopened_at: datetime | None = None  # the resident had the order done again


@dataclass(frozen=True, slots=True)
class OrderNotice:
    """A coordinator's new-order message, edited as the order moves."""

    order_id: int
    user_id: int  # the coordinator
    chat_id: int
    message_id: int


class ComplaintRepo(Protocol):
    async def file(
        self,
        order_id: int,
        resident_id: int,
        volunteer_id: int | None,
        cause: str,
        now: datetime,
    ) -> Complaint | None:
        """A new complaint; None when this order's visit by that volunteer already has one."""
        ...

    async def for_order(self, order_id: int) -> list[Complaint]:
        """Oldest first."""
        ...

    async def mark_reopened(self, complaint_id: int, order_id: int, now: datetime) -> bool:
        """Compare-and-set: True only if no complaint of the order reopened it before."""
        ...

    async def site_phone(self, site_id: int) -> str | None: ...

    async def set_site_phone(self, site_id: int, phone: str | None) -> None: ...

    async def unclaimed(self, min_escalation: int, limit: int = 100) -> list[Order]:
        """Orders still new or offered that reached `min_escalation`, oldest first."""
        ...

    async def add_notices(self, notices: Iterable[OrderNotice]) -> None: ...

    async def notices(self, order_id: int) -> list[OrderNotice]: ...
