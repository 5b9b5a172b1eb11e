"""The points shop's contract on SQLite and PostgreSQL: a pickup code works once and
expires, and hand-overs at once never overdraw a balance or take stock below zero."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from domain.clock import ManualClock
from domain.errors import Refused
from domain.ledger import credit_hours
from domain.ledger_models import person, shop
from domain.models import LocalName
from domain.roles import Authority
from domain.shop import Shop
from domain.shop_models import CODE_ALPHABET
from storage.sql import SqlDatabase

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
KEEPER = 77  # an admin by the settings: keeper everywhere
VOLUNTEER = 901


def _shop(db: SqlDatabase, clock: ManualClock) -> Shop:
    codes = ("ABCDEFG" + CODE_ALPHABET[n % 31] for n in itertools.count(1))
    return Shop(db, clock, Authority(frozenset({KEEPER})), codes=lambda: next(codes))


async def _codes(db: SqlDatabase, shop_: Shop, reward_id: int, count: int) -> list[str]:
    """`count` open pickups of the volunteer's, written straight to the repository
    (asking for them in chat would refuse the ones the balance cannot cover)."""
    async with db.transaction() as tx:
        out = []
        for n in range(count):
            code = "HANDUP" + CODE_ALPHABET[n // 31] + CODE_ALPHABET[n % 31]
            pickup = await tx.shop.open_pickup(
                code, reward_id, VOLUNTEER, 10, NOW, NOW + timedelta(days=1)
            )
            assert pickup is not None
            out.append(code)
    return out


async def _credit(db: SqlDatabase, hours: float) -> None:
    async with db.transaction() as tx:
        await credit_hours(tx, VOLUNTEER, hours, "order:1", at=NOW)


async def _hand_over_all(shop_: Shop, codes: list[str]) -> list[str]:
    async def one(code: str) -> str:
        try:
            await shop_.hand_over(KEEPER, code)
        except Refused as refused:
            return refused.reason
        return "done"

    return list(await asyncio.gather(*(one(c) for c in codes)))


async def test_twenty_hand_overs_on_a_balance_for_three(db: SqlDatabase, world: World) -> None:
    clock = ManualClock(NOW)
    shop_ = _shop(db, clock)
    reward = await shop_.add(KEEPER, 11, LocalName("肥皂", "Soap"), 10, 50)
    await _credit(db, 3.0)  # 30 points
    results = await _hand_over_all(shop_, await _codes(db, shop_, reward.id, 20))
    assert results.count("done") == 3
    assert set(results) - {"done"} == {"not-enough-points"}
    async with db.transaction() as tx:
        assert await tx.ledger.balance(person(VOLUNTEER)) == 0
        assert await tx.ledger.balance(shop(11)) == 30
        assert (await tx.shop.get(reward.id)).stock == 47  # type: ignore[union-attr]
        assert (await tx.ledger.totals())["points"] == 0


async def test_stock_never_goes_below_zero(db: SqlDatabase, world: World) -> None:
    clock = ManualClock(NOW)
    shop_ = _shop(db, clock)
    reward = await shop_.add(KEEPER, 11, LocalName("毛巾", "Towel"), 10, 3)
    await _credit(db, 100.0)  # 1000 points: stock is the limit
    results = await _hand_over_all(shop_, await _codes(db, shop_, reward.id, 20))
    assert results.count("done") == 3
    assert set(results) - {"done"} == {"shop-out-of-stock"}
    async with db.transaction() as tx:
        assert (await tx.shop.get(reward.id)).stock == 0  # type: ignore[union-attr]
        assert await tx.ledger.balance(person(VOLUNTEER)) == 970


async def test_a_code_works_once_and_expires(db: SqlDatabase, world: World) -> None:
    clock = ManualClock(NOW)
    shop_ = _shop(db, clock)
    async with db.transaction() as tx:
        await tx.users.upsert(VOLUNTEER, "V", None)
    reward = await shop_.add(KEEPER, 11, LocalName("肥皂", "Soap"), 10, 5)
    await _credit(db, 2.0)
    first = await shop_.reserve(VOLUNTEER, reward.id)
    second = await shop_.reserve(VOLUNTEER, reward.id)
    with pytest.raises(Refused, match="not-enough-points"):  # both open ones hold 20
        await shop_.reserve(VOLUNTEER, reward.id)
    done = await shop_.hand_over(KEEPER, first.pickup.code.lower())
    assert (done.balance, done.reward.id) == (10, reward.id)
    with pytest.raises(Refused, match="shop-code-used"):
        await shop_.hand_over(KEEPER, first.pickup.code)
    clock.advance(days=8)
    with pytest.raises(Refused, match="shop-code-expired"):
        await shop_.hand_over(KEEPER, second.pickup.code)
    with pytest.raises(Refused, match="shop-bad-code"):
        await shop_.hand_over(KEEPER, "nonsense")
    with pytest.raises(Refused, match=r"shop-not-your-site|not-a-coordinator"):
        await shop_.hand_over(902, second.pickup.code)
