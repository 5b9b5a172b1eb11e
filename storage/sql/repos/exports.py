"""`SqlExportRepo`: the orders of some sites and a period, a keyset page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from domain.ledger_models import MINUTES
from domain.models import OrderStatus
from domain.ports.exports import ExportEvent, ExportRow, VolunteerLine
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.ledger_rollups import minutes_by_ref, volunteer_lines
from storage.sql.tables import order_events, orders

_COLUMNS = (
    orders.c.id,
    orders.c.site_id,
    orders.c.category_code,
    orders.c.service_id,
    orders.c.status,
    orders.c.created_at,
    orders.c.when_day,
    orders.c.volunteer_id,
    orders.c.rating,
)


def _period(site_ids: Sequence[int], start: datetime, end: datetime) -> tuple[Any, ...]:
    return (
        orders.c.site_id.in_(list(site_ids)),
        orders.c.created_at >= start,
        orders.c.created_at < end,
    )


class SqlExportRepo(SqlRepo):
    async def count(self, site_ids: Sequence[int], start: datetime, end: datetime) -> int:
        stmt = select(func.count()).select_from(orders).where(*_period(site_ids, start, end))
        return int((await self._s.execute(stmt)).scalar_one())

    async def page(
        self,
        site_ids: Sequence[int],
        start: datetime,
        end: datetime,
        after_id: int,
        limit: int,
    ) -> list[ExportRow]:
        stmt = (
            select(*_COLUMNS)
            .where(*_period(site_ids, start, end), orders.c.id > after_id)
            .order_by(orders.c.id)
            .limit(limit)
        )
        found = (await self._s.execute(stmt)).all()
        if not found:
            return []
        # The page's events in one query (order_events is indexed by order id).
        ids = [row.id for row in found]
        events: dict[int, list[ExportEvent]] = {}
        rows = await self._s.execute(
            select(order_events.c.order_id, order_events.c.to_status, order_events.c.at)
            .where(order_events.c.order_id.in_(ids))
            .order_by(order_events.c.order_id, order_events.c.id)
        )
        for event in rows:
            events.setdefault(event.order_id, []).append(
                ExportEvent(event.at, OrderStatus(event.to_status))
            )
        # The hours the ledger credited for each (not `orders.hours`, a visit's claim).
        credited = await minutes_by_ref(self._s, [f"order:{i}" for i in ids])
        return [
            ExportRow(
                order_id=row.id,
                site_id=row.site_id,
                category_code=row.category_code,
                service_id=row.service_id,
                status=OrderStatus(row.status),
                created_at=row.created_at,
                when_day=row.when_day,
                volunteer_id=row.volunteer_id,
                rating=row.rating,
                hours=credited[f"order:{row.id}"] / MINUTES
                if f"order:{row.id}" in credited
                else None,
                events=tuple(events.get(row.id, ())),
            )
            for row in found
        ]

    async def volunteers(
        self, site_ids: Sequence[int], start: datetime, end: datetime
    ) -> list[VolunteerLine]:
        return await volunteer_lines(self._s, site_ids, start, end)
