"""conversations/parsers.py: dates, the when/phone/text parsers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from conversations import parsers
from conversations.model import SKIP, Answer, FlowContext, Invalid
from conversations.parsers import MAX_DAYS_AHEAD, parse_date
from tests.unit.fakes import PROFILE, FakeReference

TODAY = date(2026, 1, 5)


def _ctx(today: date = TODAY, phone: str | None = PROFILE.phone) -> FlowContext:
    return FlowContext("zh-CN", replace(PROFILE, phone=phone), FakeReference(), today)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-12-03", date(2026, 12, 3)),
        ("2026/12/3", date(2026, 12, 3)),
        ("12-03", date(2026, 12, 3)),
        ("12/3", date(2026, 12, 3)),
        ("12月3日", date(2026, 12, 3)),
        ("12月3号", date(2026, 12, 3)),
        ("2026年12月3日", date(2026, 12, 3)),
        ("12.3", date(2026, 12, 3)),
        (" 1-5 ", date(2026, 1, 5)),  # today itself does not roll over
    ],
)
def test_parse_date_accepts_the_documented_forms(raw: str, expected: date) -> None:
    assert parse_date(raw, TODAY) == expected


@pytest.mark.parametrize("raw", ["13-40", "2-30", "tomorrow", "改天", "", "12", "1-2-3-4", "a-b"])
def test_parse_date_rejects_what_is_not_a_date(raw: str) -> None:
    assert parse_date(raw, TODAY) is None


def test_parse_date_rolls_a_past_month_day_to_next_year() -> None:
    assert parse_date("1月5日", date(2026, 12, 20)) == date(2027, 1, 5)
    assert parse_date("1-4", TODAY) == date(2027, 1, 4)


def test_parse_date_feb_29_in_december_means_next_years_leap_day() -> None:
    # In December 2027, "2-29" can only mean 2028-02-29 (76 days ahead).
    assert parse_date("2-29", date(2027, 12, 15)) == date(2028, 2, 29)


def test_parse_date_keeps_an_explicit_past_year() -> None:
    assert parse_date("2025-12-01", TODAY) == date(2025, 12, 1)


def test_parse_date_feb_29_past_in_a_leap_year_is_none_not_an_error() -> None:
    # Rolling 2028-02-29 to 2029 is not a date: the parser must say None, not raise.
    assert parse_date("2-29", date(2028, 3, 1)) is None


async def _when(answer: Answer, today: date = TODAY) -> dict[str, object]:
    return await parsers.when("when")(_ctx(today), {}, answer)


@pytest.mark.parametrize(
    ("button", "stored"),
    [
        ("today", "2026-01-05"),
        ("tomorrow", "2026-01-06"),
        ("week", "by:2026-01-11"),  # TODAY is a Monday: by that week's Sunday
    ],
)
async def test_a_relative_day_is_stored_as_the_date_it_meant_not_the_word(
    button: str, stored: str
) -> None:
    assert await _when(Answer("choice", value=button)) == {"when": stored}


async def test_this_week_pressed_on_a_sunday_means_that_same_day() -> None:
    sunday = date(2026, 1, 11)
    assert await _when(Answer("choice", value="week"), sunday) == {"when": "by:2026-01-11"}


async def test_a_when_button_that_is_no_day_is_refused() -> None:
    with pytest.raises(Invalid) as bad:
        await _when(Answer("choice", value="someday"))
    assert bad.value.hint.key == "flow-hint-date"


@pytest.mark.parametrize(
    ("typed", "iso"),
    [("1-20", "2026-01-20"), ("2026-01-05", "2026-01-05"), ("4月5日", "2026-04-05")],
)
async def test_when_typed_date_within_range_is_stored_as_iso(typed: str, iso: str) -> None:
    assert await _when(Answer("text", text=typed)) == {"when": iso}


async def test_when_accepts_the_last_day_in_range_and_refuses_the_next() -> None:
    last = TODAY + timedelta(days=MAX_DAYS_AHEAD)
    assert await _when(Answer("text", text=last.isoformat())) == {"when": last.isoformat()}
    with pytest.raises(Invalid) as bad:
        await _when(Answer("text", text=(last + timedelta(days=1)).isoformat()))
    assert bad.value.hint.key == "flow-hint-date-range"
    assert bad.value.hint.args == {"days": MAX_DAYS_AHEAD}


@pytest.mark.parametrize("typed", ["2025-12-31", "2026-06-01"])
async def test_when_past_or_too_far_date_is_out_of_range(typed: str) -> None:
    with pytest.raises(Invalid) as bad:
        await _when(Answer("text", text=typed))
    assert bad.value.hint.key == "flow-hint-date-range"


@pytest.mark.parametrize(
    "answer",
    [
        Answer("text", text="13-40"),
        Answer("text", text="soon"),
        Answer("other"),
        Answer("location", location=(1.0, 2.0)),
    ],
)
async def test_when_unreadable_answer_asks_for_a_date(answer: Answer) -> None:
    with pytest.raises(Invalid) as bad:
        await _when(answer)
    assert bad.value.hint.key == "flow-hint-date"


async def _phone(answer: Answer, phone: str | None = PROFILE.phone) -> dict[str, object]:
    return await parsers.phone("phone")(_ctx(phone=phone), {}, answer)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+86 138 0000 1234", "13800001234"),
        ("13800001234", "13800001234"),
        ("138-0000-1234", "13800001234"),
        ("１３８００００１２３４", "13800001234"),  # typed with a Chinese input method
        ("(010) 6512-3456", "01065123456"),
        ("0571-88888888", "057188888888"),
        ("+852 9123 4567", "+85291234567"),  # another country's: E.164
    ],
)
async def test_phone_stores_a_typed_number_in_one_form(typed: str, stored: str) -> None:
    assert await _phone(Answer("text", text=typed)) == {"phone": stored}


@pytest.mark.parametrize("shared", ["+8613800001234", "8613800001234"])
async def test_phone_accepts_a_shared_contact(shared: str) -> None:
    assert await _phone(Answer("contact", phone=shared)) == {"phone": "13800001234"}


@pytest.mark.parametrize(
    "typed",
    [
        "12345678",  # a local number without its area code
        "1380000123",  # a mobile number a digit short
        "138000012345",  # a digit too many
        "0571-8888",
        "110",
    ],
)
async def test_a_number_nobody_can_call_is_refused_with_a_hint_saying_why(typed: str) -> None:
    with pytest.raises(Invalid) as bad:
        await _phone(Answer("text", text=typed))
    assert bad.value.hint.key == "flow-hint-phone-invalid"


async def test_a_shared_contact_with_a_bad_number_is_refused() -> None:
    with pytest.raises(Invalid) as bad:
        await _phone(Answer("contact", phone="12345678"))
    assert bad.value.hint.key == "flow-hint-phone-invalid"


async def test_phone_saved_button_uses_the_profile_phone() -> None:
    assert await _phone(Answer("choice", value="saved")) == {"phone": PROFILE.phone}


async def test_phone_skip_stores_empty() -> None:
    assert await _phone(Answer("choice", value=SKIP)) == {"phone": ""}


@pytest.mark.parametrize(
    "answer",
    [
        Answer("text", text="abc"),
        Answer("text", text="12"),
        Answer("text", text="-------"),
        Answer("contact", phone=None),
        Answer("other"),
    ],
)
async def test_phone_rejects_what_is_not_a_number(answer: Answer) -> None:
    with pytest.raises(Invalid) as bad:
        await _phone(answer)
    assert bad.value.hint.key == "flow-hint-phone"


async def _text(answer: Answer, skippable: bool = True) -> dict[str, object]:
    return await parsers.text("details", 10, skippable)(_ctx(), {}, answer)


async def test_text_is_stored_stripped() -> None:
    assert await _text(Answer("text", text="  hello ")) == {"details": "hello"}


async def test_text_skip_stores_empty() -> None:
    assert await _text(Answer("choice", value=SKIP)) == {"details": ""}


@pytest.mark.parametrize(
    ("answer", "skippable"),
    [
        (Answer("text", text="   "), True),
        (Answer("other"), True),
        (Answer("choice", value=SKIP), False),
    ],
)
async def test_text_empty_or_wrong_kind_asks_for_text(answer: Answer, skippable: bool) -> None:
    with pytest.raises(Invalid) as bad:
        await _text(answer, skippable)
    assert bad.value.hint.key == "flow-hint-text"


async def test_text_too_long_names_the_limit() -> None:
    assert await _text(Answer("text", text="x" * 10)) == {"details": "x" * 10}
    with pytest.raises(Invalid) as bad:
        await _text(Answer("text", text="x" * 11))
    assert bad.value.hint.key == "flow-hint-too-long"
    assert bad.value.hint.args == {"max": 10}


async def test_pick_converts_a_button_and_refuses_text() -> None:
    assert await parsers.pick("n", int)(_ctx(), {}, Answer("choice", value="3")) == {"n": 3}
    with pytest.raises(Invalid) as bad:
        await parsers.pick("n")(_ctx(), {}, Answer("text", text="3"))
    assert bad.value.hint.key == "flow-hint-buttons"
