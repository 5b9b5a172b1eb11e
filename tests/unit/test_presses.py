"""handlers/kit/presses.py, the codec: round trips, the 64-byte limit, prefixes, bad data.

Round trips run over sample values drawn from each field's type, for every press
the bot declares and for throwaway ones declared in a registry of their own.
"""

from __future__ import annotations

import dataclasses
import importlib
import random
import types
import typing
from dataclasses import dataclass
from enum import Enum, IntEnum, StrEnum
from typing import Any, Literal

import pytest

from handlers.kit.presses import MAX_BYTES, PRESSES, Press, PressError, Presses

BIG = 2**63 - 1

importlib.import_module("handlers.setup")  # every feature module, so every press


class Act(StrEnum):
    ACCEPT = "a"
    DECLINE = "d"


class Size(IntEnum):
    SMALL = 1
    LARGE = 9


TOYS = Presses()


@TOYS.declare("x")
@dataclass(frozen=True, slots=True)
class Everything:
    order_id: int
    act: Act
    size: Size
    urgent: bool
    kind: Literal["p", "q"]
    team: int | None
    note: str | None


@TOYS.declare("n")
@dataclass(frozen=True, slots=True)
class Nothing:
    pass


@TOYS.declare("s")
@dataclass(frozen=True, slots=True)
class TwoTexts:
    first: str
    rest: str


def samples(hint: Any, last: bool) -> list[Any]:
    """A few values of a field's type, the awkward ones included."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        (inner,) = (a for a in args if a is not type(None))
        return [None, *samples(inner, last)]
    if typing.get_origin(hint) is Literal:
        return list(args)
    if hint is bool:
        return [False, True]
    if hint is int:
        return [0, 7, -3, BIG]
    if hint is str:
        return ["x", "点点", "a:b"] if last else ["x", "点点"]
    assert isinstance(hint, type) and issubclass(hint, Enum)
    return list(hint)


def every_value(cls: type) -> list[Press]:
    """Presses of `cls` in which each field takes each of its samples, beside
    every other sample of the next field (a full product would run to thousands)."""
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    pools = [samples(hints[f.name], i == len(fields) - 1) for i, f in enumerate(fields)]
    if not pools:
        return [cls()]
    rows = max(len(pool) for pool in pools)
    shifts = range(max(len(pool) for pool in pools[1:]) if len(pools) > 1 else 1)
    values = {
        tuple(pool[(row + shift * i) % len(pool)] for i, pool in enumerate(pools))
        for row in range(rows)
        for shift in shifts
    }
    return [cls(*v) for v in sorted(values, key=repr)]


ALL = [(registry, cls) for registry in (PRESSES, TOYS) for cls in registry.types()]


def test_the_bot_declares_its_presses() -> None:
    assert len(PRESSES.types()) >= 14


def _ids(case: object) -> str:
    return case.__name__ if isinstance(case, type) else "toys" if case is TOYS else "bot"


@pytest.mark.parametrize(("registry", "cls"), ALL, ids=_ids)
def test_every_press_round_trips_with_its_field_types(registry: Presses, cls: type) -> None:
    for press in every_value(cls):
        data = registry.pack(press)
        back = registry.unpack(data)
        assert back == press, data
        assert [type(v) for v in dataclasses.astuple(back)] == [  # type: ignore[arg-type]
            type(v) for v in dataclasses.astuple(press)
        ]
        assert len(data.encode()) <= MAX_BYTES


@pytest.mark.parametrize(("registry", "cls"), ALL, ids=_ids)
def test_cut_or_tampered_data_is_refused_or_reads_back_exactly(
    registry: Presses, cls: type
) -> None:
    for press in every_value(cls):
        _refused_or_exact(registry, registry.pack(press))


def _refused_or_exact(registry: Presses, data: str) -> None:
    rng = random.Random(data)
    alphabet = ":-0123456789adnpqxy点 "
    forged = [data[:i] for i in range(len(data))]
    forged += [data + ":", data + "0", ":" + data, data.replace(":", "::", 1)]
    for _ in range(40):
        at = rng.randrange(len(data) + 1)
        forged.append(data[:at] + rng.choice(alphabet) + data[at + 1 :])
    for bad in forged:
        got = registry.unpack(bad)
        # Whatever is accepted is what some button would carry: nothing is half read.
        assert got is None or registry.pack(got) == bad, bad


def test_fields_pack_in_order_behind_the_prefix() -> None:
    press = Everything(12, Act.DECLINE, Size.LARGE, True, "q", None, "hi")
    assert TOYS.pack(press) == "x:12:d:9:1:q::hi"
    assert TOYS.pack(Nothing()) == "n"
    assert TOYS.unpack("n") == Nothing()


def test_the_last_text_field_keeps_the_separator() -> None:
    assert TOYS.pack(TwoTexts("a", "b:c")) == "s:a:b:c"
    assert TOYS.unpack("s:a:b:c") == TwoTexts("a", "b:c")


def test_the_separator_is_refused_in_any_other_text_field() -> None:
    with pytest.raises(PressError, match="may not hold"):
        TOYS.pack(TwoTexts("a:b", "c"))


def test_an_empty_text_is_refused_since_empty_means_none() -> None:
    with pytest.raises(PressError, match="non-empty"):
        TOYS.pack(TwoTexts("", "c"))


def test_a_value_outside_its_type_is_refused_at_pack() -> None:
    with pytest.raises(PressError, match="not one of"):
        TOYS.pack(Everything(1, "z", Size.SMALL, True, "p", None, None))  # type: ignore[arg-type]
    with pytest.raises(PressError, match="an int"):
        TOYS.pack(Everything("1", Act.ACCEPT, Size.SMALL, True, "p", None, None))  # type: ignore[arg-type]


def test_pack_refuses_data_over_64_bytes_with_a_clear_error() -> None:
    assert len(TOYS.pack(TwoTexts("a", "x" * 60))) == 64
    with pytest.raises(PressError, match="over 64 bytes"):
        TOYS.pack(TwoTexts("a", "x" * 61))
    with pytest.raises(PressError, match="over 64 bytes"):
        TOYS.pack(TwoTexts("a", "点" * 21))  # 21 characters, 63 bytes + "s:a:"


def test_data_over_64_bytes_never_unpacks() -> None:
    assert TOYS.unpack("s:a:" + "x" * 61) is None


def test_a_duplicate_prefix_raises_at_declaration() -> None:
    registry = Presses()
    registry.declare("o")(dataclass(frozen=True)(type("First", (), {"__annotations__": {}})))
    with pytest.raises(PressError, match=r"'o' .* taken by First"):

        @registry.declare("o")
        @dataclass(frozen=True)
        class Second:
            order_id: int


def test_the_bot_declares_no_prefix_twice() -> None:
    # Declaring raises on a duplicate; this says the registry holds one per type.
    prefixes = [PRESSES.pack(every_value(cls)[0]).split(":")[0] for cls in PRESSES.types()]
    assert len(prefixes) == len(set(prefixes))


@pytest.mark.parametrize("prefix", ["", "a:b"])
def test_a_prefix_is_non_empty_and_without_the_separator(prefix: str) -> None:
    with pytest.raises(PressError, match="prefix"):
        Presses().declare(prefix)(Nothing)


def test_a_press_must_be_a_frozen_dataclass() -> None:
    registry = Presses()
    with pytest.raises(PressError, match="frozen dataclass"):

        @registry.declare("m")
        @dataclass
        class Mutable:
            item: str


@pytest.mark.parametrize("hint", [float, list[int], int | str, Literal["a", "a:b"]])
def test_unsupported_field_types_are_refused_at_declaration(hint: Any) -> None:
    cls: type = dataclass(frozen=True)(type("Odd", (), {"__annotations__": {"field": hint}}))
    with pytest.raises(PressError, match=r"Odd\.field"):
        Presses().declare("q")(cls)


def test_packing_an_undeclared_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not a declared press"):
        TOYS.pack(TwoTexts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data",
    [
        "",
        ":",
        "zz",
        "x",
        "n:",
        "s",
        "s:a",
        "s::b",
        "x:12:d:9:1:q:",  # a field missing
        "x:12:z:9:1:q::",  # not an Act
        "x:12:d:5:1:q::",  # not a Size
        "x:12:d:9:2:q::",  # not a bool
        "x:012:d:9:1:q::",  # not how an int is written
        "x:+12:d:9:1:q::",
        "x:-0:d:9:1:q::",
        "x: 1:d:9:1:q::",
        "x:1_0:d:9:1:q::",
    ],
)
def test_malformed_data_unpacks_to_none(data: str) -> None:
    assert TOYS.unpack(data) is None


def test_a_retired_format_is_still_read_and_its_prefix_stays_taken() -> None:
    registry = Presses()

    @registry.declare("t2")
    @dataclass(frozen=True)
    class Done:
        order_id: int
        hours: int | None

    def old_done(rest: str) -> Press | None:  # "t:<order>" became "t2:<order>:<hours>"
        return Done(int(rest), None)

    registry.retire("t", old_done)
    assert registry.unpack("t:12") == Done(12, None)
    assert registry.unpack("t:x") is None
    assert registry.unpack("t") is None
    assert registry.pack(Done(12, None)) == "t2:12:"
    with pytest.raises(PressError, match="taken"):

        @registry.declare("t")
        @dataclass(frozen=True)
        class Reused:
            order_id: int
