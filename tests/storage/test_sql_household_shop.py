"""A household spends its civility points in the shop, on SQLite and PostgreSQL: the
head (or, where the county allows, a member) reserves from the household's balance,
and hand-overs at once, mixed with hand-overs from a person's own balance, never
overdraw either (nor deadlock: balances are locked only by the post, in account-id
order)."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from domain.clock import ManualClock
from domain.errors import Refused
from domain.household_models import HouseRule
from domain.households import Households
from domain.ledger import credit_hours
from domain.ledger_models import ISSUING, Rules, household, person, shop
from domain.models import LocalName
from domain.roles import Authority
from domain.shop import Shop
from domain.shop_models import CODE_ALPHABET
from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ADMIN = 77  # keeper and coordinator everywhere
HEAD, MEMBER = 500, 901  # the world's resident heads the household; a volunteer is in it
DEED = HouseRule("deed", LocalName("善行义举", "Deed"), 10)


def _shop(db: SqlDatabase, clock: ManualClock) -> Shop:
    codes = ("ABCDEFG" + CODE_ALPHABET[n % 31] for n in itertools.count(1))
    return Shop(db, clock, Authority(frozenset({ADMIN})), codes=lambda: next(codes))


async def _household(db: SqlDatabase, clock: ManualClock, awards: int) -> int:
    async with db.transaction() as tx:
        await tx.households.put_rule(DEED)
    desk = Households(db, clock, Authority(frozenset({ADMIN})))
    asked = await desk.ask(HEAD, 11)
    await desk.decide(ADMIN, asked.household.id, True)
    await desk.add_member(HEAD, MEMBER)
    for _ in range(awards):
        await desk.award(ADMIN, asked.household.id, DEED.code)
    return asked.household.id


async def _open(db: SqlDatabase, reward_id: int, count: int, home: int | None) -> list[str]:
    """Open pickups written straight to the repository (reserving would refuse the
    ones the balance cannot cover)."""
    prefix = "HHMM" if home else "SSFF"
    out = []
    async with db.transaction() as tx:
        for n in range(count):
            code = prefix + "ZZ" + CODE_ALPHABET[n // 31] + CODE_ALPHABET[n % 31]
            pickup = await tx.shop.open_pickup(
                code,
                reward_id,
                MEMBER,
                10,
                NOW,
                NOW + timedelta(days=1),
                household_id=home,
            )
            assert pickup is not None
            out.append(code)
    return out


async def test_hand_overs_at_once_never_overdraw_a_household(db: SqlDatabase, world: World) -> None:
    clock = ManualClock(NOW)
    shop_ = _shop(db, clock)
    home = await _household(db, clock, awards=3)  # 30 points
    async with db.transaction() as tx:
        await credit_hours(tx, MEMBER, 2.0, "order:1", at=NOW)  # 20 of the member's own
    reward = await shop_.add(ADMIN, 11, LocalName("肥皂", "Soap"), 10, 100)
    codes = await _open(db, reward.id, 20, home) + await _open(db, reward.id, 10, None)

    async def one(code: str) -> str:
        try:
            done = await shop_.hand_over(ADMIN, code)
        except Refused as refused:
            return refused.reason
        return "home" if done.household is not None else "self"

    results = await asyncio.gather(*(one(c) for c in codes))
    assert results.count("home") == 3
    assert results.count("self") == 2
    assert set(results) - {"home", "self"} == {"not-enough-points"}
    async with db.transaction() as tx:
        assert await tx.ledger.balance(household(home)) == 0
        assert await tx.ledger.balance(person(MEMBER)) == 0
        assert await tx.ledger.balance(shop(11)) == 50
        assert await tx.ledger.balance(ISSUING) == -50
        assert (await tx.shop.get(reward.id)).stock == 95  # type: ignore[union-attr]
        assert (await tx.ledger.totals())["points"] == 0


async def test_the_head_reserves_and_members_only_where_allowed(
    db: SqlDatabase, world: World
) -> None:
    clock = ManualClock(NOW)
    shop_ = _shop(db, clock)
    home = await _household(db, clock, awards=2)  # 20 points
    reward = await shop_.add(ADMIN, 11, LocalName("毛巾", "Towel"), 15, 5)
    with pytest.raises(Refused, match="shop-household-head-only"):
        await shop_.reserve_for_household(MEMBER, reward.id)
    with pytest.raises(Refused, match="shop-no-household"):
        await shop_.reserve_for_household(902, reward.id)
    reserved = await shop_.reserve_for_household(HEAD, reward.id)
    assert reserved.pickup.household_id == home
    with pytest.raises(Refused, match="not-enough-points"):  # the open code holds 15
        await shop_.reserve_for_household(HEAD, reward.id)
    assert await shop_.mine(HEAD) == []  # not the head's own pickups
    assert [p.code for p, _ in await shop_.household_pickups(MEMBER)] == [reserved.pickup.code]

    async with db.transaction() as tx:
        await tx.ledger.set_rules(Rules(members_redeem=True))
    assert await shop_.may_spend_for_household(MEMBER)
    clock.advance(days=8)  # the head's code expired: its points are free again
    by_member = await shop_.reserve_for_household(MEMBER, reward.id)
    with pytest.raises(Refused, match="shop-code-expired"):
        await shop_.hand_over(ADMIN, reserved.pickup.code)
    done = await shop_.hand_over(ADMIN, by_member.pickup.code)
    assert done.balance == 5
    assert done.members == (HEAD, MEMBER)
    async with db.transaction() as tx:
        assert await tx.ledger.balance(household(home)) == 5
        assert await tx.ledger.balance(person(MEMBER)) == 0
