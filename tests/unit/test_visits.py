"""domain/visits.py without I/O: typed arrival times, the day's parts, code words."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.clock import ManualClock
from domain.errors import Refused
from domain.offers import Dispatcher, Policy
from domain.reference import Reference
from domain.visit_models import DayPart
from domain.visit_words import WORDS
from domain.visits import TypedTime, VisitDesk, parse_time

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15:30", TypedTime(15 * 60 + 30)),
        ("15：30", TypedTime(15 * 60 + 30)),
        ("９:05", TypedTime(9 * 60 + 5)),
        ("下午3点", TypedTime(15 * 60)),
        ("下午三点半", TypedTime(15 * 60 + 30)),
        ("上午10点20分", TypedTime(10 * 60 + 20)),
        ("明天 9点半", TypedTime(9 * 60 + 30, 1)),
        ("明天上午九点", TypedTime(9 * 60, 1)),
        ("后天下午两点", TypedTime(14 * 60, 2)),
        ("今天晚上7点", TypedTime(19 * 60, 0)),
        ("中午12点", TypedTime(12 * 60)),
        ("中午1点", TypedTime(13 * 60)),
        ("十一点", TypedTime(11 * 60)),
        ("14点", TypedTime(14 * 60)),
        ("3pm", TypedTime(15 * 60)),
        ("tomorrow 9:00", TypedTime(9 * 60, 1)),
        ("Today 4 PM", TypedTime(16 * 60, 0)),
    ],
)
def test_a_typed_time_is_read(typed: str, expected: TypedTime) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["", "soon", "25:00", "9:75", "下午", "明天", "一会儿", "3点3点"])
def test_what_is_not_a_time_is_refused(typed: str) -> None:
    assert parse_time(typed) is None


def _desk(now: datetime) -> VisitDesk:
    clock = ManualClock(now)
    dispatcher = Dispatcher(clock, Policy())
    return VisitDesk(None, clock, dispatcher, Reference(None, clock), SHANGHAI)  # type: ignore[arg-type]


def test_only_parts_of_the_day_still_ahead_are_offered() -> None:
    morning = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in the county
    evening = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)  # 19:00
    both = [(d, p) for d in (0, 1) for p in DayPart]
    assert _desk(morning).parts_open() == both
    assert _desk(evening).parts_open() == [(1, DayPart.MORNING), (1, DayPart.AFTERNOON)]


def test_a_part_of_the_day_arrives_at_its_start_in_county_time() -> None:
    desk = _desk(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    arrival = desk.arrival_at_part(1, DayPart.AFTERNOON)
    assert arrival.at == datetime(2026, 12, 2, 14, 0, tzinfo=SHANGHAI)
    assert arrival.part is DayPart.AFTERNOON


def test_a_typed_time_that_has_passed_is_refused() -> None:
    desk = _desk(datetime(2026, 12, 1, 7, 0, tzinfo=UTC))  # 15:00 in the county
    with pytest.raises(Refused) as refused:
        desk.arrival_typed(TypedTime(9 * 60))
    assert refused.value.reason == "visit-time-past"
    later = desk.arrival_typed(TypedTime(16 * 60))
    assert later.at == datetime(2026, 12, 1, 16, 0, tzinfo=SHANGHAI) and later.part is None
    tomorrow = desk.arrival_typed(TypedTime(9 * 60, 1))
    assert tomorrow.at == datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI)


def test_code_words_are_short_distinct_and_the_same_in_every_language() -> None:
    assert len(set(WORDS)) == len(WORDS) >= 50
    assert all(len(word) == 2 for word in WORDS)
