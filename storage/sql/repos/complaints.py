"""Complaints, the sites' phones, the coordinators' new-order notices, and the
orders nobody took (`domain.complaints`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import aliased

from domain.lifecycle import PENDING_STATUSES
from domain.models import Order
from domain.ports.complaints import Complaint, OrderNotice
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_order
from storage.sql.tables import complaints, order_notices, orders, site_phones


def _to_complaint(row: Any) -> Complaint:
    return Complaint(
        id=row.id,
        order_id=row.order_id,
        resident_id=row.resident_id,
        volunteer_id=row.volunteer_id,
        cause=row.cause,
        filed_at=row.filed_at,
        reopened_at=row.reopened_at,
    )


class SqlComplaintRepo(SqlRepo):
    async def file(
        self,
        order_id: int,
        resident_id: int,
        volunteer_id: int | None,
        cause: str,
        now: datetime,
    ) -> Complaint | None:
        # The unique (order, volunteer) makes a second complaint about one visit, even
        # one racing this, a no-op.
        stmt = self._insert(complaints).values(
            order_id=order_id,
            resident_id=resident_id,
            volunteer_id=volunteer_id,
            cause=cause,
            filed_at=now,
        )
        row = (
            await self._s.execute(stmt.on_conflict_do_nothing().returning(*complaints.c))
        ).first()
        return None if row is None else _to_complaint(row)

    async def for_order(self, order_id: int) -> list[Complaint]:
        rows = await self._s.execute(
            select(complaints).where(complaints.c.order_id == order_id).order_by(complaints.c.id)
        )
        return [_to_complaint(r) for r in rows]

    async def mark_reopened(self, complaint_id: int, order_id: int, now: datetime) -> bool:
        other = aliased(complaints)
        reopened_before = exists().where(
            other.c.order_id == order_id, other.c.reopened_at.is_not(None)
        )
        changed = await self._s.execute(
            update(complaints)
            .where(
                complaints.c.id == complaint_id,
                complaints.c.order_id == order_id,
                complaints.c.reopened_at.is_(None),
                ~reopened_before,
            )
            .values(reopened_at=now)
            .returning(complaints.c.id)
        )
        return changed.first() is not None

    async def site_phone(self, site_id: int) -> str | None:
        stmt = select(site_phones.c.phone).where(site_phones.c.site_id == site_id)
        return (await self._s.execute(stmt)).scalar_one_or_none()

    async def set_site_phone(self, site_id: int, phone: str | None) -> None:
        if not phone:
            await self._s.execute(site_phones.delete().where(site_phones.c.site_id == site_id))
            return
        stmt = self._insert(site_phones).values(site_id=site_id, phone=phone)
        await self._s.execute(
            stmt.on_conflict_do_update(index_elements=["site_id"], set_={"phone": phone})
        )

    async def unclaimed(self, min_escalation: int, limit: int = 100) -> list[Order]:
        rows = await self._s.execute(
            select(orders)
            .where(
                orders.c.status.in_([str(s) for s in PENDING_STATUSES]),
                orders.c.escalation >= min_escalation,
            )
            .order_by(orders.c.created_at, orders.c.id)
            .limit(limit)
        )
        return [to_order(r) for r in rows]

    async def add_notices(self, notices: Iterable[OrderNotice]) -> None:
        values = [
            {
                "order_id": n.order_id,
                "user_id": n.user_id,
                "chat_id": n.chat_id,
                "message_id": n.message_id,
            }
            for n in notices
        ]
        if values:
            stmt = self._insert(order_notices).values(values)
            await self._s.execute(
                stmt.on_conflict_do_update(
                    index_elements=["order_id", "user_id"],
                    set_={"chat_id": stmt.excluded.chat_id, "message_id": stmt.excluded.message_id},
                )
            )

    async def notices(self, order_id: int) -> list[OrderNotice]:
        rows = await self._s.execute(
            select(order_notices)
            .where(order_notices.c.order_id == order_id)
            .order_by(order_notices.c.user_id)
        )
        return [OrderNotice(r.order_id, r.user_id, r.chat_id, r.message_id) for r in rows]
