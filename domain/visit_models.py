"""The visit's value objects: what happens between "accepted" and "done".

Apart from `domain.models` so the port (`domain.ports.visits`) and the desk
(`domain.visits`) can both import them without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class DayPart(StrEnum):
    """A part of the day picked by a button; a typed time has none."""

    MORNING = "morning"  # 上午
    AFTERNOON = "afternoon"  # 下午


@dataclass(frozen=True, slots=True)
class Arrival:
    """When the volunteer said they will come: a moment (UTC), and the part of the
    day it stands for when a button picked it (its start: 9:00 or 14:00)."""

    at: datetime
    part: DayPart | None = None


@dataclass(frozen=True, slots=True)
class Visit:
    """One order's visit, for the volunteer who has it now."""

    order_id: int
    volunteer_id: int
    code_word: str  # said at the door; shown to the resident and the volunteer
    arrival: Arrival | None = None
    on_way_at: datetime | None = None
    happened: bool | None = None  # the resident's answer; None: not asked or not yet


@dataclass(frozen=True, slots=True)
class VisitNote:
    """A note for whoever next serves the same person ("电梯坏了", "家里有狗").

    Found by `served`, a stable key of whom the visit was for (`domain.visits.
    served_keys`): the resident, or the family member or neighbour the order was
    for. `person_id` is whose data it is (their /mydata and /forgetme): the person
    served when they are here, else the orderer who told us of them."""

    order_id: int
    person_id: int
    author_id: int
    text: str
    created_at: datetime
    served: str | None = None
