"""The hour buttons of a finished task, and the default earning rule.

Points themselves are the ledger's (`domain.ledger`): the county's `Rules` (the
seed's `recognition:`) say how many an hour earns; `points_for` is the default rule.
"""

from __future__ import annotations

from domain.ledger_models import DEFAULT_POINTS_PER_HOUR, Rules, minutes_of

POINTS_PER_HOUR = DEFAULT_POINTS_PER_HOUR
HOUR_CHOICES: tuple[float, ...] = (0.5, 1, 2, 3)
MAX_HOURS = 24.0


def points_for(hours: float) -> int:
    # Halves round up (1.25 h -> 13 points): a volunteer never loses a point to banker's rounding.
    return Rules().points_for(minutes_of(hours))


def valid_hours(hours: float) -> bool:
    return 0 < hours <= MAX_HOURS
