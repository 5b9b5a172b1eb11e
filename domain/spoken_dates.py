"""Days and times as people type them in Chinese: 十二月三号, 下周三, 3天后, 下午三点.

`cn2an` turns Chinese numerals into digits first (十二月三号 -> 12月3号), so the
numeric date parser (`conversations.parsers.parse_date`) reads what is left; the
relative forms (明天, 后天, N天后, 下周三) are resolved here against the county's
today. A part of the day (上午 / 下午 / 晚上) or a clock time may come with the
day ("明天上午", "12月3号下午3点") and is split off first.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, timedelta

MORNING, AFTERNOON, EVENING = "morning", "afternoon", "evening"
DAY_PARTS = (MORNING, AFTERNOON, EVENING)

_NAMED_DAYS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3}
_WEEKDAYS = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6, "日": 6, "天": 6}
# Longest first, so 大后天 is not read as 后天 and 早上 before 上.
_PART_WORDS = (
    ("早上", MORNING),
    ("早晨", MORNING),
    ("上午", MORNING),
    ("中午", AFTERNOON),
    ("下午", AFTERNOON),
    ("傍晚", EVENING),
    ("晚上", EVENING),
    ("夜里", EVENING),
)
_NUMERALS = re.compile("[零〇一二两三四五六七八九十百]+")
_AFTER = re.compile(r"^(\d{1,3})(天|日|周|个星期|星期|个礼拜|礼拜)(后|以后|之后)$")
_WEEKDAY = re.compile(r"^(下下个|下下|下个|下|本|这个|这)?(周|星期|礼拜)([1-7日天])$")
_DAY_OF_MONTH = re.compile(r"^(\d{1,2})(号|日)$")
_CLOCK = re.compile(r"(\d{1,2})[:：](\d{2})")
_HOUR = re.compile(r"(\d{1,2})(?:点|时)(半|(\d{1,2})分?)?")


def arabic(text: str) -> str:
    """Chinese numerals as digits ("十二月三号" -> "12月3号", "十点十五分" ->
    "10点15分"), one run of numerals at a time; a run cn2an cannot read stays as typed."""
    return _NUMERALS.sub(_digits, text)


def _digits(run: re.Match[str]) -> str:
    import cn2an  # at the first typed date, not at every process start (0.25 s)

    with warnings.catch_warnings():  # cn2an warns as well as raising on odd input
        warnings.simplefilter("ignore")
        try:
            return str(cn2an.cn2an(run.group(), "smart"))
        except Exception:  # cn2an raises plain ValueErrors and worse
            return run.group()


def relative_day(text: str, today: date) -> date | None:
    """明天, 后天, 3天后, 2周后, 周三 (this week's, or next week's once past),
    下周三, 下下周一, 5号 (this month's, or next month's once past); None for
    anything else."""
    raw = arabic(text).strip().replace(" ", "")
    if raw in _NAMED_DAYS:
        return today + timedelta(days=_NAMED_DAYS[raw])
    after = _AFTER.match(raw)
    if after:
        count = int(after.group(1))
        return today + timedelta(days=count if after.group(2) in ("天", "日") else 7 * count)
    day_of_month = _DAY_OF_MONTH.match(raw)
    if day_of_month:
        return _next_day_of_month(int(day_of_month.group(1)), today)
    weekday = _WEEKDAY.match(raw)
    if weekday is None:
        return None
    prefix = weekday.group(1) or ""
    monday = today - timedelta(days=today.weekday())
    day = monday + timedelta(days=_WEEKDAYS[weekday.group(3)])
    if prefix.startswith("下下"):
        return day + timedelta(days=14)
    if prefix.startswith("下"):
        return day + timedelta(days=7)
    if not prefix and day < today:  # 周三 typed on a Friday: the coming one
        return day + timedelta(days=7)
    return day


def _next_day_of_month(day: int, today: date) -> date | None:
    """The next date with this day of the month, today included (31号 in November:
    31 December)."""
    year, month = today.year, today.month
    for _ in range(3):
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


@dataclass(frozen=True, slots=True)
class TimeOfDay:
    """What a text said of the hour: a part of the day, a clock time ("15:30"),
    both or neither; `rest` is the text without them (the day, if any)."""

    rest: str
    part: str | None = None
    at: str | None = None  # "HH:MM", 24-hour

    @property
    def said(self) -> bool:
        return self.part is not None or self.at is not None


def time_of_day(text: str) -> TimeOfDay | None:
    """Split a part of the day and a time off `text`. None: a time was typed
    that no clock has (25点, 9:75)."""
    raw = arabic(text).strip()
    part = None
    for word, meaning in _PART_WORDS:
        if word in raw:
            part, raw = meaning, raw.replace(word, " ", 1)
            break
    hour = minute = None
    clock = _CLOCK.search(raw) or _HOUR.search(raw)
    if clock is not None:
        hour = int(clock.group(1))
        if clock.re is _CLOCK:
            minute = int(clock.group(2))
        else:
            minute = 30 if clock.group(2) == "半" else int(clock.group(3) or 0)
        raw = raw[: clock.start()] + " " + raw[clock.end() :]
    rest = raw.strip()
    if hour is None or minute is None:
        return TimeOfDay(rest, part)
    if part in (AFTERNOON, EVENING) and 1 <= hour < 12:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if part is None:
        part = MORNING if hour < 12 else AFTERNOON if hour < 18 else EVENING
    return TimeOfDay(rest, part, f"{hour:02d}:{minute:02d}")
