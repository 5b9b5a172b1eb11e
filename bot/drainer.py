"""Each chat's updates handled once and in order, whichever worker received them.

A receiver stores an update in the `UpdateInbox` (idempotently, by update_id)
before it acknowledges it. A chat is then handled in turns: a turn claims the
chat's lease and its oldest update, handles it, and marks it done, which hands
back the next one, until none is left and the lease goes in that same step.
Polling stores a whole fetched batch in one round trip (`store_many`) before it
confirms it, then drains each chat in the background as webhook mode does. A
worker killed mid-turn leaves its updates stored and its lease
to run out; the janitor every worker runs picks such chats up. A chat never
waits for another: each turn runs in its own task, and yields its slot after
`Delivery.turn_updates` updates so a busy chat cannot keep one for long.

An update is done only once it was handled. When SQL or Redis is away
(`bot.outage`) it stays first in its chat's inbox and the chat is tried again
after a backoff with jitter; the chat's later updates wait behind it, other chats
go on, and the user is told once that the service is briefly unavailable. A
handler that fails on an update for another reason (a bug) gets
`Delivery.max_tries` tries; then the update is set aside in the inbox (logged by
update_id, counted, kept for inspection) and the user gets an apology. Updates
beyond a user's flood limit are dropped, the first with a "please slow down".
Tries are counted in this process: a worker that dies starts the count over.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from domain.failures import described
from domain.ports.flood import FloodGate
from domain.ports.inbox import NewUpdate, StoredUpdate, Unreadable, UpdateInbox
from handlers.kit.ports import Inbound

from .inbound_codec import decode, encode
from .local_turns import LocalTurns
from .outage import is_outage

log = logging.getLogger(__name__)
# One line per update handled and marked done, at DEBUG: what the multi-worker test counts.
trace = logging.getLogger("bot.trace")

Handler = Callable[[Inbound], Awaitable[None]]
# Told the id of an update that leaves without its handler being called (dropped by
# the flood limit, or unreadable): polling's `Backlog` counts it closed then.
Skipped = Callable[[int], Awaitable[None]]
# What happened to updates that were not simply handled, for /metrics: "outage"
# (kept, retried), "failure" (kept, retried), "set_aside", "flood" (dropped).
Counter = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Delivery:
    """How the drainer retries, gives up and shares its slots (from `bot.settings`)."""

    max_tries: int = 3  # a handler's own failures on one update before it is set aside
    backoff: float = 0.5  # seconds before the first retry, doubled for each next one
    backoff_max: float = 30.0
    turn_updates: int = 4  # a turn hands its slot on after this many updates
    flood_limit: int = 20  # updates per user per flood window; 0 turns the limit off


class Notices(Protocol):
    """What the user is told about an update the drainer did not handle (yet);
    `handlers.notices.Notices` is the one used. Best effort: never raises."""

    async def unavailable(self, inbound: Inbound) -> None: ...

    async def failed(self, inbound: Inbound) -> None: ...

    async def slow_down(self, inbound: Inbound, first: bool) -> None: ...


class _Quiet:
    async def unavailable(self, inbound: Inbound) -> None:
        return None

    async def failed(self, inbound: Inbound) -> None:
        return None

    async def slow_down(self, inbound: Inbound, first: bool) -> None:
        return None


@dataclass(frozen=True, slots=True)
class _Verdict:
    """How an update left the chat's queue: done (handled or dropped) or set aside."""

    aside: str = ""  # the reason, when set aside


_DONE = _Verdict()


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
        delivery: Delivery | None = None,
        notices: Notices | None = None,
        flood: FloodGate | None = None,
        count: Counter | None = None,
        skipped: Skipped | None = None,
    ) -> None:
        self._inbox = inbox
        self._bot = bot_id
        self._handle = handle
        self._delivery = delivery or Delivery()
        self._notices: Notices = notices or _Quiet()
        self._flood = flood
        self._count: Counter = count or (lambda _event: None)
        self._skipped = skipped
        self._waiting: dict[int, asyncio.TimerHandle] = {}  # chat -> its retry, backing off
        self._retries: dict[int, int] = {}  # chat -> retries in a row
        self._failures: dict[int, int] = {}  # update -> its handler's failures so far
        self._told: set[int] = set()  # chats told of the outage, until one update goes through
        self._admitted: set[int] = set()  # updates counted by the flood gate, not yet done
        self._unmarked: dict[int, _Verdict] = {}  # handled, but `done` failed: do not redo
        self._closed = False
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

    async def keep_unreadable(self, updates: Sequence[Unreadable]) -> None:
        """Keep updates the transport could not parse, for inspection only."""
        await self._inbox.put_unreadable(self._bot, updates)

    async def unstored(self, inbounds: Sequence[Inbound]) -> None:
        """The inbox could not take these (Redis away): the receiver keeps them
        unconfirmed, and each chat is told once that the service is briefly away."""
        for inbound in inbounds:
            self._count("outage")
            with contextlib.suppress(Exception):  # best effort: the update itself is kept
                await self._tell_unavailable(inbound)

    async def submit(self, inbound: Inbound) -> None:
        """Store the update and handle the chat's work now (polling: the caller waits).

        With Redis away the caller waits until the update is stored: the polling
        loop then fetches nothing more, and Telegram keeps what was not confirmed."""
        chat_id = inbound.chat_id
        try:
            if self._turns.busy(chat_id) or chat_id in self._waiting:
                # Stored before queueing behind this process's own turn, as a webhook would.
                await self.store(inbound)
                await self.drain(chat_id)
            else:
                await self.drain(chat_id, StoredUpdate(inbound.update_id, encode(inbound)))
        except Exception as error:
            if not is_outage(error):
                raise
            self._count("outage")
            await self._tell_unavailable(inbound)
            await self._store_surely(inbound)
            self._retry_later(chat_id)

    def kick(self, chat_id: int) -> None:
        """Drain the chat in the background (webhook: the request is answered already)."""
        if self._closed:
            return
        if chat_id in self._tasks:
            self._again.add(chat_id)  # the running turn may have finished looking already
            return
        self._tasks[chat_id] = asyncio.create_task(self._background(chat_id))

    async def drain(self, chat_id: int, first: StoredUpdate | None = None) -> None:
        """One turn: store `first` if given, then handle the chat's stored updates in
        order while this turn holds the chat's lease.

        Returns at once when another worker's turn holds the chat: that turn sees
        what was stored, or, if its worker died, the janitor does once the lease
        is over. Returns at once too while the chat backs off from a failure: its
        retry comes on time.
        """
        if chat_id in self._waiting:
            if first is not None:
                await self._inbox.put(self._bot, chat_id, first.update_id, first.payload)
            return
        # A slot first, then the chat: a chat queued for a slot holds nothing, and a
        # worker never drains more chats at once than its database pool and CPU serve.
        async with self._running, self._turns.hold(chat_id):
            holder = f"{self._me}:{next(self._serial)}"
            try:
                upcoming = await self._inbox.claim(self._bot, chat_id, holder, first)
            except Exception as error:
                if first is not None or not is_outage(error):
                    raise  # `submit` stores `first` once the inbox is back
                log.warning("inbox unavailable for chat %s: %s", chat_id, type(error).__name__)
                self._retry_later(chat_id)
                return
            if upcoming is None:
                return
            self._held[chat_id] = holder
            try:
                upcoming = await self._turn(chat_id, holder, upcoming)
            finally:
                del self._held[chat_id]
                if upcoming is not None:  # cut short: let another turn start at once
                    with contextlib.suppress(Exception):
                        await self._inbox.release(self._bot, chat_id, holder)

    async def _turn(self, chat_id: int, holder: str, upcoming: StoredUpdate) -> StoredUpdate | None:
        """Handle stored updates from `upcoming` on; returns the one left unhandled
        when the turn ends early (its slot handed on, a retry due), else None."""
        for _ in range(self._delivery.turn_updates):
            verdict = await self._handle_one(chat_id, upcoming)
            if verdict is None:
                self._retry_later(chat_id)
                return upcoming
            finished = upcoming.update_id
            try:
                following = await self._finish(chat_id, finished, holder, verdict)
            except Exception as error:
                if not is_outage(error):
                    raise
                self._unmarked[finished] = verdict  # handled: the retry only marks it
                self._retry_later(chat_id)
                return upcoming
            trace.debug("handled update %s chat %s", finished, chat_id)
            if following is None:
                return None
            upcoming = following
        self.kick(chat_id)  # more to do: queue for a slot behind the chats waiting
        return upcoming

    async def _finish(
        self, chat_id: int, update_id: int, holder: str, verdict: _Verdict
    ) -> StoredUpdate | None:
        if verdict.aside:
            following = await self._inbox.set_aside(
                self._bot, chat_id, update_id, holder, verdict.aside
            )
        else:
            following = await self._inbox.done(self._bot, chat_id, update_id, holder)
        self._unmarked.pop(update_id, None)
        self._admitted.discard(update_id)
        return following

    async def _handle_one(self, chat_id: int, update: StoredUpdate) -> _Verdict | None:
        """Handle one update; None: keep it, and try the chat again later."""
        earlier = self._unmarked.get(update.update_id)
        if earlier is not None:
            return earlier
        try:
            inbound = decode(update.payload)
        except (KeyError, TypeError, ValueError):
            log.error("unreadable stored update %s set aside", update.update_id)
            self._count("set_aside")
            await self._skip(update.update_id)
            return _Verdict(aside="unreadable")
        if not await self._admit(inbound):
            await self._skip(update.update_id)
            return _DONE
        trace.debug("handling update %s chat %s", update.update_id, inbound.chat_id)
        try:
            await self._handle(inbound)
        except Exception as error:
            return await self._failed(chat_id, inbound, error)
        self._failures.pop(inbound.update_id, None)
        self._retries.pop(chat_id, None)
        self._told.discard(chat_id)
        return _DONE

    async def _failed(self, chat_id: int, inbound: Inbound, error: Exception) -> _Verdict | None:
        update_id = inbound.update_id
        if is_outage(error):
            # The error's words may quote SQL parameters: its type is enough here.
            log.warning("update %s kept: backend unavailable (%s)", update_id, type(error).__name__)
            self._count("outage")
            await self._tell_unavailable(inbound)
            return None
        tries = self._failures.get(update_id, 0) + 1
        # One line, no message: it may quote the user's input or a row's values.
        log.error(
            "handler failed on update %s (try %d of %d): %s",
            update_id,
            tries,
            self._delivery.max_tries,
            described(error),
        )
        if tries < self._delivery.max_tries:
            self._failures[update_id] = tries
            self._count("failure")
            return None
        self._failures.pop(update_id, None)
        self._retries.pop(chat_id, None)
        log.error("update %s set aside after %d failed tries", update_id, tries)
        self._count("set_aside")
        await self._notices.failed(inbound)
        return _Verdict(aside="handler")

    async def _skip(self, update_id: int) -> None:
        if self._skipped is not None:
            await self._skipped(update_id)

    async def _tell_unavailable(self, inbound: Inbound) -> None:
        """Once per chat until one of its updates goes through again."""
        if inbound.chat_id not in self._told:
            self._told.add(inbound.chat_id)
            await self._notices.unavailable(inbound)

    async def _admit(self, inbound: Inbound) -> bool:
        """Count the update against its sender's flood limit (once, however often it
        is tried); False drops it. The gate failing lets the update through."""
        limit = self._delivery.flood_limit
        if self._flood is None or limit <= 0 or inbound.update_id in self._admitted:
            return True
        try:
            count = await self._flood.hit(self._bot, inbound.sender.id)
        except Exception as error:
            log.warning("flood gate unavailable: %s", type(error).__name__)
            return True
        if count <= limit:
            self._admitted.add(inbound.update_id)
            return True
        self._count("flood")
        await self._notices.slow_down(inbound, first=count == limit + 1)
        return False

    def _retry_later(self, chat_id: int) -> None:
        """Try the chat again after a backoff with full jitter (a random time up to the
        doubling, capped ceiling), so the chats and workers of one outage do not all
        come back in step."""
        if self._closed:
            return
        retries = self._retries.get(chat_id, 0)
        self._retries[chat_id] = retries + 1
        ceiling = min(self._delivery.backoff_max, self._delivery.backoff * 2.0 ** min(retries, 30))
        delay = random.uniform(0.0, ceiling)  # full jitter
        previous = self._waiting.pop(chat_id, None)
        if previous is not None:
            previous.cancel()
        loop = asyncio.get_running_loop()
        self._waiting[chat_id] = loop.call_later(delay, self._wake, chat_id)

    def _wake(self, chat_id: int) -> None:
        self._waiting.pop(chat_id, None)
        self.kick(chat_id)

    async def _store_surely(self, inbound: Inbound) -> None:
        """Store the update, waiting out an outage of the inbox (backoff, jitter)."""
        for attempt in itertools.count():
            try:
                await self.store(inbound)
                return
            except Exception as error:
                if not is_outage(error) or self._closed:
                    raise
                ceiling = min(
                    self._delivery.backoff_max, self._delivery.backoff * 2.0 ** min(attempt, 30)
                )
                log.warning("inbox unavailable, update %s waits to be stored", inbound.update_id)
                await asyncio.sleep(random.uniform(0.0, ceiling))  # full jitter

    async def _background(self, chat_id: int) -> None:
        try:
            while True:
                self._again.discard(chat_id)
                await self.drain(chat_id)
                if chat_id not in self._again:
                    return
        except Exception as error:
            log.error(
                "draining chat %s failed, the janitor will retry: %s", chat_id, described(error)
            )
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
                idle = not self._turns.busy(chat_id) and chat_id not in self._tasks
                if idle and chat_id not in self._waiting:
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
        not mark done stays stored for the next worker, and so do updates waiting
        for a retry."""
        self._closed = True
        for timer in self._waiting.values():
            timer.cancel()
        self._waiting.clear()
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
