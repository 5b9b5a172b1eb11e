"""Household civility points' values (乡风文明积分; no I/O): households, rules, awards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.models import LocalName

NOTE_MAX = 500
MAX_RULE_POINTS = 1000


class HouseholdStatus(StrEnum):
    PENDING = "pending"  # asked for, waiting for a coordinator of the point
    ACTIVE = "active"
    REFUSED = "refused"
    CLOSED = "closed"  # dissolved by its last member; its ledger history stays


@dataclass(frozen=True, slots=True)
class Household:
    id: int
    site_id: int  # a point (实践站)
    head_id: int
    status: HouseholdStatus
    created_at: datetime
    head_name: str = ""  # the head's first name, for buttons and lists


@dataclass(frozen=True, slots=True)
class HouseRule:
    """One act the county awards (points > 0) or deducts for (points < 0)."""

    code: str
    name: LocalName
    points: int
    sort: int = 0

    @property
    def deduction(self) -> bool:
        return self.points < 0

    @classmethod
    def from_data(cls, data: dict[str, object]) -> HouseRule:
        code, points = str(data.get("code") or ""), data.get("points")
        if not code or len(code) > 32 or not isinstance(points, int) or points == 0:
            raise ValueError("household_rules: each has a code and non-zero whole points")
        if abs(points) > MAX_RULE_POINTS:
            raise ValueError(f"household_rules: at most {MAX_RULE_POINTS} points")
        name = LocalName(str(data.get("zh") or code), str(data.get("en") or ""))
        sort = data.get("sort", 0)
        return cls(code, name, points, int(sort) if isinstance(sort, int) else 0)


@dataclass(frozen=True, slots=True)
class HouseAward:
    """An award or a deduction as written: `points` is what the ledger moved (signed)."""

    id: int
    household_id: int
    rule_code: str
    points: int
    note: str
    photo_file_id: str | None
    actor_id: int
    at: datetime
    ledger_tx_id: int | None
