"""handlers/callbacks.py: the typed callback-data codec and its 64-byte limit."""

from __future__ import annotations

import pytest

from handlers.callbacks import (
    MAX_BYTES,
    CancelPress,
    DonePress,
    FlowPress,
    HoursPress,
    LangPress,
    MenuPress,
    OfferPress,
    Press,
    RatePress,
    pack,
    unpack,
)

BIG = 2**63 - 1  # the largest BIGINT id storage can hand out

EVERY_PRESS: list[Press] = [
    FlowPress(3, "confirm"),
    FlowPress(7, "_back"),
    MenuPress("order"),
    OfferPress(12, "a"),
    OfferPress(12, "d"),
    DonePress(12),
    HoursPress(12, "1.5"),
    HoursPress(12, "other"),
    RatePress(12, 5),
    CancelPress(12),
    LangPress("zh-CN"),
]

BIG_IDS: list[Press] = [
    FlowPress(BIG, "category"),
    OfferPress(BIG, "a"),
    OfferPress(BIG, "d"),
    DonePress(BIG),
    HoursPress(BIG, "other"),
    RatePress(BIG, 5),
    CancelPress(BIG),
]


@pytest.mark.parametrize("press", EVERY_PRESS, ids=repr)
def test_pack_then_unpack_gives_the_press_back(press: Press) -> None:
    assert unpack(pack(press)) == press


def test_every_press_type_has_a_round_trip_case() -> None:
    covered = {type(p) for p in EVERY_PRESS}
    assert covered == {
        FlowPress,
        MenuPress,
        OfferPress,
        DonePress,
        HoursPress,
        RatePress,
        CancelPress,
        LangPress,
    }


def test_offer_press_packs_to_the_documented_short_form() -> None:
    assert pack(OfferPress(12, "a")) == "o:12:a"


@pytest.mark.parametrize("press", [*EVERY_PRESS, *BIG_IDS], ids=repr)
def test_packed_data_fits_in_64_bytes_even_with_big_ids(press: Press) -> None:
    data = pack(press)
    assert len(data.encode()) <= MAX_BYTES == 64
    assert unpack(data) == press


@pytest.mark.parametrize(
    "data",
    [
        "o:12:x",
        "o:abc:a",
        "o:12",
        "o:12:a:b",
        "zz",
        "",
        ":",
        "f:x:y",
        "f:1:",
        "f:1",
        "m:",
        "t:",
        "t:x",
        "h:1",
        "h:x:1",
        "r:1",
        "r:1:x",
        "c:",
        "c:x",
        "l:",
        "x:1",
    ],
)
def test_malformed_data_unpacks_to_none(data: str) -> None:
    assert unpack(data) is None


def test_flow_value_may_itself_contain_a_colon() -> None:
    assert unpack("f:4:a:b") == FlowPress(4, "a:b")


@pytest.mark.parametrize(
    "press",
    [FlowPress(1, "x" * 70), MenuPress("x" * 63), LangPress("x" * 63), HoursPress(1, "9" * 70)],
    ids=repr,
)
def test_pack_refuses_data_over_64_bytes(press: Press) -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        pack(press)


def test_pack_counts_bytes_not_characters() -> None:
    assert len(pack(MenuPress("点" * 20))) == 22  # 62 bytes: fits
    with pytest.raises(ValueError):
        pack(MenuPress("点" * 21))  # 21 characters but 65 bytes
