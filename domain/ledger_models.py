"""The ledger's values (no I/O, no ports): hours and points (志愿者礼遇), double-entry.

Every movement is one ledger transaction of entries that sum to zero per unit
(points, or minutes of service): points come out of the county's issuing account
into a person's (or, later, a household's), and go from there to a site's shop when
a reward is handed over. Hours come out of the county's hours source into a
person's hours account. Nothing is updated or deleted: a correction is a
transaction that reverses another, entry by entry. Balances are kept by the
repository in the same transaction (`LedgerRepo.post`), which refuses to take an
account that may not go negative below zero.

The rules (points per hour, star thresholds) are data per county (`Rules`, from the
seed's `recognition:` section). `credit_hours` is the one way hours enter: done
orders, attended activities and coordinators' adjustments all go through it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

COUNTY = 0  # the owner id of the county's own accounts
MINUTES = 60  # hours are kept in whole minutes
DEFAULT_POINTS_PER_HOUR = 10
DEFAULT_STAR_HOURS: tuple[int, ...] = (100, 300, 600, 1000, 1500)
MAX_ADJUST_HOURS = 1000.0


class AccountKind(StrEnum):
    PERSON = "person"  # a person's points; owner: person id
    HOUSEHOLD = "household"  # a household's points; owner: household id
    ISSUING = "issuing"  # where the county's points come from; owner COUNTY
    SHOP = "shop"  # a site's points shop, where redeemed points go; owner: site id
    HOURS = "hours"  # a person's service hours, in minutes; owner: person id
    HOURS_SOURCE = "hours-source"  # where hours come from; owner COUNTY


class Unit(StrEnum):
    POINTS = "points"
    MINUTES = "minutes"


UNIT_OF = {
    AccountKind.PERSON: Unit.POINTS,
    AccountKind.HOUSEHOLD: Unit.POINTS,
    AccountKind.ISSUING: Unit.POINTS,
    AccountKind.SHOP: Unit.POINTS,
    AccountKind.HOURS: Unit.MINUTES,
    AccountKind.HOURS_SOURCE: Unit.MINUTES,
}
# The sources: their balance is minus what they gave out. Every other account has
# at least nothing, and a transaction that would take it below zero is refused.
MAY_GO_NEGATIVE = frozenset({AccountKind.ISSUING, AccountKind.HOURS_SOURCE})


class TxKind(StrEnum):
    OPENING = "opening"  # balances carried over from before the ledger (migration 0014)
    EARN = "earn"  # hours served, and the points they earn
    ADJUST = "adjust"  # a coordinator's correction of hours, with a reason
    REDEEM = "redeem"  # a reward handed over at a shop
    REVERSAL = "reversal"  # undoes another transaction, entry by entry
    AWARD = "award"  # a household's civility points for an act (domain.households)
    DEDUCT = "deduct"  # a household's points taken for an act, with a reason


@dataclass(frozen=True, slots=True, order=True)
class Account:
    kind: AccountKind
    owner: int = COUNTY

    @property
    def unit(self) -> Unit:
        return UNIT_OF[self.kind]


def person(person_id: int) -> Account:
    return Account(AccountKind.PERSON, person_id)


def hours_of(person_id: int) -> Account:
    return Account(AccountKind.HOURS, person_id)


def household(household_id: int) -> Account:
    return Account(AccountKind.HOUSEHOLD, household_id)


def shop(site_id: int) -> Account:
    return Account(AccountKind.SHOP, site_id)


ISSUING = Account(AccountKind.ISSUING)
HOURS_SOURCE = Account(AccountKind.HOURS_SOURCE)


@dataclass(frozen=True, slots=True)
class Entry:
    account: Account
    amount: int  # points, or minutes; positive: into the account


@dataclass(frozen=True, slots=True)
class Posting:
    """One ledger transaction, before it is stored."""

    kind: TxKind
    entries: tuple[Entry, ...]
    ref: str | None = None  # what it is about: "order:12", "activity:3", "pickup:7"
    actor_id: int | None = None  # who made it (None: the bot itself)
    reason: str | None = None  # a coordinator's words, for adjustments and reversals
    reverses: int | None = None  # the transaction this one undoes


@dataclass(frozen=True, slots=True)
class LedgerTx:
    """A stored ledger transaction."""

    id: int
    at: datetime
    kind: TxKind
    entries: tuple[Entry, ...]
    ref: str | None
    actor_id: int | None
    reason: str | None
    reverses: int | None


class Unbalanced(ValueError):
    """Entries that do not sum to zero per unit: a bug, never a user's mistake."""


def check_balanced(entries: Iterable[Entry]) -> None:
    totals: dict[Unit, int] = defaultdict(int)
    count = 0
    for entry in entries:
        totals[entry.account.unit] += entry.amount
        count += 1
    if count < 2 or any(totals.values()):
        raise Unbalanced(dict(totals))


def transfer(source: Account, target: Account, amount: int) -> tuple[Entry, Entry]:
    """`amount` out of `source` into `target` (same unit)."""
    if source.unit is not target.unit:
        raise Unbalanced(f"{source.unit} to {target.unit}")
    return Entry(source, -amount), Entry(target, amount)


def reversal_of(original: LedgerTx, actor_id: int | None, reason: str | None) -> Posting:
    return Posting(
        TxKind.REVERSAL,
        tuple(Entry(e.account, -e.amount) for e in original.entries),
        ref=original.ref,
        actor_id=actor_id,
        reason=reason,
        reverses=original.id,
    )


@dataclass(frozen=True, slots=True)
class Rules:
    """A county's recognition rules (the seed's `recognition:`)."""

    points_per_hour: int = DEFAULT_POINTS_PER_HOUR
    star_hours: tuple[int, ...] = DEFAULT_STAR_HOURS  # hours for 1, 2, ... stars
    # Whether a household's members (not only its head) may spend its points in the shop.
    members_redeem: bool = False

    def __post_init__(self) -> None:
        if self.points_per_hour < 0 or list(self.star_hours) != sorted(set(self.star_hours)):
            raise ValueError("points_per_hour >= 0 and star thresholds strictly rising")

    def points_for(self, minutes: int) -> int:
        # Halves round up (1.25 h at 10 -> 13 points), and a negative amount mirrors it.
        exact = abs(minutes) * self.points_per_hour / MINUTES
        return int(math.copysign(math.floor(exact + 0.5), minutes)) if minutes else 0

    def stars(self, minutes: int) -> int:
        return sum(1 for h in self.star_hours if minutes >= h * MINUTES)

    def to_next(self, minutes: int) -> tuple[int, int] | None:
        """(the next star level, minutes still to serve), or None at the top."""
        for level, h in enumerate(self.star_hours, start=1):
            if minutes < h * MINUTES:
                return level, h * MINUTES - minutes
        return None

    @classmethod
    def from_data(cls, data: dict[str, object]) -> Rules:
        pph = data.get("points_per_hour", DEFAULT_POINTS_PER_HOUR)
        stars = data.get("star_hours", DEFAULT_STAR_HOURS)
        members = data.get("household_members_redeem", False)
        if not isinstance(pph, int) or not isinstance(stars, list | tuple):
            raise ValueError("recognition: points_per_hour is a number, star_hours a list")
        if not isinstance(members, bool):
            raise ValueError("recognition: household_members_redeem is true or false")
        return cls(int(pph), tuple(int(h) for h in stars), members)

    def to_data(self) -> dict[str, object]:
        return {
            "points_per_hour": self.points_per_hour,
            "star_hours": list(self.star_hours),
            "household_members_redeem": self.members_redeem,
        }


def minutes_of(hours: float) -> int:
    return math.floor(hours * MINUTES + 0.5) if hours >= 0 else -minutes_of(-hours)


def hours_text(minutes: int) -> str:
    """Hours for people: 90 minutes -> "1.5", 20 -> "0.33"."""
    return f"{round(minutes / MINUTES, 2):g}"


@dataclass(frozen=True, slots=True)
class TaskLine:
    order_id: int
    service_id: int
    done_at: datetime | None
    hours: float | None
    rating: int | None


@dataclass(frozen=True, slots=True)
class MyRecord:
    """What `/me` shows."""

    minutes_year: int
    minutes_all: int
    stars: int
    next_level: tuple[int, int] | None
    points: int
    tasks: Sequence[TaskLine] = field(default_factory=tuple)
