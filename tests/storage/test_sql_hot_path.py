"""The repository methods the hot path batches with, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import text

from domain.models import LocalName, OfferStatus, OrderDraft, Role, SiteLevel
from domain.reference import CATALOGUE, SITES
from storage.sql import SqlDatabase, SqlTx
from tests.days import TODAY

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


async def _order(tx: SqlTx, world: World) -> int:
    draft = OrderDraft(world.resident, world.service_id, 11, TODAY, "二楼")
    return (await tx.orders.create(draft, "civility", NOW)).id


async def test_view_reads_profile_volunteer_and_grants_at_once(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        await tx.roles.grant(902, Role.COORDINATOR, 10)
        await tx.roles.grant(903, Role.ADMIN, None)
        resident, coordinator, admin = [await tx.users.view(u) for u in (500, 902, 903)]
        assert await tx.users.view(404) is None
    assert resident is not None and resident.profile.first_name == "居民"
    assert (resident.volunteer, resident.coordinator_grant, resident.admin_grant) == (
        False,
        False,
        False,
    )
    assert coordinator is not None and coordinator.volunteer and coordinator.coordinator_grant
    assert admin is not None and admin.admin_grant and not admin.coordinator_grant


async def test_locales_in_one_query(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        await tx.users.set_locale(901, "en")
        found = await tx.users.locales([901, 902, 404])
        assert await tx.users.locales([]) == {}
    assert found == {901: "en", 902: None}


async def test_offers_for_a_wave_and_their_messages_at_once(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        order_id = await _order(tx, world)
        first = await tx.offers.create(order_id, 901, 0, NOW)
        await tx.offers.set_status(first.id, OfferStatus.TAKEN)
        wave = await tx.offers.create_many(order_id, [903, 901, 902], 1, NOW)
        # An earlier offer keeps its row and ring and opens again; the order is kept.
        assert [o.volunteer_id for o in wave] == [903, 901, 902]
        assert wave[1].id == first.id and wave[1].ring == 0
        assert {o.status for o in wave} == {OfferStatus.OPEN} and wave[0].ring == 1
        assert await tx.offers.create_many(order_id, [], 2, NOW) == []
        await tx.offers.set_status(wave[2].id, OfferStatus.WITHDRAWN)
        now = await tx.offers.set_messages([(wave[0].id, 11), (wave[2].id, 12_345_678_901)])
        assert await tx.offers.set_messages([]) == []
        offers = {o.volunteer_id: o for o in await tx.offers.for_order(order_id)}
    assert [(o.id, o.message_id, o.status) for o in now] == sorted(
        [(wave[0].id, 11, OfferStatus.OPEN), (wave[2].id, 12_345_678_901, OfferStatus.WITHDRAWN)]
    )
    assert offers[901].message_id is None and offers[903].message_id == 11


async def test_schedule_many_inserts_in_order(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        later, sooner = NOW + timedelta(hours=2), NOW + timedelta(minutes=30)
        await tx.deadlines.schedule_many([("dispatch", 7, later), ("wave", 7, sooner)])
        await tx.deadlines.schedule_many([])
        dispatch = await tx.deadlines.pending("dispatch", 7)
        wave = await tx.deadlines.pending("wave", 7)
    assert [d.due_at for d in dispatch] == [later] and [d.due_at for d in wave] == [sooner]
    assert dispatch[0].id < wave[0].id


async def test_candidates_keep_each_sites_best_and_skip_quiet_hours(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        await tx.volunteers.tally(901, open_tasks=1)  # busier than 902
        await tx.volunteers.set_quiet(903, 22 * 60, 7 * 60)  # 22:00-07:00
        every = await tx.volunteers.candidates("civility", [10, 11])
        best = await tx.volunteers.candidates("civility", [10, 11], per_site=1)
        awake = await tx.volunteers.candidates("civility", [10, 11], awake_at=23 * 60)
        morning = await tx.volunteers.candidates("civility", [10, 11], awake_at=8 * 60)
    assert [v.user_id for v in every] == [901, 902, 903]
    assert [v.user_id for v in best] == [902, 903]  # one per site, the less busy at 11
    assert [v.user_id for v in awake] == [901, 902] and len(morning) == 3


async def test_unreachable_follows_the_user_onto_the_volunteer_row(
    db: SqlDatabase, world: World
) -> None:
    # Dispatch reads the copy on the volunteer row: it must follow every change.
    async with db.transaction() as tx:
        await tx.users.upsert(904, "V904", None)
        await tx.users.set_unreachable(904, True)  # blocked the bot before joining
        await tx.volunteers.upsert(904, world.team_id)
        await tx.users.set_unreachable(901, True)
        blocked = await tx.volunteers.candidates("civility", [11], per_site=5)
        await tx.users.set_unreachable(904, False)  # wrote to the bot again
        back = await tx.volunteers.candidates("civility", [11])
    assert [v.user_id for v in blocked] == [902]
    assert [(v.user_id, v.first_name) for v in back] == [(902, "V902"), (904, "V904")]


async def _now_twice(tx: SqlTx) -> tuple[object, object]:
    first = (await tx.session.execute(text("SELECT CURRENT_TIMESTAMP"))).scalar()
    second = (await tx.session.execute(text("SELECT CURRENT_TIMESTAMP"))).scalar()
    return first, second


async def test_read_sees_commits_and_on_postgresql_runs_outside_a_transaction(
    db: SqlDatabase, world: World
) -> None:
    async with db.transaction() as tx:
        await tx.users.set_locale(500, "en")
    async with db.read() as reader:
        locales = await reader.users.locales([500, 404])
        outside = await _now_twice(reader)
    async with db.transaction() as tx:  # the pooled connection is back to transactions
        inside = await _now_twice(tx)
    assert locales == {500: "en"}
    if db.dialect == "postgresql":
        # CURRENT_TIMESTAMP is the transaction's start: it moves only in autocommit.
        assert outside[0] != outside[1]
        assert inside[0] == inside[1]


async def test_commits_report_the_reference_data_they_wrote(db: SqlDatabase, world: World) -> None:
    seen: list[set[str]] = []
    db.on_commit(lambda changed: seen.append(set(changed)))
    async with db.transaction() as tx:
        await tx.users.set_locale(500, "en")  # not reference data: nothing reported
    async with db.transaction() as tx:
        await tx.catalogue.upsert_service("kites", "civility", LocalName("修风筝", "Kites"))
    async with db.transaction() as tx:
        await tx.sites.upsert(13, 10, SiteLevel.POINT, LocalName("新点", "New"), None, None)
    try:
        async with db.transaction() as tx:
            await tx.sites.upsert(14, 10, SiteLevel.POINT, LocalName("新点", "New"), None, None)
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert seen == [{CATALOGUE}, {SITES}]
