"""The sweeper: every worker looks for due deadlines and fires each exactly once.

`domain.sweep` claims a deadline, acts on it and marks it fired in one
transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so several workers never
fire the same one and a worker killed mid-way leaves it for the next. People are
told after the commit, by whichever notifier handles the outcome's type; the
sweeper refuses to start if a deadline kind returns an outcome nobody tells.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from domain.deadlines import DeadlineKinds
from domain.failures import described
from domain.sweep import Sweep
from handlers.kit.context import Services

log = logging.getLogger(__name__)

MAX_PER_PASS = 200  # a bound, so one pass never starves the event loop
OutcomeT = TypeVar("OutcomeT")
Notifier = Callable[[Services, OutcomeT], Awaitable[None]]


class Notifiers:
    """Who tells people about each type of outcome a deadline returns."""

    def __init__(self) -> None:
        self._by_type: dict[type, Notifier[Any]] = {}

    def add(self, outcome: type[OutcomeT], notifier: Notifier[OutcomeT]) -> Notifiers:
        if outcome in self._by_type:
            raise ValueError(f"two notifiers for {outcome.__name__}")
        self._by_type[outcome] = notifier
        return self

    def get(self, outcome: object) -> Notifier[Any] | None:
        """The notifier of the outcome's type, or of its nearest base that has one."""
        return next((self._by_type[t] for t in type(outcome).__mro__ if t in self._by_type), None)

    def require(self, kinds: DeadlineKinds) -> None:
        """Refuse kinds whose outcomes nobody would tell: found at start, not at 3 a.m."""
        untold = [k.name for k in kinds if not any(issubclass(k.outcome, t) for t in self._by_type)]
        if untold:
            raise ValueError(f"no notifier for the outcomes of {', '.join(sorted(untold))}")


class Sweeper:
    def __init__(
        self, services: Services, sweep: Sweep, notifiers: Notifiers, interval: float
    ) -> None:
        notifiers.require(sweep.kinds)
        self._services = services
        self._sweep = sweep
        self._notifiers = notifiers
        self._interval = interval
        self.worker = f"{socket.gethostname()}:{os.getpid()}"

    async def run_once(self) -> int:
        """Fire every deadline due now; returns how many were fired."""
        fired = 0
        while fired < MAX_PER_PASS:
            try:
                done = await self._sweep.fire_next(self.worker)
            except Exception as error:
                log.error(
                    "a deadline failed; it stays due and is retried next pass: %s",
                    described(error),
                )
                break
            if done is None:
                break
            fired += 1
            if done.outcome is not None:
                await self._tell(done.deadline.id, done.outcome)
        return fired

    async def _tell(self, deadline_id: int, outcome: object) -> None:
        notifier = self._notifiers.get(outcome)
        if notifier is None:  # `require` rules this out for registered kinds
            log.error("deadline %s: nobody tells a %s", deadline_id, type(outcome).__name__)
            return
        try:
            await notifier(self._services, outcome)
        except Exception as error:
            log.error("telling people about deadline %s failed: %s", deadline_id, described(error))

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.run_once()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._interval)
