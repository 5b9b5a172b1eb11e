"""The points shop's values (积分超市): rewards and pickups, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.models import LocalName

# Codes people type: no 0/O, 1/I/L. 8 of 31 letters: about 8.5e11 to guess from.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_POINTS = 1_000_000
MAX_STOCK = 100_000


class PickupStatus(StrEnum):
    OPEN = "open"  # waiting to be handed over, until it expires
    USED = "used"  # handed over: stock down, points moved


@dataclass(frozen=True, slots=True)
class Reward:
    id: int
    site_id: int  # where it is picked up (the site's shop)
    name: LocalName
    points: int
    stock: int
    active: bool = True


@dataclass(frozen=True, slots=True)
class Pickup:
    id: int
    code: str
    reward_id: int
    person_id: int
    points: int  # the price when it was asked for: what the hand-over takes
    status: PickupStatus
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by: int | None = None
    household_id: int | None = None  # asked for from this household's balance


def normal_code(raw: str) -> str | None:
    """A typed or scanned code as stored (upper case, no spaces or dashes); None when
    it cannot be one."""
    code = raw.strip().upper().replace("-", "").replace(" ", "")
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def shown_code(code: str) -> str:
    """Grouped for reading aloud: ABCD-EFGH."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"
