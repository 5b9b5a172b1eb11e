"""Offers: an order pushed to one volunteer, one row per (order, volunteer)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from domain.models import Offer, OfferStatus
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_offer
from storage.sql.tables import offers


class SqlOfferRepo(SqlRepo):
    async def create(self, order_id: int, volunteer_id: int, ring: int, now: datetime) -> Offer:
        stmt = self._insert(offers).values(
            order_id=order_id,
            volunteer_id=volunteer_id,
            ring=ring,
            status=str(OfferStatus.OPEN),
            created_at=now,
        )
        row = (await self._s.execute(stmt.on_conflict_do_nothing().returning(*offers.c))).first()
        if row is not None:
            return to_offer(row)
        existing = await self.get(order_id, volunteer_id)
        assert existing is not None  # the conflict means it exists
        return existing

    async def get(self, order_id: int, volunteer_id: int) -> Offer | None:
        row = (
            await self._s.execute(
                select(offers).where(
                    offers.c.order_id == order_id, offers.c.volunteer_id == volunteer_id
                )
            )
        ).first()
        return None if row is None else to_offer(row)

    async def for_order(self, order_id: int) -> list[Offer]:
        rows = await self._s.execute(
            select(offers).where(offers.c.order_id == order_id).order_by(offers.c.id)
        )
        return [to_offer(r) for r in rows]

    async def set_message(self, offer_id: int, message_id: int) -> None:
        await self._s.execute(
            update(offers).where(offers.c.id == offer_id).values(message_id=message_id)
        )

    async def set_status(
        self, offer_id: int, status: OfferStatus, expected: OfferStatus | None = None
    ) -> bool:
        stmt = update(offers).where(offers.c.id == offer_id).values(status=str(status))
        if expected is not None:
            stmt = stmt.where(offers.c.status == str(expected))
        changed = (await self._s.execute(stmt.returning(offers.c.id))).first()
        return changed is not None

    async def close_open(self, order_id: int, status: OfferStatus) -> list[Offer]:
        stmt = (
            update(offers)
            .where(offers.c.order_id == order_id, offers.c.status == str(OfferStatus.OPEN))
            .values(status=str(status))
            .returning(*offers.c)
        )
        rows = (await self._s.execute(stmt)).all()
        # RETURNING has no defined order.
        return sorted((to_offer(r) for r in rows), key=lambda o: o.id)
