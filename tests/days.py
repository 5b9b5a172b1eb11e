"""Order days for tests that place orders directly: the days are dates, as stored."""

from __future__ import annotations

from datetime import date

from domain.when import When

TODAY = When(date(2026, 11, 20))  # the e2e clock's day, a Friday
TOMORROW = When(date(2026, 11, 21))
