"""Where every received update enters: parse each on its own, store the batch, drain.

Polling (both transports) and webhook mode hand their raw Bot API updates here.
Each update is parsed by itself, so one the transport cannot read never stops the
others: it is set aside in the inbox (for inspection, never handled), logged by
update_id and error only (the payload holds other people's data) and counted.
The readable ones are stored in one round trip, and only then are their chats
drained, in the background, as webhook mode always did. A press that cannot be
read in full but still names its query and its presser is handled as an unknown
button, so it is answered like any other.

`Backlog` counts what this process stored and has not handled yet, so polling
can wait before it fetches more and a backlog never grows memory without limit.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from bot.drainer import ChatDrainer
from bot.outage import is_outage
from bot.press_guard import PressGuard
from bot.transports.botapi import failure, salvage_press
from domain.ports.inbox import Unreadable
from handlers.kit.ports import Inbound

log = logging.getLogger(__name__)

Parse = Callable[[dict[str, Any]], Inbound | None]
Handler = Callable[[Inbound], Awaitable[None]]
Counter = Callable[[int], None]


class Backlog:
    """Updates stored by this process and not handled yet (polling waits on it)."""

    def __init__(self) -> None:
        self._open: set[int] = set()
        self._changed = asyncio.Condition()

    def __len__(self) -> int:
        return len(self._open)

    def opened(self, update_ids: Sequence[int]) -> None:
        self._open.update(update_ids)

    async def closed(self, update_id: int) -> None:
        if update_id in self._open:
            self._open.discard(update_id)
            async with self._changed:
                self._changed.notify_all()

    async def below(self, limit: int) -> None:
        """Return once fewer than `limit` updates are open."""
        async with self._changed:
            await self._changed.wait_for(lambda: len(self._open) < limit)

    def tracking(self, handle: Handler) -> Handler:
        """`handle`, closing each update it was called for (tried counts: a retry of a
        failed one is the drainer's business, not a reason to stop fetching)."""

        async def tracked(inbound: Inbound) -> None:
            try:
                await handle(inbound)
            finally:
                await self.closed(inbound.update_id)

        return tracked


class Intake:
    def __init__(
        self,
        parse: Parse,
        drainer: ChatDrainer,
        backlog: Backlog,
        *,
        guard: PressGuard | None = None,
        count_unreadable: Counter | None = None,
        track: bool = True,
    ) -> None:
        self._parse = parse
        self._drainer = drainer
        self.backlog = backlog
        # Polling only: a webhook worker's update may be handled by another worker,
        # so its backlog would never see it close (and nothing waits on it there).
        self._track = track
        self._guard = guard
        self._count_unreadable = count_unreadable

    async def receive(self, batch: Sequence[dict[str, Any]]) -> None:
        """Store every update of `batch` (readable or set aside), then drain their chats.

        Raises when storing failed: the caller must not confirm the batch then."""
        readable: list[Inbound] = []
        unreadable: list[Unreadable] = []
        for update in batch:
            inbound = self._read(update, unreadable)
            if inbound is not None:
                readable.append(inbound)
        if unreadable:
            await self._drainer.keep_unreadable(unreadable)
            if self._count_unreadable is not None:
                self._count_unreadable(len(unreadable))
        try:
            new = await self._drainer.store_many(readable)
        except Exception as error:
            if is_outage(error):
                # Not stored, so not confirmed: fetched again later. A press still gets
                # its answer in time, and each chat hears once why nothing happens.
                for inbound in readable:
                    if self._guard is not None:
                        self._guard.watch(inbound)
                await self._drainer.unstored(readable)
            raise
        if self._track:
            self.backlog.opened([i.update_id for i, n in zip(readable, new, strict=True) if n])
        for inbound in readable:
            if self._guard is not None:
                self._guard.watch(inbound)
            # Even when it was stored already: whoever stored it may have died since.
            self._drainer.kick(inbound.chat_id)

    def _read(self, update: dict[str, Any], unreadable: list[Unreadable]) -> Inbound | None:
        try:
            return self._parse(update)
        except Exception as error:  # whatever the library raises: this update only
            update_id = _update_id(update)
            log.warning("update %s set aside, unreadable: %s", update_id, failure(error))
            if update_id is not None:
                raw = json.dumps(update, ensure_ascii=False, default=str)
                unreadable.append(Unreadable(update_id, raw, f"{type(error).__name__}: {error}"))
            return salvage_press(update)


def _update_id(update: Any) -> int | None:
    value = update.get("update_id") if isinstance(update, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
