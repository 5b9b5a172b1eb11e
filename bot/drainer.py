"""Each chat's updates handled once and in order, whichever worker received them.

A receiver stores an update in the `UpdateInbox` (idempotently, by update_id)
before it acknowledges it. A chat is then handled in turns: a turn claims the
chat's lease and its oldest update, handles it, and marks it done, which hands
back the next one, until none is left and the lease goes in that same step.
Polling stores a whole fetched batch in one round trip (`store_many`) before it
confirms it, then drains each chat in the background as webhook mode does. A
worker killed mid-turn leaves its updates stored and its lease to run out; the
janitor every worker runs picks such chats up. A chat never waits for another:
each turn runs in its own task.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence

from domain.ports import NewUpdate, StoredUpdate, Unreadable, UpdateInbox
from handlers.ports import Inbound

from .inbound_codec import decode, encode
from .local_turns import LocalTurns

log = logging.getLogger(__name__)
# One line per update handled and marked done, at DEBUG: what the multi-worker test counts.
trace = logging.getLogger("bot.trace")

Handler = Callable[[Inbound], Awaitable[None]]


class ChatDrainer:
    def __init__(
        self,
        inbox: UpdateInbox,
        bot_id: int,
        handle: Handler,
        *,
        max_running: int = 32,
        janitor_every: float = 2.0,
        janitor_batch: int = 100,
    ) -> None:
        self._inbox = inbox
        self._bot = bot_id
        self._handle = handle
        self._running = asyncio.Semaphore(max_running)
        self._janitor_every = janitor_every
        self._janitor_batch = janitor_batch
        self._turns = LocalTurns()  # this process's turns, queued per chat
        self._held: dict[int, str] = {}  # chat -> holder of the turn running here
        self._me = uuid.uuid4().hex[:12]
        self._serial = itertools.count()
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._again: set[int] = set()

    async def store(self, inbound: Inbound) -> bool:
        """Keep the update until it is handled; False when it is stored or done already."""
        return await self._inbox.put(self._bot, inbound.chat_id, inbound.update_id, encode(inbound))

    async def store_many(self, inbounds: Sequence[Inbound]) -> list[bool]:
        """`store` for a whole batch in one round trip (polling, before it confirms it)."""
        batch = [NewUpdate(i.chat_id, i.update_id, encode(i)) for i in inbounds]
        return await self._inbox.put_many(self._bot, batch) if batch else []

    async def set_aside(self, updates: Sequence[Unreadable]) -> None:
        """Keep updates the transport could not parse, for inspection only."""
        await self._inbox.put_unreadable(self._bot, updates)

    async def submit(self, inbound: Inbound) -> None:
        """Store the update and handle the chat's work now (polling: the caller waits)."""
        if self._turns.busy(inbound.chat_id):
            # Stored before queueing behind this process's own turn, as a webhook would.
            await self.store(inbound)
            await self.drain(inbound.chat_id)
        else:
            await self.drain(inbound.chat_id, StoredUpdate(inbound.update_id, encode(inbound)))

    def kick(self, chat_id: int) -> None:
        """Drain the chat in the background (webhook: the request is answered already)."""
        if chat_id in self._tasks:
            self._again.add(chat_id)  # the running turn may have finished looking already
            return
        self._tasks[chat_id] = asyncio.create_task(self._background(chat_id))

    async def drain(self, chat_id: int, first: StoredUpdate | None = None) -> None:
        """One turn: store `first` if given, then handle the chat's stored updates in
        order while this turn holds the chat's lease.

        Returns at once when another worker's turn holds the chat: that turn sees
        what was stored, or, if its worker died, the janitor does once the lease
        is over.
        """
        # A slot first, then the chat: a chat queued for a slot holds nothing, and a
        # worker never drains more chats at once than its database pool and CPU serve.
        async with self._running, self._turns.hold(chat_id):
            holder = f"{self._me}:{next(self._serial)}"
            upcoming = await self._inbox.claim(self._bot, chat_id, holder, first)
            if upcoming is None:
                return
            self._held[chat_id] = holder
            try:
                while upcoming is not None:
                    await self._handle_one(upcoming)
                    finished = upcoming.update_id
                    upcoming = await self._inbox.done(self._bot, chat_id, finished, holder)
                    trace.debug("handled update %s chat %s", finished, chat_id)
            finally:
                del self._held[chat_id]
                if upcoming is not None:  # cut short: let another turn start at once
                    with contextlib.suppress(Exception):
                        await self._inbox.release(self._bot, chat_id, holder)

    async def _handle_one(self, update: StoredUpdate) -> None:
        try:
            inbound = decode(update.payload)
        except (KeyError, TypeError, ValueError):
            log.exception("unreadable stored update %s dropped", update.update_id)
            return
        trace.debug("handling update %s chat %s", update.update_id, inbound.chat_id)
        try:
            await self._handle(inbound)
        except Exception:
            # Marked done all the same: an update that always fails must not
            # block its chat for ever. The router already apologised to the user.
            log.exception("handler failed on update %s", update.update_id)

    async def _background(self, chat_id: int) -> None:
        try:
            while True:
                self._again.discard(chat_id)
                await self.drain(chat_id)
                if chat_id not in self._again:
                    return
        except Exception:
            log.exception("draining chat %s failed; the janitor will retry", chat_id)
        finally:
            self._tasks.pop(chat_id, None)
            self._again.discard(chat_id)

    async def janitor(self, stop: asyncio.Event) -> None:
        """Until `stop`: keep this worker's leases alive, and every `janitor_every` s
        drain chats with stored work that no turn here is draining.

        A janitor's turn claims like any other: a live holder keeps its chat, a dead
        one's lease runs out first.
        """
        await asyncio.gather(self._sweep_orphans(stop), self._keep_leases(stop))

    async def _sweep_orphans(self, stop: asyncio.Event) -> None:
        while not await _stopped(stop, self._janitor_every):
            try:
                chats = await self._inbox.chats(self._bot, self._janitor_batch)
            except Exception as exc:  # Redis away for a moment: next round
                log.warning("janitor could not list chats: %s", exc)
                continue
            for chat_id in chats:
                if not self._turns.busy(chat_id) and chat_id not in self._tasks:
                    self.kick(chat_id)

    async def _keep_leases(self, stop: asyncio.Event) -> None:
        # Each `done` renews its own lease; this covers a handler slower than a third of it.
        while not await _stopped(stop, self._inbox.lease / 3):
            if not self._held:
                continue
            try:
                lost = await self._inbox.renew(self._bot, dict(self._held))
            except Exception as exc:  # the lease outlives a short outage
                log.warning("could not renew chat leases: %s", exc)
                continue
            for chat_id in lost:
                log.warning("lease on chat %s ran out mid-turn; its turn ends there", chat_id)

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


async def _stopped(stop: asyncio.Event, wait: float) -> bool:
    """Wait up to `wait` s for `stop`; True once it is set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), wait)
    return stop.is_set()
