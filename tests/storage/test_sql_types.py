"""Datetimes come back timezone-aware UTC from every backend; naive ones are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.exc import StatementError

from domain.models import OrderDraft
from storage.sql import SqlDatabase
from storage.sql.tables import users
from tests.days import TODAY

if TYPE_CHECKING:
    from tests.storage.conftest import World

BEIJING = timezone(timedelta(hours=8))


async def test_aware_datetimes_round_trip_as_utc(db: SqlDatabase, world: World) -> None:
    local = datetime(2025, 3, 1, 16, 30, 15, 123456, tzinfo=BEIJING)
    async with db.transaction() as tx:
        draft = OrderDraft(world.resident, world.service_id, 11, TODAY)
        order_id = (await tx.orders.create(draft, "civility", local)).id
    async with db.transaction() as tx:
        order = await tx.orders.get(order_id)
        events = await tx.orders.events(order_id)
    assert order is not None
    assert order.created_at == local
    assert order.created_at.tzinfo is UTC
    assert order.created_at.hour == 8
    assert events[0].at.tzinfo is UTC


async def test_naive_datetimes_are_refused(db: SqlDatabase, world: World) -> None:
    draft = OrderDraft(world.resident, world.service_id, 11, TODAY)
    with pytest.raises(StatementError, match="naive"):
        async with db.transaction() as tx:
            await tx.orders.create(draft, "civility", datetime(2025, 3, 1, 8, 0))


async def test_server_default_timestamps_are_aware(db: SqlDatabase) -> None:
    async with db.transaction() as tx:
        await tx.users.upsert(1, "A", None)
        created = (
            await tx.session.execute(users.select().with_only_columns(users.c.created_at))
        ).scalar_one()
    assert created.tzinfo is UTC
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=5)
