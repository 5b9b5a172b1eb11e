"""Orders and their audit trail; every status change is a compare-and-set."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from domain.models import Order, OrderDraft, OrderEvent, OrderStatus
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_event, to_order
from storage.sql.tables import order_events, orders

# Columns a transition or `set_fields` may write; status and timestamps are ours.
WRITABLE = frozenset(
    {
        "volunteer_id",
        "rating",
        "comment",
        "hours",
        "details",
        "phone",
        "lat",
        "lon",
        "when",
        "escalation",
    }
)

_PENDING = (OrderStatus.NEW, OrderStatus.OFFERED)


def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - WRITABLE
    if unknown:
        raise ValueError(f"not writable order fields: {sorted(unknown)}")
    return fields


def _statuses(statuses: Iterable[OrderStatus]) -> list[str]:
    return [str(s) for s in statuses]


class SqlOrderRepo(SqlRepo):
    async def create(self, draft: OrderDraft, category_code: str, now: datetime) -> Order:
        stmt = (
            orders.insert()
            .values(
                resident_id=draft.resident_id,
                service_id=draft.service_id,
                category_code=category_code,
                site_id=draft.site_id,
                when=draft.when,
                details=draft.details,
                lat=draft.lat,
                lon=draft.lon,
                phone=draft.phone,
                status=str(OrderStatus.NEW),
                created_at=now,
                updated_at=now,
            )
            .returning(*orders.c)
        )
        order = to_order((await self._s.execute(stmt)).one())
        await self._event(order.id, draft.resident_id, None, OrderStatus.NEW, "", now)
        return order

    async def get(self, order_id: int) -> Order | None:
        row = (await self._s.execute(select(orders).where(orders.c.id == order_id))).first()
        return None if row is None else to_order(row)

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
        allowed = _statuses(allowed_from)
        if not allowed:
            return None
        # One UPDATE guarded by the status: of many concurrent callers, the database
        # lets exactly one match (PostgreSQL re-checks the WHERE after the winner
        # commits; SQLite serialises writers), the rest update no row.
        stmt = (
            update(orders)
            .where(orders.c.id == order_id, orders.c.status.in_(allowed))
            .values(status=str(to), updated_at=now, **_checked(fields))
            .returning(*orders.c)
        )
        row = (await self._s.execute(stmt)).first()
        if row is None:
            return None
        previous = await self._previous(order_id, allowed)
        await self._event(order_id, actor_id, previous, to, note, now)
        return to_order(row)

    async def set_fields(self, order_id: int, **fields: Any) -> None:
        if not fields:
            return
        await self._s.execute(
            update(orders).where(orders.c.id == order_id).values(**_checked(fields))
        )

    async def add_event(
        self,
        order_id: int,
        actor_id: int | None,
        status: OrderStatus,
        note: str,
        now: datetime,
    ) -> None:
        await self._event(order_id, actor_id, status, status, note, now)

    async def events(self, order_id: int) -> list[OrderEvent]:
        rows = await self._s.execute(
            select(order_events)
            .where(order_events.c.order_id == order_id)
            # Insertion order is the true sequence: transitions of one order are
            # serialised on its row, while `at` comes from callers' clocks.
            .order_by(order_events.c.id)
        )
        return [to_event(r) for r in rows]

    async def by_resident(self, resident_id: int, limit: int = 20) -> list[Order]:
        rows = await self._s.execute(
            select(orders)
            .where(orders.c.resident_id == resident_id)
            .order_by(orders.c.created_at.desc(), orders.c.id.desc())
            .limit(limit)
        )
        return [to_order(r) for r in rows]

    async def by_volunteer(self, volunteer_id: int, statuses: Iterable[OrderStatus]) -> list[Order]:
        rows = await self._s.execute(
            select(orders)
            .where(orders.c.volunteer_id == volunteer_id, orders.c.status.in_(_statuses(statuses)))
            .order_by(orders.c.created_at, orders.c.id)
        )
        return [to_order(r) for r in rows]

    async def pending(self, site_ids: Iterable[int], limit: int = 50) -> list[Order]:
        rows = await self._s.execute(
            select(orders)
            .where(orders.c.status.in_(_statuses(_PENDING)), orders.c.site_id.in_(list(site_ids)))
            .order_by(orders.c.created_at, orders.c.id)
            .limit(limit)
        )
        return [to_order(r) for r in rows]

    async def _previous(self, order_id: int, allowed: list[str]) -> OrderStatus | None:
        """The status the UPDATE replaced; RETURNING only shows the new one.

        Every status change writes its event in the same transaction, and our UPDATE
        now holds the row, so the latest event's `to_status` is the old status.
        """
        if len(allowed) == 1:
            return OrderStatus(allowed[0])
        last = await self._s.execute(
            select(order_events.c.to_status)
            .where(order_events.c.order_id == order_id)
            .order_by(order_events.c.id.desc())
            .limit(1)
        )
        status = last.scalar()
        return None if status is None else OrderStatus(status)

    async def _event(
        self,
        order_id: int,
        actor_id: int | None,
        from_status: OrderStatus | None,
        to_status: OrderStatus,
        note: str,
        now: datetime,
    ) -> None:
        await self._s.execute(
            order_events.insert().values(
                order_id=order_id,
                actor_id=actor_id,
                from_status=None if from_status is None else str(from_status),
                to_status=str(to_status),
                note=note,
                at=now,
            )
        )
