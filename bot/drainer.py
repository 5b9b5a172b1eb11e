"""Each chat's updates handled once and in order, whichever worker received them.

A receiver stores an update in the `UpdateInbox` (idempotently, by update_id)
before it acknowledges it. Then whoever holds the chat's lock drains the chat:
its stored updates in update_id order, each marked done only after it was
handled. A worker killed mid-way leaves its updates stored and its lock to
expire; the janitor every worker runs picks such chats up. A chat never waits
for another: each drains under its own lock, in its own task.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable

from domain.ports import ChatLocks, UpdateInbox
from handlers.ports import Inbound
from storage.coordination_memory import LockTimeout

from .inbound_codec import decode, encode

log = logging.getLogger(__name__)
# One line per update handled and marked done, at DEBUG: what the multi-worker test counts.
trace = logging.getLogger("bot.trace")

Handler = Callable[[Inbound], Awaitable[None]]


class ChatDrainer:
    def __init__(
        self,
        inbox: UpdateInbox,
        locks: ChatLocks,
        bot_id: int,
        handle: Handler,
        *,
        max_running: int = 32,
        batch: int = 10,
        janitor_every: float = 2.0,
        janitor_batch: int = 100,
    ) -> None:
        self._inbox = inbox
        self._locks = locks
        self._bot = bot_id
        self._handle = handle
        self._running = asyncio.Semaphore(max_running)
        self._batch = batch
        self._janitor_every = janitor_every
        self._janitor_batch = janitor_batch
        self._local: Counter[int] = Counter()  # drains of each chat in this process
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._again: set[int] = set()

    async def store(self, inbound: Inbound) -> bool:
        """Keep the update until it is handled; False when it is stored or done already."""
        return await self._inbox.put(self._bot, inbound.chat_id, inbound.update_id, encode(inbound))

    async def submit(self, inbound: Inbound) -> None:
        """Store the update and handle the chat's work now (polling: the caller waits)."""
        await self.store(inbound)
        await self.drain(inbound.chat_id)

    def kick(self, chat_id: int, wait: float | None = None) -> None:
        """Drain the chat in the background (webhook: the request is answered already)."""
        if chat_id in self._tasks:
            self._again.add(chat_id)  # the running drain may have looked already
            return
        self._tasks[chat_id] = asyncio.create_task(self._background(chat_id, wait))

    async def drain(self, chat_id: int, wait: float | None = None) -> None:
        """Handle the chat's stored updates in order, under its lock.

        Gives up quietly when the lock stays taken for `wait`: its holder drains
        the chat, or, if the holder died, the janitor does once the lease is over.
        """
        self._local[chat_id] += 1
        try:
            while True:
                try:
                    # A slot first, then the lock: a chat queued for a slot holds no
                    # lock, and a worker never drains more chats at once than its
                    # database pool and CPU can serve.
                    async with self._running, self._locks.hold(self._bot, chat_id, wait=wait):
                        await self._drain_locked(chat_id)
                except LockTimeout:
                    return
                # Stored while we let go: its receiver may have found the lock taken.
                if not await self._inbox.pending(self._bot, chat_id, limit=1):
                    return
        finally:
            self._local[chat_id] -= 1
            if not self._local[chat_id]:
                del self._local[chat_id]

    async def _drain_locked(self, chat_id: int) -> None:
        while batch := await self._inbox.pending(self._bot, chat_id, self._batch):
            for update_id, payload in batch:
                await self._handle_one(update_id, payload)
                await self._inbox.done(self._bot, chat_id, update_id)
                trace.debug("handled update %s chat %s", update_id, chat_id)

    async def _handle_one(self, update_id: int, payload: str) -> None:
        try:
            inbound = decode(payload)
        except (KeyError, TypeError, ValueError):
            log.exception("unreadable stored update %s dropped", update_id)
            return
        trace.debug("handling update %s chat %s", update_id, inbound.chat_id)
        try:
            await self._handle(inbound)
        except Exception:
            # Marked done all the same: an update that always fails must not
            # block its chat for ever. The router already apologised to the user.
            log.exception("handler failed on update %s", update_id)

    async def _background(self, chat_id: int, wait: float | None) -> None:
        try:
            while True:
                self._again.discard(chat_id)
                await self.drain(chat_id, wait)
                if chat_id not in self._again:
                    return
        except Exception:
            log.exception("draining chat %s failed; the janitor will retry", chat_id)
        finally:
            self._tasks.pop(chat_id, None)
            self._again.discard(chat_id)

    async def janitor(self, stop: asyncio.Event) -> None:
        """Every `janitor_every` s, drain chats with stored work that nobody here drains.

        Each tries the lock once: a live holder keeps its chat, a dead one's lease runs out.
        """
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._janitor_every)
            if stop.is_set():
                return
            try:
                chats = await self._inbox.chats(self._bot, self._janitor_batch)
            except Exception as exc:  # Redis away for a moment: next round
                log.warning("janitor could not list chats: %s", exc)
                continue
            for chat_id in chats:
                if chat_id not in self._local and chat_id not in self._tasks:
                    self.kick(chat_id, wait=0)

    async def close(self, grace: float = 10.0) -> None:
        """Let background drains finish for `grace` s, then cancel them; what they did
        not mark done stays stored for the next worker."""
        tasks = list(self._tasks.values())
        if not tasks:
            return
        _, late = await asyncio.wait(tasks, timeout=grace)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
