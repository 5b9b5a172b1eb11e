"""Offers: an order pushed to one volunteer, one row per (order, volunteer)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import case, select, update

from domain.models import Offer, OfferStatus
from storage.sql.repos.base import SqlRepo, insert_for
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

    async def create_many(
        self, order_id: int, volunteer_ids: Iterable[int], ring: int, now: datetime
    ) -> list[Offer]:
        wanted = list(volunteer_ids)
        if not wanted:
            return []
        open_ = str(OfferStatus.OPEN)
        rows = [
            {
                "order_id": order_id,
                "volunteer_id": v,
                "ring": ring,
                "status": open_,
                "created_at": now,
            }
            for v in wanted
        ]
        # One statement for the wave (SQLAlchemy's "insertmanyvalues" sends the rows
        # as one multi-row INSERT ... RETURNING), built once per dialect.
        found = await self._s.execute(_create_many(self._dialect), rows)
        by_volunteer = {o.volunteer_id: o for o in map(to_offer, found)}
        return [by_volunteer[v] for v in wanted]  # RETURNING has no defined order

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

    async def set_messages(self, pairs: Iterable[tuple[int, int]]) -> list[Offer]:
        by_offer = dict(pairs)
        if not by_offer:
            return []
        rows = await self._s.execute(
            update(offers)
            # Only ids not known yet: an Accept pressed before the wave's sends were
            # all back has already named its message (`OrderDesk.accept`).
            .where(offers.c.id.in_(list(by_offer)), offers.c.message_id.is_(None))
            .values(message_id=case(by_offer, value=offers.c.id))
            .returning(*offers.c)
        )
        return sorted((to_offer(r) for r in rows), key=lambda o: o.id)

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


@functools.cache
def _create_many(dialect: str) -> Any:
    """Offers for a wave. An existing offer (made before the order was released)
    keeps its row and ring and is opened again, as `create` + `set_status(OPEN)`."""
    stmt = insert_for(dialect, offers)
    return stmt.on_conflict_do_update(
        index_elements=[offers.c.order_id, offers.c.volunteer_id],
        set_={"status": stmt.excluded.status},
    ).returning(*offers.c)
