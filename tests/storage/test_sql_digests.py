"""Contract tests for the digest choices on every SQL backend: one choice per
coordinator, replaced in place; what came in since a moment, by site."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from domain.models import OrderDraft
from domain.ports.digests import Choice, Mode
from domain.when import When
from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
COORDINATOR = 700


async def test_a_choice_is_stored_once_and_replaced(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        await tx.users.upsert(COORDINATOR, "协调员", None)
        assert await tx.digests.get(COORDINATOR) is None
        assert await tx.digests.modes([COORDINATOR, 500]) == {}
        await tx.digests.choose(COORDINATOR, Mode.DIGEST, 8, NOW)
        await tx.digests.choose(COORDINATOR, Mode.DIGEST, 18, NOW)
        await tx.digests.mark_sent(COORDINATOR, NOW)
        assert await tx.digests.get(COORDINATOR) == Choice(COORDINATOR, Mode.DIGEST, 18, NOW)
        await tx.digests.choose(COORDINATOR, Mode.ESCALATIONS, None, NOW)
        assert await tx.digests.modes([COORDINATOR, 500]) == {COORDINATOR: Mode.ESCALATIONS}
        kept = await tx.digests.get(COORDINATOR)
    assert kept == Choice(COORDINATOR, Mode.ESCALATIONS, None, NOW)  # the last digest stays


async def test_what_came_in_since_by_site(db: SqlDatabase, world: World) -> None:
    day = When(NOW.date())
    async with db.transaction() as tx:
        made = {}
        for site_id, at in [(11, NOW - timedelta(hours=2)), (11, NOW), (21, NOW)]:
            draft = OrderDraft(world.resident, world.service_id, site_id, day)
            made[(site_id, at)] = (await tx.orders.create(draft, "civility", at)).id
        older, newer, elsewhere = made.values()
        await tx.complaints.file(newer, world.resident, 901, "rating", NOW)
        await tx.complaints.file(elsewhere, world.resident, 902, "comment", NOW)
        since = NOW - timedelta(hours=1)
        ours = [o.id for o in await tx.digests.created_since([10, 11, 12], since)]
        everywhere = [o.id for o in await tx.digests.created_since(None, since)]
        complaints = await tx.digests.complaints_since([10, 11, 12], since)
        none_later = await tx.digests.complaints_since(None, NOW)
    assert ours == [newer] and older not in everywhere and set(everywhere) == {newer, elsewhere}
    assert [(c.order_id, c.cause) for c in complaints] == [(newer, "rating")]
    assert none_later == []
