"""Household civility points, the honour list and certificates on SQLite and PostgreSQL:
awards and deductions are balanced ledger transactions, deductions at once never take
a household below zero, a registration and a certificate are decided once, and the
honour list sums a month's entries per site."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from domain.certificates import Certificates
from domain.clock import ManualClock
from domain.errors import Refused
from domain.honour import Honour
from domain.household_models import HouseholdStatus, HouseRule
from domain.households import Households
from domain.ledger import credit_hours
from domain.ledger_models import ISSUING, household
from domain.models import LocalName, Role
from domain.roles import Authority
from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Shanghai")
ADMIN = 77
COORDINATOR_11, COORDINATOR_20 = 801, 802
HEAD, OTHER_HEAD = 500, 510
RULES = (
    HouseRule("courtyard", LocalName("庭院整洁", "Tidy"), 3),
    HouseRule("deed", LocalName("善行义举", "Deed"), 10),
    HouseRule("litter", LocalName("乱堆乱放", "Litter"), -5),
)


async def _setup(db: SqlDatabase) -> None:
    async with db.transaction() as tx:
        for rule in RULES:
            await tx.households.put_rule(rule)
        for uid in (OTHER_HEAD, COORDINATOR_11, COORDINATOR_20):
            await tx.users.upsert(uid, f"U{uid}", None)
        await tx.roles.grant(COORDINATOR_11, Role.COORDINATOR, 11)
        await tx.roles.grant(COORDINATOR_20, Role.COORDINATOR, 20)


def _desk(db: SqlDatabase, clock: ManualClock) -> Households:
    return Households(db, clock, Authority(frozenset({ADMIN})))


async def _registered(desk: Households, head: int, site: int) -> int:
    asked = await desk.ask(head, site)
    await desk.decide(ADMIN, asked.household.id, True)
    return asked.household.id


async def test_awards_and_deductions_are_balanced(db: SqlDatabase, world: World) -> None:
    await _setup(db)
    clock = ManualClock(NOW)
    desk = _desk(db, clock)
    asked = await desk.ask(HEAD, 11)
    assert asked.coordinators == [COORDINATOR_11]
    try:
        await desk.decide(COORDINATOR_20, asked.household.id, True)
        raise AssertionError("a coordinator of another station decided")
    except Refused as refused:
        assert refused.reason == "households-not-your-point"
    decided = await asyncio.gather(
        *(desk.decide(COORDINATOR_11, asked.household.id, True) for _ in range(5)),
        return_exceptions=True,
    )
    assert sum(1 for d in decided if not isinstance(d, BaseException)) == 1
    home = asked.household.id
    await desk.award(COORDINATOR_11, home, "deed", "帮邻居收稻")
    await desk.award(COORDINATOR_11, home, "courtyard")
    try:
        await desk.award(COORDINATOR_11, home, "litter", "  ")
        raise AssertionError("a deduction without a reason")
    except Refused as refused:
        assert refused.reason == "households-deduction-needs-reason"
    await desk.award(COORDINATOR_11, home, "litter", "门口堆放杂物")
    async with db.transaction() as tx:
        assert await tx.ledger.balance(household(home)) == 8
        assert await tx.ledger.balance(ISSUING) == -8
        assert (await tx.ledger.totals())["points"] == 0
        awards = await tx.households.awards(home)
        assert [a.points for a in awards] == [-5, 3, 10]
        assert all(a.ledger_tx_id for a in awards)
        assert (await tx.households.get(home)).status is HouseholdStatus.ACTIVE  # type: ignore[union-attr]


async def test_deductions_at_once_never_go_below_zero(db: SqlDatabase, world: World) -> None:
    await _setup(db)
    desk = _desk(db, ManualClock(NOW))
    home = await _registered(desk, HEAD, 11)
    await desk.award(ADMIN, home, "deed")  # 10 points
    done = await asyncio.gather(
        *(desk.award(ADMIN, home, "litter", f"第{n}次") for n in range(6)), return_exceptions=True
    )
    assert not [d for d in done if isinstance(d, BaseException)]
    taken = sorted(-d.award.points for d in done if not isinstance(d, BaseException))
    assert sum(taken) == 10  # 5 + 5, then nothing left to take; each is still recorded
    async with db.transaction() as tx:
        assert await tx.ledger.balance(household(home)) == 0
        assert (await tx.ledger.totals())["points"] == 0


async def test_graders_reach_only_their_point(db: SqlDatabase, world: World) -> None:
    await _setup(db)
    desk = _desk(db, ManualClock(NOW))
    home_11 = await _registered(desk, HEAD, 11)
    home_21 = await _registered(desk, OTHER_HEAD, 21)
    await desk.appoint(COORDINATOR_11, 902, 11)
    choices = await desk.choices(902)
    assert [h.id for h in choices.households] == [home_11]
    await desk.award(902, home_11, "courtyard")
    try:
        await desk.award(902, home_21, "courtyard")
        raise AssertionError("a grader awarded outside their point")
    except Refused as refused:
        assert refused.reason == "households-not-your-point"
    await desk.dismiss(COORDINATOR_11, 902, 11)
    try:
        await desk.choices(902)
        raise AssertionError("a dismissed grader")
    except Refused as refused:
        assert refused.reason == "households-not-a-grader-here"


async def test_the_honour_list_sums_a_month_per_site(db: SqlDatabase, world: World) -> None:
    await _setup(db)
    clock = ManualClock(NOW)
    desk = _desk(db, clock)
    home_11 = await _registered(desk, HEAD, 11)
    home_21 = await _registered(desk, OTHER_HEAD, 21)
    await desk.award(ADMIN, home_11, "deed")
    await desk.award(ADMIN, home_21, "courtyard")
    await desk.award(ADMIN, home_11, "litter", "原因")
    async with db.transaction() as tx:
        await credit_hours(tx, 901, 2.0, "order:1", at=NOW)  # 20 points, team at 11
        await credit_hours(tx, 903, 1.0, "order:2", at=NOW)  # 10 points, team at 10
        await credit_hours(tx, 902, 5.0, "order:3", at=NOW - timedelta(days=40))  # October
    clock.advance(days=20)  # December: awarded then is not November's
    await desk.award(ADMIN, home_21, "deed")
    honour = Honour(db, clock, Authority(frozenset({ADMIN})), ZONE)
    county = await honour.month(None, 2026, 11)
    assert [(h.owner_id, h.points) for h in county.households] == [(home_11, 5), (home_21, 3)]
    assert [(v.owner_id, v.points) for v in county.volunteers] == [(901, 20), (903, 10)]
    station_20 = await honour.month(20, 2026, 11)
    assert [h.owner_id for h in station_20.households] == [home_21]
    assert station_20.volunteers == []
    assert [(h.owner_id, h.points) for h in (await honour.month(None, 2026, 12)).households] == [
        (home_21, 10)
    ]


async def test_a_certificate_is_issued_once_with_its_record(db: SqlDatabase, world: World) -> None:
    await _setup(db)
    key = b"k" * 32
    certificates = Certificates(db, ManualClock(NOW), Authority(frozenset({ADMIN})), key)
    async with db.transaction() as tx:
        await credit_hours(tx, 901, 3.5, "order:1", at=NOW)
    asked = await certificates.ask(901)
    assert COORDINATOR_11 in asked.coordinators and COORDINATOR_20 not in asked.coordinators
    results = await asyncio.gather(
        *(certificates.decide(COORDINATOR_11, asked.certificate.id, True) for _ in range(4)),
        return_exceptions=True,
    )
    issued = [r for r in results if not isinstance(r, BaseException)]
    assert len(issued) == 1
    cert = issued[0].certificate
    assert cert.code and cert.minutes == 210
    assert cert.record is not None and cert.record["name"] == "V901"
    assert cert.record["center"] == ["站1", "Site 1"]
    assert (await certificates.check(cert.code.lower())).id == cert.id
    wrong = Certificates(db, ManualClock(NOW), Authority(frozenset()), b"x" * 32)
    try:
        await wrong.check(cert.code)
        raise AssertionError("a code signed with another key")
    except Refused as refused:
        assert refused.reason == "certificates-not-genuine"
