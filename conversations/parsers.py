"""Small parsers the flows are built from: pick a button, share a location, type a text,
a date, a phone."""

from __future__ import annotations

import re
from datetime import date, timedelta

from conversations.model import SKIP, Answer, Data, FlowContext, Invalid, Parser
from domain import spoken_dates
from domain.phones import normalise_phone
from domain.when import RELATIVE, When

MAX_DAYS_AHEAD = 90


def pick(field: str, convert: type = str) -> Parser:
    """A button press stores its value under `field` (the engine checked it is offered)."""

    async def parse(ctx: FlowContext, data: Data, answer: Answer) -> Data:
        if answer.kind != "choice":
            raise Invalid("flow-hint-buttons")
        return {field: convert(answer.value)}

    return parse


def location(hint: str) -> Parser:
    """A shared location (one-off or live) stores `lat` and `lon`; anything else gets
    the locale key `hint`."""

    async def parse(ctx: FlowContext, data: Data, answer: Answer) -> Data:
        if answer.kind == "location" and answer.location:
            lat, lon = answer.location
            return {"lat": lat, "lon": lon}
        raise Invalid(hint)

    return parse


def text(field: str, max_len: int, skippable: bool = True) -> Parser:
    async def parse(ctx: FlowContext, data: Data, answer: Answer) -> Data:
        if skippable and answer.kind == "choice" and answer.value == SKIP:
            return {field: ""}
        typed = answer.text.strip()
        if answer.kind != "text" or not typed:
            raise Invalid("flow-hint-text")
        if len(typed) > max_len:
            raise Invalid("flow-hint-too-long", max=max_len)
        return {field: typed}

    return parse


def parse_date(raw: str, today: date) -> date | None:
    """Accept 2026-12-03, 2026/12/3, 12-03, 12/3, 12月3日, 12.3; in Chinese
    numerals too (十二月三号), and the relative days of `spoken_dates` (明天,
    3天后, 下周三).

    A month and day without a year mean the next such day: "1月5日" typed in
    December is next January, "2月29日" the next leap day within a year.
    """
    relative = spoken_dates.relative_day(raw, today)
    if relative is not None:
        return relative
    raw = (
        spoken_dates.arabic(raw)
        .strip()
        .replace("年", "-")
        .replace("月", "-")
        .replace("日", "")
        .replace("号", "")
    )
    parts = [p for p in re.split(r"[-/.\s]+", raw) if p]
    if not parts or not all(p.isdigit() for p in parts) or len(parts) not in (2, 3):
        return None
    numbers = [int(p) for p in parts]
    if len(numbers) == 3:
        return _date(*numbers)
    for year in (today.year, today.year + 1):
        found = _date(year, *numbers)
        if found is not None and found >= today:
            return found
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def when(field: str) -> Parser:
    """A day, stored as a date (`When.encode`): a button (today, tomorrow, this
    week) is resolved against the county's today the moment it is pressed."""

    async def parse(ctx: FlowContext, data: Data, answer: Answer) -> Data:
        if answer.kind == "choice":
            if answer.value not in RELATIVE:
                raise Invalid("flow-hint-date")
            return {field: When.relative(answer.value, ctx.today).encode()}
        if answer.kind != "text":
            raise Invalid("flow-hint-date")
        found = parse_date(answer.text, ctx.today)
        if found is None:
            raise Invalid("flow-hint-date")
        if not ctx.today <= found <= ctx.today + timedelta(days=MAX_DAYS_AHEAD):
            raise Invalid("flow-hint-date-range", days=MAX_DAYS_AHEAD)
        return {field: When(found).encode()}

    return parse


def phone(field: str) -> Parser:
    async def parse(ctx: FlowContext, data: Data, answer: Answer) -> Data:
        if answer.kind == "choice":
            saved = ctx.profile.phone if answer.value == "saved" else None
            return {field: saved or ""}
        if answer.kind == "contact" and answer.phone:
            return {field: _checked_phone(answer.phone)}
        if answer.kind == "text":
            return {field: _checked_phone(answer.text)}
        raise Invalid("flow-hint-phone")

    return parse


def _checked_phone(raw: str) -> str:
    """The number's stored form; a number that cannot be called gets a hint saying why."""
    found = normalise_phone(raw)
    if found is not None:
        return found
    # Something with digits was meant as a number: say what a valid one looks like.
    if sum(c.isdigit() for c in raw) >= 3:
        raise Invalid("flow-hint-phone-invalid")
    raise Invalid("flow-hint-phone")
