"""The sweeper: every worker looks for due deadlines and fires each exactly once.

A deadline is claimed, acted on and marked fired in one transaction (`FOR UPDATE
SKIP LOCKED` on PostgreSQL), so several workers never fire the same one and a
worker killed mid-way leaves it for the next. People are told after the commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket

from handlers import notify
from handlers.context import Services

log = logging.getLogger(__name__)

MAX_PER_PASS = 200  # a bound, so one pass never starves the event loop


class Sweeper:
    def __init__(self, services: Services, interval: float) -> None:
        self._services = services
        self._interval = interval
        self.worker = f"{socket.gethostname()}:{os.getpid()}"

    async def run_once(self) -> int:
        """Fire every deadline due now; returns how many were fired."""
        fired = 0
        while fired < MAX_PER_PASS:
            try:
                claimed, outcome = await self._services.desk.fire_due(self.worker)
            except Exception:
                log.exception("a deadline failed; it stays due and is retried next pass")
                break
            if not claimed:
                break
            fired += 1
            if outcome is not None:
                try:
                    await notify.dispatched(self._services, outcome)
                except Exception:
                    log.exception("telling people about order %s failed", outcome.order.id)
        return fired

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.run_once()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._interval)
