"""Days and times typed in Chinese (domain/spoken_dates.py, and through
conversations/parsers.parse_date): each form the order flow takes."""

from __future__ import annotations

from datetime import date

import pytest

from conversations.parsers import parse_date
from domain.spoken_dates import AFTERNOON, EVENING, MORNING, arabic, relative_day, time_of_day

TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("十二月三号", date(2026, 12, 3)),
        ("十二月十三日", date(2026, 12, 13)),
        ("一月五号", date(2027, 1, 5)),  # past this year's: next year's
        ("二〇二六年十二月三日", date(2026, 12, 3)),
        ("下周三", date(2026, 12, 9)),
        ("下星期一", date(2026, 12, 7)),
        ("下下周一", date(2026, 12, 14)),
        ("周五", date(2026, 12, 4)),
        ("周一", date(2026, 12, 7)),  # already past this week: the coming one
        ("本周日", date(2026, 12, 6)),
        ("3天后", date(2026, 12, 4)),
        ("三天后", date(2026, 12, 4)),
        ("两天以后", date(2026, 12, 3)),
        ("两周后", date(2026, 12, 15)),
        ("明天", date(2026, 12, 2)),
        ("后天", date(2026, 12, 3)),
        ("大后天", date(2026, 12, 4)),
        ("今天", TODAY),
        ("五号", date(2026, 12, 5)),  # a day of the month alone: this month's
        ("1号", TODAY),  # today is one
        ("三十一日", date(2026, 12, 31)),
        ("12月3日", date(2026, 12, 3)),  # the numeric forms still work
        ("2026-12-03", date(2026, 12, 3)),
    ],
)
def test_each_typed_form_is_the_day_it_means(typed: str, expected: date) -> None:
    assert parse_date(typed, TODAY) == expected


def test_a_day_of_the_month_already_past_is_next_months() -> None:
    assert parse_date("5号", date(2026, 12, 10)) == date(2027, 1, 5)
    assert parse_date("31号", date(2026, 11, 20)) == date(2026, 12, 31)  # November has none


@pytest.mark.parametrize("typed", ["改天", "下周八", "十三月一号", "abc", ""])
def test_what_is_no_day_is_none(typed: str) -> None:
    assert parse_date(typed, TODAY) is None


def test_cn2an_turns_numerals_into_digits() -> None:
    assert arabic("十二月三号") == "12月3号"
    assert arabic("下午三点半") == "下午3点半"


def test_relative_day_alone_ignores_absolute_dates() -> None:
    assert relative_day("12月3日", TODAY) is None


@pytest.mark.parametrize(
    ("typed", "rest", "part", "at"),
    [
        ("明天上午", "明天", MORNING, None),
        ("下午", "", AFTERNOON, None),
        ("晚上", "", EVENING, None),
        ("下午三点", "", AFTERNOON, "15:00"),
        ("晚上八点半", "", EVENING, "20:30"),
        ("十二月三号下午3点", "12月3号", AFTERNOON, "15:00"),
        ("15:30", "", AFTERNOON, "15:30"),
        ("9点", "", MORNING, "09:00"),
        ("上午十点十五分", "", MORNING, "10:15"),
        ("下周三", "下周3", None, None),
    ],
)
def test_time_of_day_splits_part_and_clock_off_the_day(
    typed: str, rest: str, part: str | None, at: str | None
) -> None:
    found = time_of_day(typed)
    assert found is not None
    assert (found.rest, found.part, found.at) == (rest, part, at)


@pytest.mark.parametrize("typed", ["25点", "9:75"])
def test_a_time_no_clock_has_is_refused(typed: str) -> None:
    assert time_of_day(typed) is None
