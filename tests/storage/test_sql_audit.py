"""Contract tests for the audit trail repository, on every SQL backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from domain.audit import AuditAction
from domain.models import LocalName
from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
STATION_10 = [10, 11, 12]  # the subtree of station 10 in `world`


async def _fill(db: SqlDatabase) -> list[int]:
    """One entry at each of points 11, 12, 21, station 10 and county-wide; their ids."""
    ids = []
    async with db.transaction() as tx:
        for minute, (site, action) in enumerate(
            [
                (11, AuditAction.ASSIGN),
                (12, AuditAction.CANCEL),
                (21, AuditAction.APPROVE),
                (10, AuditAction.PROMOTE),
                (None, AuditAction.SERVICE_ADD),
            ]
        ):
            entry = await tx.audit.append(
                NOW + timedelta(minutes=minute), 900, action, site, f"s{minute}", {"n": minute}
            )
            ids.append(entry.id)
    return ids


async def test_an_appended_entry_reads_back_whole(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        written = await tx.audit.append(
            NOW, 900102, AuditAction.CANCEL, 11, "42", {"reason": "居民不需要了", "n": 3}
        )
    async with db.transaction() as tx:
        [read] = await tx.audit.recent([11], county=False)
    assert read == written
    assert (read.at, read.actor_id, read.action, read.site_id, read.subject) == (
        NOW,
        900102,
        AuditAction.CANCEL,
        11,
        "42",
    )
    assert dict(read.details) == {"reason": "居民不需要了", "n": 3}


async def test_a_subtree_reads_only_its_own_sites_newest_first(
    db: SqlDatabase, world: World
) -> None:
    at_11, at_12, at_21, at_10, county = await _fill(db)
    async with db.transaction() as tx:
        station = await tx.audit.recent(STATION_10, county=False)
        point = await tx.audit.recent([11], county=False)
        center = await tx.audit.recent([1, 10, 11, 12, 20, 21], county=True)
        everywhere = await tx.audit.recent(None, county=True)
        every_site = await tx.audit.recent(None, county=False)
    assert [e.id for e in station] == [at_10, at_12, at_11]
    assert [e.id for e in point] == [at_11]
    assert [e.id for e in center] == [county, at_10, at_21, at_12, at_11]
    assert [e.id for e in everywhere] == [county, at_10, at_21, at_12, at_11]
    assert [e.id for e in every_site] == [at_10, at_21, at_12, at_11]


async def test_pages_go_on_below_the_last_id_seen(db: SqlDatabase, world: World) -> None:
    at_11, at_12, at_21, at_10, county = await _fill(db)
    async with db.transaction() as tx:
        first = await tx.audit.recent(None, county=True, limit=2)
        second = await tx.audit.recent(None, county=True, before=first[-1].id, limit=2)
        last = await tx.audit.recent(None, county=True, before=second[-1].id, limit=2)
        in_station = await tx.audit.recent(STATION_10, county=False, before=at_10, limit=5)
    assert [e.id for e in first] == [county, at_10]
    assert [e.id for e in second] == [at_21, at_12]
    assert [e.id for e in last] == [at_11]
    assert [e.id for e in in_station] == [at_12, at_11]


async def test_names_and_team_names_of_what_entries_mention(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        names = await tx.audit.names([500, 901, 4242])
        teams = await tx.audit.team_names([world.team_id, 99999])
        assert await tx.audit.names([]) == {} and await tx.audit.team_names([]) == {}
    assert names == {500: "居民", 901: "V901"}
    assert teams == {world.team_id: LocalName("义剪队", "Hair")}


async def test_an_entry_written_in_a_rolled_back_transaction_is_gone(
    db: SqlDatabase, world: World
) -> None:
    try:
        async with db.transaction() as tx:
            await tx.audit.append(NOW, 900, AuditAction.ASSIGN, 11, "1", {})
            raise LookupError("the action failed after recording")
    except LookupError:
        pass
    async with db.transaction() as tx:
        assert await tx.audit.recent(None, county=True) == []
