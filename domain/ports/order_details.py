"""Where, when in the day, and for whom an order is (`domain.order_details`)."""

from __future__ import annotations

from typing import Protocol

from domain.order_details_models import OrderDetails


class OrderDetailsRepo(Protocol):
    async def put(self, order_id: int, details: OrderDetails) -> None:
        """Store the order's details (once, in the placing transaction)."""
        ...

    async def get(self, order_id: int) -> OrderDetails | None:
        """None: the order has none (placed before they were asked)."""
        ...

    async def person_with_phone(self, phone: str) -> int | None:
        """The person who stored this (normalised) phone as their own, if exactly
        one did; None when nobody or several did."""
        ...
