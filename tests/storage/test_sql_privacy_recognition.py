"""/forgetme reaches recognition, on SQLite and PostgreSQL: the notes and photos of a
household's awards and the typed reasons on the ledger that may name the person go,
while every transaction and entry stays (the sums and balances do not move) and the
ledger still refuses every other update and every delete."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError

from domain.clock import ManualClock
from domain.household_models import HouseRule
from domain.households import Households
from domain.ledger import Ledger
from domain.ledger_models import ISSUING, hours_of, household, person
from domain.models import LocalName
from domain.roles import Authority
from storage.sql import SqlDatabase
from storage.sql.tables import ledger_entries, ledger_reason_erasures, ledger_transactions

if TYPE_CHECKING:
    from tests.storage.conftest import World

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ADMIN = 77
RULES = (
    HouseRule("deed", LocalName("善行义举", "Deed"), 10),
    HouseRule("litter", LocalName("乱堆乱放", "Litter"), -5),
)


async def _snapshot(db: SqlDatabase) -> tuple[object, ...]:
    async with db.transaction() as tx:
        balances = await tx.ledger.balances(
            [ISSUING, household(1), person(901), hours_of(901), person(902)]
        )
        totals = await tx.ledger.totals()
    async with db.engine.connect() as conn:
        entries = (await conn.execute(select(func.count()).select_from(ledger_entries))).scalar()
        amounts = (await conn.execute(select(func.sum(ledger_entries.c.amount)))).scalar()
        txs = (await conn.execute(select(func.count()).select_from(ledger_transactions))).scalar()
    return balances, totals, entries, amounts, txs


async def test_forgetting_erases_words_and_keeps_the_sums(db: SqlDatabase, world: World) -> None:
    clock = ManualClock(NOW)
    authority = Authority(frozenset({ADMIN}))
    async with db.transaction() as tx:
        for rule in RULES:
            await tx.households.put_rule(rule)
    homes = Households(db, clock, authority)
    asked = await homes.ask(world.resident, 11)
    await homes.decide(ADMIN, asked.household.id, True)
    await homes.add_member(world.resident, 901)
    await homes.award(ADMIN, 1, "deed", "王秀英帮邻居收稻", "photo-of-her")
    await homes.award(ADMIN, 1, "litter", "王秀英家门口堆放杂物")
    ledger = Ledger(db, clock, authority, UTC)
    mine, _ = await ledger.adjust(ADMIN, 901, 2, "王秀英补记带队")
    other, _ = await ledger.adjust(ADMIN, 902, 1, "别人的事")
    before = await _snapshot(db)

    async with db.transaction() as tx:
        erased = await tx.privacy.forget_recognition(901, NOW)
    assert erased == 3  # the award's note and the deduction's reason, the adjustment's
    assert await _snapshot(db) == before  # every sum, balance and row as it was
    async with db.transaction() as tx:
        awards = await tx.households.awards(1)
        assert [(a.note, a.photo_file_id) for a in awards] == [("", None), ("", None)]
        assert [a.points for a in awards] == [-5, 10]
        kept = await tx.ledger.get(mine.tx_id)
        assert kept is not None and kept.reason is None and kept.entries
        assert (await tx.ledger.get(other.tx_id)).reason == "别人的事"  # type: ignore[union-attr]
    async with db.engine.connect() as conn:
        marked = (await conn.execute(select(ledger_reason_erasures.c.transaction_id))).scalars()
        assert sorted(marked) == sorted([mine.tx_id, *(a.ledger_tx_id for a in awards)])
    async with db.transaction() as tx:  # again: nothing left to erase
        assert await tx.privacy.forget_recognition(901, NOW) == 0


@pytest.mark.parametrize(
    "change",
    [
        {"reason": "新的话"},  # a reason may go, never be rewritten
        {"reason": None, "kind": "award"},
        {"reason": None, "actor_id": 1},
        {"at": NOW},
    ],
)
async def test_the_ledger_allows_no_other_update(
    db: SqlDatabase, world: World, change: dict[str, object]
) -> None:
    ledger = Ledger(db, ManualClock(NOW), Authority(frozenset({ADMIN})), UTC)
    credited, _ = await ledger.adjust(ADMIN, 901, 1, "补记")
    async with db.engine.begin() as conn:
        with pytest.raises(DBAPIError, match="append-only"):
            await conn.execute(
                update(ledger_transactions)
                .where(ledger_transactions.c.id == credited.tx_id)
                .values(**change)
            )
    async with db.engine.begin() as conn:
        with pytest.raises(DBAPIError, match="append-only"):
            await conn.execute(
                delete(ledger_transactions).where(ledger_transactions.c.id == credited.tx_id)
            )
