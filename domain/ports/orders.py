"""Orders: the orders, the offers made to volunteers, and the deadlines that drive both."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from domain.models import Deadline, Offer, OfferStatus, Order, OrderDraft, OrderEvent, OrderStatus


class OrderRepo(Protocol):
    async def create(self, draft: OrderDraft, category_code: str, now: datetime) -> Order:
        """Insert with status `new` and its first `order_events` row (from None to new)."""
        ...

    async def get(self, order_id: int) -> Order | None: ...

    async def transition(
        self,
        order_id: int,
        allowed_from: Iterable[OrderStatus],
        to: OrderStatus,
        actor_id: int | None,
        now: datetime,
        note: str = "",
        **fields: Any,
    ) -> Order | None:
        """Compare-and-set: move to `to` only if the status is one of `allowed_from`.

        `fields` (volunteer_id, rating, comment, hours) are written in the same
        UPDATE. Appends the `order_events` row in the same transaction. Returns
        the updated order, or None if the order was not in an allowed status.
        """
        ...

    async def set_fields(self, order_id: int, **fields: Any) -> None:
        """Write fields that are not a transition (e.g. the rating comment)."""
        ...

    async def restart_escalation(self, order_id: int, level: int) -> bool:
        """Compare-and-set: the escalation back to 0, only if it is `level` now.
        False: another caller moved it first (a second press of one button)."""
        ...

    async def add_event(
        self,
        order_id: int,
        actor_id: int | None,
        status: OrderStatus,
        note: str,
        now: datetime,
    ) -> None:
        """An audit row that is not a status change (from == to), e.g. a dispatch wave."""
        ...

    async def events(self, order_id: int) -> list[OrderEvent]:
        """Oldest first."""
        ...

    async def by_resident(self, resident_id: int, limit: int = 20) -> list[Order]:
        """Newest first."""
        ...

    async def by_volunteer(self, volunteer_id: int, statuses: Iterable[OrderStatus]) -> list[Order]:
        """Oldest first."""
        ...

    async def pending(self, site_ids: Iterable[int], limit: int = 50) -> list[Order]:
        """Status new or offered, at one of `site_ids`, oldest first."""
        ...


class OfferRepo(Protocol):
    async def create(self, order_id: int, volunteer_id: int, ring: int, now: datetime) -> Offer:
        """One offer per (order, volunteer); creating it again returns the existing one."""
        ...

    async def get(self, order_id: int, volunteer_id: int) -> Offer | None: ...

    async def for_order(self, order_id: int) -> list[Offer]:
        """By id."""
        ...

    async def set_message(self, offer_id: int, message_id: int) -> None: ...

    async def set_messages(self, pairs: Iterable[tuple[int, int]]) -> list[Offer]:
        """Record many (offer_id, message_id) at once, where the offer's message is not
        known yet; the offers so recorded, as they are now, by id."""
        ...

    async def create_many(
        self, order_id: int, volunteer_ids: Iterable[int], ring: int, now: datetime
    ) -> list[Offer]:
        """`create` for a whole wave in one statement, in the order of `volunteer_ids`.

        An offer that exists already (the order was released and is offered again)
        keeps its ring and is opened again."""
        ...

    async def set_status(
        self, offer_id: int, status: OfferStatus, expected: OfferStatus | None = None
    ) -> bool:
        """Compare-and-set when `expected` is given; True if the row changed."""
        ...

    async def close_open(self, order_id: int, status: OfferStatus) -> list[Offer]:
        """Move every OPEN offer of the order to `status`; return them (new status)."""
        ...


class DeadlineRepo(Protocol):
    async def schedule(self, kind: str, ref_id: int, due_at: datetime) -> None: ...

    async def schedule_many(self, due: Iterable[tuple[str, int, datetime]]) -> None:
        """Several `schedule`s in one statement, inserted in the given order."""
        ...

    async def claim_due(self, now: datetime, limit: int = 1) -> list[Deadline]:
        """Due, unfired deadlines, locked for this transaction (others skip them)."""
        ...

    async def mark_fired(self, deadline_id: int, now: datetime, worker: str = "") -> None: ...

    async def cancel(self, kind: str, ref_id: int, now: datetime) -> None:
        """Settle the pending deadlines of one kind for one thing."""
        ...

    async def next_due(self) -> datetime | None: ...

    async def pending(self, kind: str, ref_id: int) -> list[Deadline]: ...
