"""Cheap read-only queries for operations: the health check and the metrics page."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.sql.tables import orders


async def ping(engine: AsyncEngine) -> None:
    """Raises when the database does not answer."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def orders_by_status(engine: AsyncEngine) -> dict[str, int]:
    """How many orders are in each status (one indexed GROUP BY)."""
    query = select(orders.c.status, func.count()).group_by(orders.c.status)
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).all()
    return {str(status): int(count) for status, count in rows}
