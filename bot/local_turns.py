"""One `asyncio.Lock` per chat, in this process only, dropped once nobody uses it.

The inbox's lease orders a chat's turns across workers but is not fair: a task
that loses the race would have to poll. Inside one process the drainer first
queues a chat's turns here (FIFO, no polling), so only one of them at a time asks
the inbox for the lease.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass(slots=True)
class _Entry:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0  # holders and waiters


class LocalTurns:
    def __init__(self) -> None:
        self._entries: dict[int, _Entry] = {}

    def __len__(self) -> int:
        """Chats with a holder or a waiter; 0 when idle."""
        return len(self._entries)

    def busy(self, chat_id: int) -> bool:
        """True when a turn of this chat runs or waits here."""
        return chat_id in self._entries

    @asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        entry = self._entries.setdefault(chat_id, _Entry())
        entry.users += 1
        try:
            async with entry.lock:
                yield
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._entries[chat_id]
