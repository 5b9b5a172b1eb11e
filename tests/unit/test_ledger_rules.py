"""The ledger's pure parts: balanced entries, the county's rules, pickup codes."""

from __future__ import annotations

import pytest

from domain.ledger_models import (
    HOURS_SOURCE,
    ISSUING,
    Entry,
    LedgerTx,
    Rules,
    TxKind,
    Unbalanced,
    check_balanced,
    hours_of,
    hours_text,
    minutes_of,
    person,
    reversal_of,
    transfer,
)
from domain.shop_models import normal_code, shown_code


def test_entries_must_sum_to_zero_per_unit() -> None:
    check_balanced([*transfer(ISSUING, person(1), 10), *transfer(HOURS_SOURCE, hours_of(1), 60)])
    with pytest.raises(Unbalanced):
        check_balanced([Entry(ISSUING, -10), Entry(hours_of(1), 10)])  # points into minutes
    with pytest.raises(Unbalanced):
        check_balanced([Entry(ISSUING, 0)])  # one entry is no transaction
    with pytest.raises(Unbalanced):
        transfer(ISSUING, hours_of(1), 5)


def test_a_reversal_negates_every_entry_and_names_the_original() -> None:
    original = LedgerTx(
        7, None, TxKind.EARN, transfer(ISSUING, person(1), 10), "order:3", None, None, None
    )  # type: ignore[arg-type]
    back = reversal_of(original, 5, "typo")
    assert back.entries == (Entry(ISSUING, 10), Entry(person(1), -10))
    assert (back.kind, back.reverses, back.ref, back.actor_id) == (TxKind.REVERSAL, 7, "order:3", 5)


def test_points_follow_the_rule_and_halves_round_up() -> None:
    rules = Rules()
    assert rules.points_for(60) == 10
    assert rules.points_for(75) == 13  # 1.25 h -> 12.5 -> 13
    assert rules.points_for(-75) == -13  # taken back as it was given
    assert Rules(points_per_hour=15).points_for(30) == 8


def test_star_levels_and_the_hours_to_the_next() -> None:
    rules = Rules()
    assert [rules.stars(h * 60) for h in (0, 99, 100, 300, 599, 1000, 1500, 9999)] == [
        0,
        0,
        1,
        2,
        2,
        4,
        5,
        5,
    ]
    assert rules.to_next(0) == (1, 100 * 60)
    assert rules.to_next(150 * 60) == (2, 150 * 60)
    assert rules.to_next(1500 * 60) is None
    assert Rules.from_data({"star_hours": [10, 20]}).to_next(15 * 60) == (2, 5 * 60)
    with pytest.raises(ValueError):
        Rules(star_hours=(300, 100))
    with pytest.raises(ValueError):
        Rules.from_data({"points_per_hour": "ten"})


def test_hours_are_kept_in_whole_minutes_and_shown_as_hours() -> None:
    assert [minutes_of(h) for h in (0.5, 1.25, 0.33, -1.5)] == [30, 75, 20, -90]
    assert [hours_text(m) for m in (90, 20, 6000, 0)] == ["1.5", "0.33", "100", "0"]


def test_pickup_codes_read_as_typed_or_scanned() -> None:
    assert normal_code(" abcd-efgh ") == "ABCDEFGH"
    assert normal_code("ABCD EFGH") == "ABCDEFGH"
    assert normal_code("ABCD-EFG0") is None  # 0 is never in a code (it reads as O)
    assert normal_code("ABC") is None
    assert shown_code("ABCDEFGH") == "ABCD-EFGH"
