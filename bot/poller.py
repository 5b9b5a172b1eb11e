"""Long polling, the same on both transports: store each batch before the next fetch.

getUpdates confirms a batch when it is asked for the next one (its `offset`). So
each fetched batch goes whole into the inbox (`Intake.receive`, one round trip)
before the next getUpdates: from then on a crash loses nothing the inbox keeps
(on Redis, everything), and the chats are drained in the background, as in
webhook mode. A batch that could not be stored is not confirmed: the same
offset fetches it again. While `max_backlog` updates this process stored wait
to be handled, no more are fetched (Telegram keeps them meanwhile). The bound is
on memory, not on fairness: it is far above what one flooding user can queue
(a thousand messages must not stop everyone else's from being fetched).

A stop stops fetching (a long poll in flight is dropped unconfirmed, so Telegram
sends it again), confirms what was stored, and returns; the drains that run are
the app's to finish or leave stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from bot.intake import Intake
from bot.transports.base import Transport
from bot.transports.client import DEFAULT_BACKOFF, Backoff
from domain.failures import described

log = logging.getLogger(__name__)

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]


class Poller:
    def __init__(
        self,
        transport: Transport,
        intake: Intake,
        *,
        wait: float = 25.0,
        limit: int = 100,
        max_backlog: int = 10_000,
        backoff: Backoff = DEFAULT_BACKOFF,
    ) -> None:
        self._transport = transport
        self._intake = intake
        self._wait = wait  # seconds each long poll waits for news
        self._limit = limit
        self._max_backlog = max_backlog
        self._backoff = backoff
        self.offset: int | None = None  # the next update_id to ask for

    async def run(self, stop: asyncio.Event) -> None:
        stopped = asyncio.create_task(stop.wait())
        try:
            if await _race(self._transport.prepare_polling(), stopped) is _CUT:
                return
            failures = 0
            while not stop.is_set():
                if await _race(self._intake.backlog.below(self._max_backlog), stopped) is _CUT:
                    break
                batch = await _race(
                    self._transport.get_updates(self.offset, self._wait, self._limit), stopped
                )
                if batch is _CUT:
                    break  # unconfirmed: Telegram sends it again
                try:
                    await self._intake.receive(batch)  # type: ignore[arg-type]
                except Exception as error:  # the inbox is away: fetch the same batch again
                    failures += 1
                    # Full jitter: workers that lost the inbox together do not retry in step.
                    delay = random.random() * self._backoff.delay(failures)
                    log.warning(
                        "could not store updates (%s), retry in %.1f s", described(error), delay
                    )
                    if await _race(asyncio.sleep(delay), stopped) is _CUT:
                        break
                    continue
                failures = 0
                self._advance(batch)  # type: ignore[arg-type]
        finally:
            stopped.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stopped
            if self.offset is not None:
                await self._transport.confirm_updates(self.offset)

    def _advance(self, batch: list[dict[str, Any]]) -> None:
        ids = [u["update_id"] for u in batch if isinstance(u.get("update_id"), int)]
        if ids:
            self.offset = max(max(ids) + 1, self.offset or 0)


class _Cut:
    """What `_race` gives when the stop came first."""


_CUT = _Cut()


async def _race(work: Coroutine[Any, Any, T], stopped: asyncio.Task[Any]) -> T | _Cut:
    """Run `work` unless `stopped` finishes first (then `work` is cancelled)."""
    task = asyncio.create_task(work)
    await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return _CUT
