"""When a digest falls due: the next chosen hour in the county's time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.digests import HOURS, next_at

COUNTY = ZoneInfo("Asia/Shanghai")  # UTC+8


@pytest.mark.parametrize(
    ("now", "hour", "due"),
    [
        (datetime(2026, 11, 20, 9, 0, tzinfo=UTC), 18, datetime(2026, 11, 20, 10, 0, tzinfo=UTC)),
        (datetime(2026, 11, 20, 10, 0, tzinfo=UTC), 18, datetime(2026, 11, 21, 10, 0, tzinfo=UTC)),
        (datetime(2026, 11, 20, 23, 59, tzinfo=UTC), 8, datetime(2026, 11, 21, 0, 0, tzinfo=UTC)),
        (datetime(2026, 11, 20, 0, 0, tzinfo=UTC), 8, datetime(2026, 11, 21, 0, 0, tzinfo=UTC)),
        (datetime(2026, 12, 31, 16, 30, tzinfo=UTC), 12, datetime(2027, 1, 1, 4, 0, tzinfo=UTC)),
    ],
)
def test_next_at_is_strictly_after_now_in_county_time(
    now: datetime, hour: int, due: datetime
) -> None:
    assert next_at(now, hour, COUNTY) == due


def test_the_hours_offered_are_morning_noon_and_evening() -> None:
    assert HOURS == (8, 12, 18)
