"""A caught exception is logged by type and frames, never by its message, which can
quote personal data."""

from __future__ import annotations

from domain.failures import described


def _parse_floor(text: str) -> float:
    return float(text)


def test_a_failure_names_its_type_and_frames_but_not_the_input_it_quotes() -> None:
    try:
        _parse_floor("13812345678 3号楼")
    except ValueError as error:
        line = described(error)
    assert line.startswith("ValueError via test_failures.py:")
    assert "_parse_floor" in line
    assert "13812345678" not in line and "3号楼" not in line


def test_a_failure_never_raised_is_its_type_alone() -> None:
    assert described(KeyError("13812345678")) == "KeyError"
