"""Poll a transport the way the app does: intake, in-process inbox, drainer, poller."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from bot.drainer import ChatDrainer
from bot.intake import Backlog, Intake
from bot.poller import Poller
from bot.transports.base import Handle, Transport
from storage.inbox_memory import MemoryInbox


@contextlib.asynccontextmanager
async def polling(
    transport: Transport, handle: Handle, inbox: MemoryInbox | None = None, wait: float = 5
) -> AsyncIterator[Poller]:
    """Feed every update `transport` polls to `handle` (each chat in order) until exit."""
    backlog = Backlog()
    drainer = ChatDrainer(inbox or MemoryInbox(), 1, backlog.tracking(handle))
    poller = Poller(transport, Intake(transport.parse, drainer, backlog), wait=wait)
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    try:
        yield poller
    finally:
        stop.set()
        await task
        await drainer.close()
