"""When something happened, in the reader's language: an audit entry, an order's
history, /mydata. The pattern is a locale message (`date-pattern-*`), the month's
words Babel's, nothing formatted in code."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.audit import AT_PATTERN
from locales.dates import moment_words
from tests.translator import shared_translator

TR = shared_translator()
COUNTY = ZoneInfo("Asia/Shanghai")
# 09:05 UTC on 1 December is 17:05 in the county.
AT = datetime(2026, 12, 1, 9, 5, tzinfo=UTC).astimezone(COUNTY)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("zh-CN", "2026年12月1日 17:05"), ("en", "1 Dec 2026 17:05")],
)
def test_an_audit_entry_is_dated_in_the_readers_language(locale: str, expected: str) -> None:
    assert moment_words(TR, locale, AT_PATTERN, AT) == expected


def test_the_moment_is_shown_in_its_own_time_zone_not_utc() -> None:
    utc = AT.astimezone(UTC)
    assert moment_words(TR, "en", AT_PATTERN, utc) == "1 Dec 2026 09:05"


@pytest.mark.parametrize(
    ("key", "locale", "expected"),
    [
        ("date-pattern-history", "zh-CN", "12月1日 17:05"),
        ("date-pattern-history", "en", "1 Dec 17:05"),
        ("date-pattern-mydata", "zh-CN", "2026年12月1日 17:05"),
        ("date-pattern-mydata", "en", "1 Dec 2026 17:05"),
    ],
)
def test_history_and_mydata_moments_are_in_the_readers_pattern(
    key: str, locale: str, expected: str
) -> None:
    """They were strftime patterns in code: "%m-%d %H:%M", and "%Y-%m-%d %H:%M UTC"."""
    assert moment_words(TR, locale, key, AT) == expected
