"""Each coordinator's choice of notices, and what a digest lists (`domain.digests`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update

from domain.models import Order
from domain.ports.complaints import Complaint
from domain.ports.digests import Choice, Mode
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.complaints import _to_complaint
from storage.sql.repos.rows import to_order
from storage.sql.tables import complaints, digest_choices, orders


class SqlDigestRepo(SqlRepo):
    async def get(self, user_id: int) -> Choice | None:
        stmt = select(digest_choices).where(digest_choices.c.user_id == user_id)
        row = (await self._s.execute(stmt)).first()
        if row is None:
            return None
        return Choice(row.user_id, Mode(row.mode), row.hour, row.last_sent_at)

    async def modes(self, user_ids: Iterable[int]) -> dict[int, Mode]:
        wanted = list(user_ids)
        if not wanted:
            return {}
        stmt = select(digest_choices.c.user_id, digest_choices.c.mode).where(
            digest_choices.c.user_id.in_(wanted)
        )
        return {row.user_id: Mode(row.mode) for row in await self._s.execute(stmt)}

    async def choose(self, user_id: int, mode: Mode, hour: int | None, now: datetime) -> None:
        values = {"mode": str(mode), "hour": hour, "updated_at": now}
        stmt = self._insert(digest_choices).values(user_id=user_id, **values)
        await self._s.execute(stmt.on_conflict_do_update(index_elements=["user_id"], set_=values))

    async def mark_sent(self, user_id: int, now: datetime) -> None:
        await self._s.execute(
            update(digest_choices)
            .where(digest_choices.c.user_id == user_id)
            .values(last_sent_at=now)
        )

    async def created_since(
        self, site_ids: Iterable[int] | None, since: datetime, limit: int = 50
    ) -> list[Order]:
        stmt = select(orders).where(orders.c.created_at > since)
        if site_ids is not None:
            stmt = stmt.where(orders.c.site_id.in_(list(site_ids)))
        stmt = stmt.order_by(orders.c.created_at, orders.c.id).limit(limit)
        return [to_order(r) for r in await self._s.execute(stmt)]

    async def complaints_since(
        self, site_ids: Iterable[int] | None, since: datetime, limit: int = 50
    ) -> list[Complaint]:
        stmt = (
            select(complaints)
            .join(orders, orders.c.id == complaints.c.order_id)
            .where(complaints.c.filed_at > since)
        )
        if site_ids is not None:
            stmt = stmt.where(orders.c.site_id.in_(list(site_ids)))
        stmt = stmt.order_by(complaints.c.filed_at, complaints.c.id).limit(limit)
        return [_to_complaint(r) for r in await self._s.execute(stmt)]
