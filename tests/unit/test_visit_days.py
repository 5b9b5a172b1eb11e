"""A stored day in words: "today / tomorrow / the day after" only as seen from the
moment the message is sent (the county's date then, a fixed clock here), always
with the date, so a message read on another day is still true; a record read at
any later time (/mydata) says the date alone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from conversations.flows.order_details import day_text, visit_text
from domain.order_details_models import OrderDetails, Visit
from domain.visit_models import Arrival, DayPart
from domain.when import When, near
from handlers.kit.render import words
from handlers.visits import arrival_text
from tests.translator import shared_translator

TR = shared_translator()
COUNTY = ZoneInfo("Asia/Shanghai")
ORDERED = date(2026, 12, 1)  # a Tuesday: the order is made, "for tomorrow"
WANTED = When(date(2026, 12, 2))  # Wednesday 2 December
MORNING = DayPart.MORNING


@pytest.mark.parametrize(
    ("day", "today", "seen"),
    [
        (date(2026, 12, 2), date(2026, 12, 2), "today"),
        (date(2026, 12, 2), date(2026, 12, 1), "tomorrow"),
        (date(2026, 12, 3), date(2026, 12, 1), "after"),
        (date(2026, 12, 4), date(2026, 12, 1), "other"),
        (date(2026, 12, 1), date(2026, 12, 2), "other"),  # yesterday: the date alone
        (date(2027, 1, 1), date(2026, 12, 31), "tomorrow"),  # over the year's end
    ],
)
def test_near_is_seen_from_the_day_given(day: date, today: date, seen: str) -> None:
    assert near(day, today) == seen


def _day(today: date | None, locale: str = "zh-CN") -> str:
    return words(TR, locale, day_text(WANTED, today))


def test_the_wanted_day_is_said_from_the_day_the_message_is_sent() -> None:
    assert _day(ORDERED) == "明天 12月2日（周三）"  # the confirmation, the day it is made
    assert _day(date(2026, 12, 2)) == "今天 12月2日（周三）"  # accepted the next day
    assert _day(date(2026, 11, 30)) == "后天 12月2日（周三）"
    assert _day(date(2026, 12, 3)) == "12月2日（周三）"  # read after it: no word at all
    assert _day(None) == "12月2日（周三）"  # a record (/mydata): never relative
    assert _day(date(2026, 12, 2), "en") == "today (Wed 2 Dec)"


def test_a_weeks_deadline_is_never_today() -> None:
    by = When(date(2026, 12, 6), by=True)
    assert words(TR, "zh-CN", day_text(by, date(2026, 12, 6))) == "本周内（12月6日前）"


def test_the_visit_line_of_an_order_made_yesterday_says_today() -> None:
    details = OrderDetails(visit=Visit.HOME, address="3号楼2单元", day_part="morning")
    line = visit_text(details, WANTED, "大桥", date(2026, 12, 2), who="王秀英")
    assert words(TR, "zh-CN", line) == "王秀英 今天 12月2日（周三） 上午 上门，地址：3号楼2单元"


def _arrival(at: datetime, part: DayPart | None, today: date, locale: str = "zh-CN") -> str:
    return arrival_text(TR, locale, Arrival(at, part), COUNTY, today)


def test_an_arrival_always_carries_its_date() -> None:
    # 09:00 on 2 December in the county is 01:00 UTC.
    morning = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    assert _arrival(morning, MORNING, ORDERED) == "明天 12月2日（周三）上午"
    assert _arrival(morning, MORNING, date(2026, 12, 2)) == "今天 12月2日（周三）上午"
    assert _arrival(morning, MORNING, date(2026, 12, 4)) == "12月2日（周三）上午"
    at_930 = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)
    assert _arrival(at_930, None, ORDERED) == "明天 12月2日（周三） 09:30"
    assert _arrival(at_930, None, ORDERED, "en") == "tomorrow (Wed 2 Dec) at 09:30"
    assert _arrival(morning, MORNING, ORDERED, "en") == "tomorrow (Wed 2 Dec) in the morning"


def test_the_county_date_decides_not_utc() -> None:
    # 23:30 UTC on 1 December is 07:30 on 2 December in the county.
    late = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    assert _arrival(late, None, ORDERED) == "明天 12月2日（周三） 07:30"
