"""Calendar days and moments in words, in the reader's language.

The pattern (which parts, in which order, e.g. "M月d日（EEE）" or "EEE d MMM")
is itself a locale message (`date-pattern-*`), and Babel (which Fluent already
depends on) supplies the month and weekday names, so no word of a date is in code.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_datetime

from locales import Translator


def day_words(tr: Translator, locale: str, pattern_key: str, day: date) -> str:
    """`day` written with the LDML pattern that `pattern_key` holds in `locale`."""
    pattern = tr.text(locale, pattern_key)
    return format_date(day, pattern, locale=Locale.parse(locale, sep="-"))


def moment_words(tr: Translator, locale: str, pattern_key: str, moment: datetime) -> str:
    """`moment` written with the LDML pattern that `pattern_key` holds in `locale`,
    in `moment`'s own time zone (the caller converts it to the county's first)."""
    pattern = tr.text(locale, pattern_key)
    return format_datetime(moment, pattern, locale=Locale.parse(locale, sep="-"))
