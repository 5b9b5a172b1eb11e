"""When a resident wants a service: a calendar date in the county's time zone.

"Today" and "tomorrow" are resolved to dates the moment they are chosen, so an
order placed on 1 December for "tomorrow" stays 2 December for ever. "This week"
has no single day; it is kept honestly as a deadline: any day up to and including
that week's Sunday (`by=True`), shown as "by Sun 6 Dec".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

TODAY, TOMORROW, WEEK = "today", "tomorrow", "week"
RELATIVE = (TODAY, TOMORROW, WEEK)
_BY = "by:"  # the text form of a "this week" deadline, e.g. "by:2026-12-06"


# How near a day is to the moment a message is sent: the selector of the locale
# messages that put "today / tomorrow / the day after" before a date.
NEAR = {0: "today", 1: "tomorrow", 2: "after"}
FAR = "other"


def near(day: date, today: date) -> str:
    """ "today", "tomorrow", "after" (the day after tomorrow) or "other": `day` seen
    from `today`, the county's date when the message is sent (never when the order
    was made). A message always says the date too, so one read on another day is
    still true; "other" also covers the days before `today`."""
    return NEAR.get((day - today).days, FAR)


def week_end(day: date) -> date:
    """The Sunday of `day`'s (ISO, Monday-first) week; a Sunday is its own week's end."""
    return day + timedelta(days=6 - day.weekday())


@dataclass(frozen=True, slots=True)
class When:
    day: date
    by: bool = False  # any day up to and including `day`, rather than on it

    @classmethod
    def relative(cls, word: str, today: date) -> When:
        """The date a relative choice means when made on `today` (county time)."""
        if word == TODAY:
            return cls(today)
        if word == TOMORROW:
            return cls(today + timedelta(days=1))
        if word == WEEK:
            return cls(week_end(today), by=True)
        raise ValueError(f"not a relative day: {word!r}")

    def encode(self) -> str:
        """The text form kept in conversation state: an ISO date, or "by:" and one."""
        return f"{_BY}{self.day.isoformat()}" if self.by else self.day.isoformat()

    @classmethod
    def decode(cls, raw: str, today: date) -> When:
        """Read `encode`'s form back. A bare relative word (a conversation begun
        before dates were stored) is resolved against `today`."""
        if raw in RELATIVE:
            return cls.relative(raw, today)
        if raw.startswith(_BY):
            return cls(date.fromisoformat(raw[len(_BY) :]), by=True)
        return cls(date.fromisoformat(raw))
