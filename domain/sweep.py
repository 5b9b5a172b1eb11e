"""The sweep: claim one due deadline, fire it through its kind's handler, mark it fired.

Claim, work and mark happen in one transaction (`FOR UPDATE SKIP LOCKED` on
PostgreSQL), so a deadline fires exactly once across workers, and a worker that
dies mid-way leaves it for the next. One that fails, or whose kind nobody here
knows, is set aside (marked fired, with why in `claimed_by`) rather than claimed
again on every pass ahead of everything due after it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from domain.deadlines import DeadlineKinds
from domain.failures import described
from domain.models import Deadline
from domain.ports.clock import Clock
from domain.ports.database import Database

log = logging.getLogger(__name__)

# What `claimed_by` says of a deadline set aside. An operator re-arms them once the
# cause is fixed (e.g. a worker that knows the kind is deployed) by clearing `fired_at`.
FAILED = "failed"
UNKNOWN_KIND = "unknown-kind"


@dataclass(frozen=True, slots=True)
class Fired:
    """One deadline claimed and settled, and what its handler returned to be told."""

    deadline: Deadline
    outcome: object | None = None  # None: nothing to tell (or it was set aside)


class Sweep:
    def __init__(self, db: Database, clock: Clock, kinds: DeadlineKinds) -> None:
        self._db = db
        self._clock = clock
        self.kinds = kinds

    async def fire_next(self, worker: str = "") -> Fired | None:
        """Fire the earliest due deadline; None when nothing is due.

        Raises only when no deadline could be claimed (the database is away, say):
        a failure once one is claimed rolls its work back and sets it aside."""
        claimed: Deadline | None = None
        try:
            async with self._db.transaction() as tx:
                now = self._clock.now()
                due = await tx.deadlines.claim_due(now, limit=1)
                if not due:
                    return None
                claimed = due[0]
                kind = self.kinds.get(claimed.kind)
                if kind is None:
                    # Kind names are ours, never personal data; the row keeps its ref_id.
                    log.error("deadline %s of unknown kind %r set aside", claimed.id, claimed.kind)
                    await tx.deadlines.mark_fired(claimed.id, now, UNKNOWN_KIND)
                    return Fired(claimed)
                outcome = await kind.handler(tx, claimed)
                await tx.deadlines.mark_fired(claimed.id, now, worker)
                return Fired(claimed, outcome)
        except Exception as error:
            if claimed is None:
                raise
            log.error(
                "deadline %s (%s) failed and is set aside: %s",
                claimed.id,
                claimed.kind,
                described(error),
            )
            async with self._db.transaction() as tx:
                await tx.deadlines.mark_fired(claimed.id, self._clock.now(), FAILED)
            return Fired(claimed)
