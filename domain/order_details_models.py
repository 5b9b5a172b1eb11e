"""The value objects of an order's details (`domain.order_details` says what they mean)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Visit(StrEnum):
    HOME = "home"  # 上门: the volunteer comes to the house
    STATION = "station"  # 到站: the resident comes to the point


# Relations offered by buttons (locale `whom-relation-<code>`); anything typed is kept as typed.
RELATIONS = ("parent", "spouse", "relative", "neighbour")
NAME_MAX, RELATION_MAX, ADDRESS_MAX = 32, 16, 200


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """The person served, when it is not the orderer."""

    name: str
    relation: str  # a code of RELATIONS, or the words typed
    phone: str | None = None  # normalised (`domain.phones`)
    person_id: int | None = None  # someone here with that phone: told of the order


@dataclass(frozen=True, slots=True)
class OrderDetails:
    visit: Visit | None = None
    address: str = ""  # building / unit / door, as typed
    pinned: bool = False  # a location pin was sent for the address (in the order's lat/lon)
    day_part: str | None = None  # spoken_dates.DAY_PARTS
    at_time: str | None = None  # "HH:MM", county time
    beneficiary: Beneficiary | None = None
    entered_by: int | None = None  # a coordinator who took it by phone
