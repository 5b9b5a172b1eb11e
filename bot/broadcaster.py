"""The broadcast sender: a background task in every worker, like the sweeper.

Each pass claims batches of recipients (`handlers.broadcasts.pump`) until no
broadcast being sent has any left, then waits for the next pass, or for a
broadcast started in this process (`Broadcasts.on_start` wakes it at once). Rows
are claimed in SQL, so several workers share one broadcast without sending anyone
twice, and what was not claimed when a worker stopped is sent after it comes back
(or by another worker). The rate limiter paces the sends: shared through Redis, all
workers together stay within the bot token's 30 messages a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid

from domain.failures import described
from handlers import broadcasts
from handlers.kit.context import Services

log = logging.getLogger(__name__)

# Batches one worker sends at once: while one lane records its batch and claims the
# next, the other keeps the limiter busy, so a broadcast runs at the full rate.
LANES = 2


class Broadcaster:
    def __init__(self, services: Services, interval: float, batch: int = broadcasts.BATCH) -> None:
        self._services = services
        self._interval = interval
        self._batch = batch
        self._wake = asyncio.Event()
        services.broadcasts.on_start(self._wake.set)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"

    async def run_once(self) -> int:
        """Send until nothing is left to claim; how many recipients were handled."""
        return sum(await asyncio.gather(*(self._lane() for _ in range(LANES))))

    async def _lane(self) -> int:
        handled = 0
        while True:
            try:
                step = await broadcasts.pump(self._services, self.worker, self._batch)
            except Exception as error:  # the claimed rows expire to "unknown"; go on later
                log.error("a broadcast batch failed: %s", described(error))
                return handled
            if step == 0:
                return handled
            handled += step

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            await self.run_once()
            stopped = asyncio.ensure_future(stop.wait())
            woken = asyncio.ensure_future(self._wake.wait())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait(
                    {stopped, woken}, timeout=self._interval, return_when=asyncio.FIRST_COMPLETED
                )
            for waiter in (stopped, woken):
                waiter.cancel()
