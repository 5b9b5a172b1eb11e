"""Recognition: hours and points on the ledger (志愿者礼遇); the values are in
`domain.ledger_models`.

`credit_hours(tx, person, hours, source)` is the one way hours enter, inside the
caller's transaction: done orders (`OrderDesk.finish`), attended activities, and
coordinators' adjustments (`Ledger.adjust`). It posts the hours and the points the
county's rules give for them, and says whether a star level was reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from domain.audit import record_action
from domain.audit_models import AuditAction
from domain.errors import Refused
from domain.ledger_models import (
    HOURS_SOURCE,
    ISSUING,
    MAX_ADJUST_HOURS,
    MINUTES,
    LedgerTx,
    MyRecord,
    Posting,
    Rules,
    TxKind,
    hours_of,
    minutes_of,
    person,
    reversal_of,
    transfer,
)
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.roles import Authority

RECENT_TASKS = 5


@dataclass(frozen=True, slots=True)
class Credited:
    """Hours entered the ledger, with the points they earned."""

    person_id: int
    minutes: int
    points: int
    total_minutes: int  # the person's hours after this
    reached: int | None = None  # a star level newly reached, if any
    tx_id: int = 0


@dataclass(frozen=True, slots=True)
class LevelReached:
    """A volunteer reached a star level: they are congratulated, their coordinators told."""

    person_id: int
    stars: int
    total_minutes: int
    coordinators: list[int]


async def credit_hours(
    tx: Tx,
    person_id: int,
    hours: float,
    source: str,
    *,
    kind: TxKind = TxKind.EARN,
    actor_id: int | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> Credited:
    """Hours served (`source`: "order:12", "activity:3", "adjust") and the points the
    county's rules give for them, in the caller's transaction. Negative hours take
    both back (an adjustment); the repository refuses ("not-enough-points") what
    would take the person below zero. `at`: when (the desk's clock; default now)."""
    minutes = minutes_of(hours)
    if minutes == 0:
        raise Refused("bad-hours")
    rules = await tx.ledger.rules()
    points = rules.points_for(minutes)
    entries = [*transfer(HOURS_SOURCE, hours_of(person_id), minutes)]
    if points:
        entries.extend(transfer(ISSUING, person(person_id), points))
    posting = Posting(kind, tuple(entries), ref=source, actor_id=actor_id, reason=reason)
    tx_id = await tx.ledger.post(posting, at or datetime.now(UTC))
    # Read after the post, never locked before it: the post locks every balance row
    # in account-id order (a lock taken first on the hours row would break that order
    # and deadlock against a credit that found no row yet). The post holds the hours
    # row now, so two credits at once each see the other's total, and a level is
    # announced once.
    after = await tx.ledger.balance(hours_of(person_id))
    before = after - minutes
    stars = rules.stars(after)
    reached = stars if stars > rules.stars(before) else None
    return Credited(person_id, minutes, points, after, reached, tx_id)


async def coordinators_over(tx: Tx, authority: Authority, person_id: int) -> list[int]:
    """The coordinators over the volunteer's team's site (none: nobody)."""
    volunteer = await tx.volunteers.get(person_id)
    if volunteer is None:
        return []
    tree = await authority.reference.sites(tx)
    ancestors = [site.id for site in tree.ancestors(volunteer.site_id)]
    return [c for c in await tx.roles.coordinators_of(ancestors) if c != person_id]


async def level_news(tx: Tx, authority: Authority, credited: Credited) -> LevelReached | None:
    if credited.reached is None:
        return None
    coordinators = await coordinators_over(tx, authority, credited.person_id)
    return LevelReached(credited.person_id, credited.reached, credited.total_minutes, coordinators)


def year_start(now: datetime, zone: tzinfo) -> datetime:
    local = now.astimezone(zone)
    return local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)


class Ledger:
    """`/me`, coordinators' hour adjustments and reversals."""

    def __init__(self, db: Database, clock: Clock, authority: Authority, zone: tzinfo) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._zone = zone

    async def me(self, person_id: int) -> MyRecord:
        async with self._db.transaction() as tx:
            rules = await tx.ledger.rules()
            minutes = await tx.ledger.balance(hours_of(person_id))
            since = year_start(self._clock.now(), self._zone)
            year = await tx.ledger.received_since(hours_of(person_id), since)
            points = await tx.ledger.balance(person(person_id))
            tasks = await tx.ledger.recent_tasks(person_id, RECENT_TASKS)
        return MyRecord(year, minutes, rules.stars(minutes), rules.to_next(minutes), points, tasks)

    async def rules(self) -> Rules:
        async with self._db.read() as tx:
            return await tx.ledger.rules()

    async def adjust(
        self, coordinator_id: int, person_id: int, hours: float, reason: str
    ) -> tuple[Credited, LevelReached | None]:
        """A coordinator over the volunteer's site adds (or takes back) hours, with a reason."""
        if not reason.strip():
            raise Refused("adjust-needs-reason")
        if hours == 0 or abs(hours) > MAX_ADJUST_HOURS or minutes_of(hours) == 0:
            raise Refused("bad-adjust-hours", max=MAX_ADJUST_HOURS)
        async with self._db.transaction() as tx:
            volunteer = await tx.volunteers.get(person_id) if 0 < person_id < 2**63 else None
            if volunteer is None:
                raise Refused("not-a-volunteer", user=person_id)
            await self._authority.require_over(
                tx, coordinator_id, volunteer.site_id, "volunteer-outside-your-sites"
            )
            if hours < 0 and await tx.ledger.balance(hours_of(person_id)) < -minutes_of(hours):
                raise Refused("not-enough-hours")
            credited = await credit_hours(
                tx,
                person_id,
                hours,
                "adjust",
                kind=TxKind.ADJUST,
                actor_id=coordinator_id,
                reason=reason.strip()[:500],
                at=self._clock.now(),
            )
            await record_action(
                tx,
                self._clock.now(),
                AuditAction.ADJUST,
                coordinator_id,
                volunteer.site_id,
                person_id,
                volunteer=person_id,
                minutes=credited.minutes,
                reason=reason.strip()[:500],
            )
            return credited, await level_news(tx, self._authority, credited)

    async def reverse(self, coordinator_id: int, tx_id: int, reason: str) -> LedgerTx:
        """A correction: a new transaction undoing `tx_id` entry by entry; county-wide
        coordinators and admins only, once per transaction."""
        if not reason.strip():
            raise Refused("adjust-needs-reason")
        async with self._db.transaction() as tx:
            await self._authority.require_county(tx, coordinator_id)
            original = await tx.ledger.get(tx_id)
            if original is None or original.kind is TxKind.REVERSAL:
                raise Refused("no-such-ledger-tx", id=tx_id)
            if await tx.ledger.reversed_by(tx_id) is not None:
                raise Refused("already-reversed", id=tx_id)
            posting = reversal_of(original, coordinator_id, reason.strip())
            new_id = await tx.ledger.post(posting, self._clock.now())
            stored = await tx.ledger.get(new_id)
            assert stored is not None  # just written
            return stored


__all__ = ["MINUTES", "Credited", "Ledger", "LevelReached", "credit_hours"]
