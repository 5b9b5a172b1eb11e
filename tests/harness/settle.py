"""Knowing when the bot has nothing left to do: the inbox, counted.

`CountingInbox` wraps the bot's `UpdateInbox` (memory or Redis) and counts the
updates stored new and not yet marked done or set aside; `idle` waits, on a
condition, until none is left. It counts in the inbox rather than around the
handler because an update can leave its chat without reaching the handler (the
flood limit drops it, an unreadable payload is set aside).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from domain.ports.inbox import NewUpdate, StoredUpdate, UpdateInbox


class CountingInbox:
    def __init__(self, inner: UpdateInbox) -> None:
        self._inner = inner
        self._open: set[int] = set()
        self._changed = asyncio.Condition()

    def __getattr__(self, name: str) -> Any:  # everything not counted passes through
        return getattr(self._inner, name)

    @property
    def open(self) -> int:
        return len(self._open)

    async def idle(self) -> None:
        """Return once every update stored so far left its chat's queue."""
        async with self._changed:
            await self._changed.wait_for(lambda: not self._open)

    async def _left(self, update_id: int) -> None:
        async with self._changed:
            self._open.discard(update_id)
            self._changed.notify_all()

    async def put(self, bot_id: int, chat_id: int, update_id: int, payload: str) -> bool:
        new = await self._inner.put(bot_id, chat_id, update_id, payload)
        if new:
            self._open.add(update_id)
        return new

    async def put_many(self, bot_id: int, updates: Sequence[NewUpdate]) -> list[bool]:
        new = await self._inner.put_many(bot_id, updates)
        self._open.update(u.update_id for u, n in zip(updates, new, strict=True) if n)
        return new

    async def claim(
        self, bot_id: int, chat_id: int, holder: str, first: StoredUpdate | None = None
    ) -> StoredUpdate | None:
        if first is not None:
            self._open.add(first.update_id)  # stored by the claim, as `put` would
        return await self._inner.claim(bot_id, chat_id, holder, first)

    async def done(
        self, bot_id: int, chat_id: int, update_id: int, holder: str
    ) -> StoredUpdate | None:
        following = await self._inner.done(bot_id, chat_id, update_id, holder)
        await self._left(update_id)
        return following

    async def set_aside(
        self, bot_id: int, chat_id: int, update_id: int, holder: str, reason: str
    ) -> StoredUpdate | None:
        following = await self._inner.set_aside(bot_id, chat_id, update_id, holder, reason)
        await self._left(update_id)
        return following
