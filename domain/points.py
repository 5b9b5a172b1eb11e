"""Recognition: service hours earn a volunteer points (志愿者礼遇)."""

from __future__ import annotations

import math

POINTS_PER_HOUR = 10
HOUR_CHOICES: tuple[float, ...] = (0.5, 1, 2, 3)
MAX_HOURS = 24.0


def points_for(hours: float) -> int:
    # Halves round up (1.25 h -> 13 points): a volunteer never loses a point to banker's rounding.
    return math.floor(hours * POINTS_PER_HOUR + 0.5)


def valid_hours(hours: float) -> bool:
    return 0 < hours <= MAX_HOURS
