"""Check-ins at the door, one per order, and the QR tokens already used."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from domain.ports.checkin import CheckIn
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import checkin_token_uses, checkins


def _to_checkin(row: Any) -> CheckIn:
    return CheckIn(
        row.order_id,
        row.volunteer_id,
        row.at,
        row.how,
        row.distance_m,
        row.claimed_hours,
        row.approved_by,
    )


class SqlCheckinRepo(SqlRepo):
    async def get(self, order_id: int) -> CheckIn | None:
        stmt = select(checkins).where(checkins.c.order_id == order_id)
        row = (await self._s.execute(stmt)).first()
        return None if row is None else _to_checkin(row)

    async def add(self, checkin: CheckIn) -> bool:
        stmt = self._insert(checkins).values(
            order_id=checkin.order_id,
            volunteer_id=checkin.volunteer_id,
            at=checkin.at,
            how=checkin.how,
            distance_m=checkin.distance_m,
        )
        # The primary key decides a race: the second insert returns no row.
        stmt = stmt.on_conflict_do_nothing().returning(checkins.c.order_id)
        return (await self._s.execute(stmt)).first() is not None

    async def set_claimed(self, order_id: int, hours: float) -> None:
        await self._s.execute(
            update(checkins).where(checkins.c.order_id == order_id).values(claimed_hours=hours)
        )

    async def approve(self, order_id: int, coordinator_id: int) -> bool:
        stmt = (
            update(checkins)
            .where(checkins.c.order_id == order_id, checkins.c.approved_by.is_(None))
            .values(approved_by=coordinator_id)
            .returning(checkins.c.order_id)
        )
        return (await self._s.execute(stmt)).first() is not None

    async def use_token(self, token_id: str, order_id: int, now: datetime) -> bool:
        stmt = self._insert(checkin_token_uses).values(
            token_id=token_id, order_id=order_id, used_at=now
        )
        stmt = stmt.on_conflict_do_nothing().returning(checkin_token_uses.c.token_id)
        return (await self._s.execute(stmt)).first() is not None
