"""Digests instead of noise: how each coordinator hears of new orders.

A coordinator chooses (`/notify`) between a notice per new order (the default, and
what no stored choice means), one digest a day at an hour of the county's time, or
only escalations. The new-order notice goes to those who chose every order; an
escalation goes to them and to those who chose only escalations; a digest
chooser reads both in the digest.

The digest is a durable deadline per coordinator (`digest.send`, `ref_id` the
coordinator's person id): when it fires it lists, over the coordinator's sites,
what came in since the last digest, what waits, what of that was escalated and the
complaints filed, marks it sent and arms the next day's. Choosing again settles
the pending one first, so there is one armed digest per coordinator at most.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.deadlines import DeadlineKinds
from domain.errors import Refused
from domain.models import Deadline, Order
from domain.ports.clock import Clock
from domain.ports.complaints import Complaint
from domain.ports.database import Database, Tx
from domain.ports.digests import Choice, Mode
from domain.roles import Authority

KIND = "digest.send"
HOURS = (8, 12, 18)  # the hours offered, county time
FIRST_SPAN = timedelta(days=1)  # the first digest looks back this far

__all__ = ["HOURS", "KIND", "Choice", "Digest", "Digests", "Mode", "next_at"]


@dataclass(frozen=True, slots=True)
class Digest:
    """One coordinator's digest, for the handlers to word."""

    user_id: int
    since: datetime
    new: list[Order] = field(default_factory=list)
    waiting: list[Order] = field(default_factory=list)
    escalated: list[Order] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.new or self.waiting or self.complaints)


def next_at(now: datetime, hour: int, zone: ZoneInfo) -> datetime:
    """The next `hour`:00 in the county's time, strictly after `now`."""
    local = now.astimezone(zone)
    at = datetime.combine(local.date(), time(hour, 0), zone)
    return (
        at if at > local else datetime.combine(local.date() + timedelta(days=1), time(hour), zone)
    )


class Digests:
    def __init__(
        self, db: Database, clock: Clock, authority: Authority, timezone: ZoneInfo
    ) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._zone = timezone

    async def choice(self, user_id: int) -> Choice:
        async with self._db.read() as tx:
            return await tx.digests.get(user_id) or Choice(user_id)

    async def choose(self, user_id: int, mode: Mode, hour: int | None = None) -> Choice:
        """Store a coordinator's choice; a digest is armed for its next hour."""
        if mode is Mode.DIGEST and hour not in HOURS:
            raise Refused("digest-bad-hour")
        hour = hour if mode is Mode.DIGEST else None
        async with self._db.transaction() as tx:
            await self._authority.sites_of(tx, user_id)  # a coordinator, or an admin
            now = self._clock.now()
            await tx.digests.choose(user_id, mode, hour, now)
            await tx.deadlines.cancel(KIND, user_id, now)
            if hour is not None:
                await tx.deadlines.schedule(KIND, user_id, next_at(now, hour, self._zone))
            return await tx.digests.get(user_id) or Choice(user_id, mode, hour)

    async def every_order(self, user_ids: Iterable[int]) -> list[int]:
        """Those of `user_ids` who hear of each new order."""
        return await self._keep(user_ids, {Mode.EVERY})

    async def alerted(self, user_ids: Iterable[int]) -> list[int]:
        """Those of `user_ids` who hear of an escalation as it happens."""
        return await self._keep(user_ids, {Mode.EVERY, Mode.ESCALATIONS})

    async def _keep(self, user_ids: Iterable[int], modes: set[Mode]) -> list[int]:
        wanted = list(user_ids)
        if not wanted:
            return []
        async with self._db.read() as tx:
            chosen = await tx.digests.modes(wanted)
        return [uid for uid in wanted if chosen.get(uid, Mode.EVERY) in modes]

    # --- the deadline ----------------------------------------------------------

    def register(self, kinds: DeadlineKinds) -> None:
        kinds.register(KIND, Digest, self._due)

    async def _due(self, tx: Tx, deadline: Deadline) -> Digest | None:
        user_id = deadline.ref_id
        choice = await tx.digests.get(user_id)
        if choice is None or choice.mode is not Mode.DIGEST or choice.hour is None:
            return None  # chose otherwise meanwhile
        try:
            sites = await self._authority.sites_of(tx, user_id)
        except Refused:  # no longer a coordinator: no digest, and none armed
            return None
        now = self._clock.now()
        await tx.deadlines.schedule(KIND, user_id, next_at(now, choice.hour, self._zone))
        since = choice.last_sent_at or now - FIRST_SPAN
        await tx.digests.mark_sent(user_id, now)
        waiting = await (
            tx.orders.pending(sites)
            if sites is not None
            else tx.orders.pending([s.id for s in await tx.sites.all()])
        )
        return Digest(
            user_id,
            since,
            new=await tx.digests.created_since(sites, since),
            waiting=waiting,
            escalated=[o for o in waiting if o.escalation > 0],
            complaints=await tx.digests.complaints_since(sites, since),
        )
