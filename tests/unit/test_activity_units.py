"""Activities' pure parts: the rotating check-in code, typed times, the words every
key built at run time needs, and the QR picture."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from conversations.flows.activities import CHANGEABLE, EDITABLE, parse_moment
from domain import activity_codes
from domain.activity_models import SignupRole, Visibility
from handlers.activity_qr import qr_png
from tests.translator import shared_translator

KEY = b"k" * 32
NOON = datetime(2026, 12, 5, 4, 0, 30, tzinfo=UTC)
TR = shared_translator()


def test_a_code_is_good_in_its_minute_and_the_next_only() -> None:
    code = activity_codes.encode(42, NOON, KEY)
    assert len(code) == activity_codes.TOKEN_CHARS
    assert activity_codes.decode(code, NOON, KEY) == 42
    assert activity_codes.decode(code, NOON + timedelta(seconds=60), KEY) == 42
    assert activity_codes.decode(code, NOON + timedelta(seconds=120), KEY) is None
    assert activity_codes.decode(code, NOON - timedelta(seconds=60), KEY) is None  # not yet


def test_a_code_of_another_key_or_cut_or_tampered_is_refused() -> None:
    code = activity_codes.encode(42, NOON, KEY)
    assert activity_codes.decode(code, NOON, b"x" * 32) is None
    assert activity_codes.decode(code[:-1], NOON, KEY) is None
    flipped = ("B" if code[0] == "A" else "A") + code[1:]
    assert activity_codes.decode(flipped, NOON, KEY) is None
    assert activity_codes.decode("!" * activity_codes.TOKEN_CHARS, NOON, KEY) is None
    # The deep link fits Telegram's 64-character /start parameter.
    assert len(f"ac_{code}") <= 64


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("12月5日 14:00", datetime(2026, 12, 5, 14, 0)),
        ("12月5日14:00", datetime(2026, 12, 5, 14, 0)),
        ("2026-12-05 9:30", datetime(2026, 12, 5, 9, 30)),
        ("12/5 9点", datetime(2026, 12, 5, 9, 0)),
        ("12/5 9点30分", datetime(2026, 12, 5, 9, 30)),
        ("1月3日 8：00", datetime(2027, 1, 3, 8, 0)),  # next January; a full-width colon
        ("16:30", datetime(2026, 12, 1, 16, 30)),  # today
    ],
)
def test_typed_times_are_read(typed: str, wanted: datetime) -> None:
    assert parse_moment(typed, date(2026, 12, 1)) == wanted


@pytest.mark.parametrize("typed", ["明天下午", "12月5日", "25:00", "12/5 9:75", ""])
def test_times_that_are_no_time_are_refused(typed: str) -> None:
    assert parse_moment(typed, date(2026, 12, 1)) is None


KEYS_BUILT_AT_RUN_TIME = [
    *(f"activity-visibility-{v}" for v in Visibility),
    *(f"activity-change-{step}" for step in CHANGEABLE),
    *(f"activity-role-{role}" for role in SignupRole),
    *(f"activity-edit-{what}" for what in EDITABLE),
    *(f"refused-activity-no-{role}s" for role in SignupRole),
]


@pytest.mark.parametrize("key", KEYS_BUILT_AT_RUN_TIME)
def test_keys_built_with_f_strings_exist(key: str) -> None:
    assert TR.has(key)


def test_the_qr_code_is_a_png_of_whole_modules() -> None:
    png = qr_png("https://t.me/civic_bot?start=ac_" + "A" * 24)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width % 8 == 0 and width >= (21 + 8) * 8  # a version-1 code and its border
