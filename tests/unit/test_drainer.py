"""`ChatDrainer` over the in-process inbox: turns keep each chat's order, run chats
side by side, and hand a chat on without waiting for the janitor; failures are
retried (outage) or set aside (bug), busy chats yield their slot, floods are cut."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter

from sqlalchemy.exc import OperationalError

from bot.drainer import ChatDrainer, Delivery
from bot.inbound_codec import encode
from bot.intake import Backlog
from handlers.kit.ports import Inbound, Kind, Sender
from storage.flood_memory import MemoryFloodGate
from storage.inbox_memory import MemoryInbox
from tests.storage.state_fixtures import TickClock

BOT = 7


def text(update_id: int, chat_id: int) -> Inbound:
    return Inbound(update_id, Kind.TEXT, chat_id, Sender(chat_id), text=f"u{update_id}")


class Recorder:
    """A handler that records what it handled and can be held at one update."""

    def __init__(self, hold_at: int | None = None) -> None:
        self.handled: list[int] = []
        self.hold_at = hold_at
        self.reached = asyncio.Event()
        self.go_on = asyncio.Event()

    async def __call__(self, inbound: Inbound) -> None:
        if inbound.update_id == self.hold_at:
            self.reached.set()
            await self.go_on.wait()
        self.handled.append(inbound.update_id)


async def test_an_update_for_a_busy_chat_is_handled_by_the_running_turn() -> None:
    inbox, recorder = MemoryInbox(), Recorder(hold_at=1)
    drainer = ChatDrainer(inbox, BOT, recorder)
    first = asyncio.create_task(drainer.submit(text(1, 500)))
    await recorder.reached.wait()
    second = asyncio.create_task(drainer.submit(text(2, 500)))
    third = asyncio.create_task(drainer.submit(text(3, 500)))
    await asyncio.sleep(0)  # one step: each stores, then queues on the chat's turn
    assert recorder.handled == []
    recorder.go_on.set()
    await first
    # The first turn found 2 and 3 stored, so it handled them before it let go.
    assert recorder.handled == [1, 2, 3]
    await asyncio.gather(second, third)
    assert recorder.handled == [1, 2, 3]
    assert await inbox.chats(BOT) == []


async def test_a_held_chat_does_not_hold_up_another() -> None:
    recorder = Recorder(hold_at=1)
    drainer = ChatDrainer(MemoryInbox(), BOT, recorder)
    stuck = asyncio.create_task(drainer.submit(text(1, 500)))
    await recorder.reached.wait()
    await drainer.submit(text(2, 501))
    assert recorder.handled == [2]
    recorder.go_on.set()
    await stuck
    assert recorder.handled == [2, 1]


async def test_a_redelivered_update_is_handled_once() -> None:
    recorder = Recorder()
    drainer = ChatDrainer(MemoryInbox(), BOT, recorder)
    for _ in range(3):
        await drainer.submit(text(1, 500))
    assert recorder.handled == [1]


class Notified:
    """Records what the drainer had the user told (the `Notices` port)."""

    def __init__(self) -> None:
        self.said: list[tuple[str, int]] = []

    async def unavailable(self, inbound: Inbound) -> None:
        self.said.append(("unavailable", inbound.update_id))

    async def failed(self, inbound: Inbound) -> None:
        self.said.append(("failed", inbound.update_id))

    async def slow_down(self, inbound: Inbound, first: bool) -> None:
        self.said.append(("slow-down" if first else "dropped", inbound.update_id))


FAST = Delivery(max_tries=3, backoff=0.001, backoff_max=0.002)


def database_away() -> Exception:
    """What SQLAlchemy raises when SQLite cannot be written or PostgreSQL went away."""
    return OperationalError("INSERT INTO orders", {}, sqlite3.OperationalError("locked"))


async def test_a_handler_that_always_fails_is_set_aside_after_its_tries_and_the_chat_goes_on() -> (
    None
):
    tries: list[int] = []
    second = asyncio.Event()

    async def buggy(inbound: Inbound) -> None:
        tries.append(inbound.update_id)
        if inbound.update_id == 1:
            raise KeyError("a bug")
        second.set()

    inbox, notified, counted = MemoryInbox(), Notified(), Counter[str]()
    drainer = ChatDrainer(
        inbox,
        BOT,
        buggy,
        delivery=FAST,
        notices=notified,
        count=lambda event: counted.update([event]),
    )
    await drainer.submit(text(1, 500))
    await drainer.submit(text(2, 500))
    await second.wait()
    assert tries == [1, 1, 1, 2]
    assert notified.said == [("failed", 1)]
    assert [(a.update_id, a.reason) for a in await inbox.aside(BOT)] == [(1, "handler")]
    assert counted == Counter({"failure": 2, "set_aside": 1})
    assert await inbox.chats(BOT) == []
    await drainer.close()


async def test_an_update_that_meets_an_outage_is_kept_and_handled_in_order_once_it_is_back() -> (
    None
):
    handled: list[int] = []
    outage = 2  # the database answers again on the third try
    last = asyncio.Event()

    async def handler(inbound: Inbound) -> None:
        nonlocal outage
        if inbound.chat_id == 500 and outage:
            outage -= 1
            raise database_away()
        handled.append(inbound.update_id)
        if inbound.update_id == 3:
            last.set()

    inbox, notified, counted = MemoryInbox(), Notified(), Counter[str]()
    drainer = ChatDrainer(
        inbox,
        BOT,
        handler,
        delivery=FAST,
        notices=notified,
        count=lambda event: counted.update([event]),
    )
    await drainer.submit(text(1, 500))
    await drainer.submit(text(2, 500))  # waits behind 1, stored
    await drainer.submit(text(4, 600))  # another chat is not held up
    assert handled == [4]
    await drainer.submit(text(3, 500))
    await last.wait()
    assert handled == [4, 1, 2, 3]
    assert notified.said == [("unavailable", 1)]  # told once, not on every try
    assert counted == Counter({"outage": 2})
    assert await inbox.aside(BOT) == [] and await inbox.chats(BOT) == []
    await drainer.close()


async def test_a_busy_chat_hands_its_drain_slot_on_after_a_few_updates() -> None:
    inbox, handled = MemoryInbox(), []
    done = asyncio.Event()

    async def handler(inbound: Inbound) -> None:
        await asyncio.sleep(0)  # a real handler awaits I/O: the other chat's turn gets going
        handled.append(inbound.update_id)
        if len(handled) == 7:
            done.set()

    for update_id in range(1, 7):
        await inbox.put(BOT, 500, update_id, encode(text(update_id, 500)))
    await inbox.put(BOT, 600, 100, encode(text(100, 600)))
    drainer = ChatDrainer(inbox, BOT, handler, max_running=1, delivery=Delivery(turn_updates=2))
    drainer.kick(500)
    drainer.kick(600)
    await done.wait()
    # The flooding chat's first turn yields after two: the other chat is next.
    assert handled == [1, 2, 100, 3, 4, 5, 6]
    await drainer.close()


async def test_a_flooding_user_is_told_to_slow_down_once_and_the_excess_is_dropped() -> None:
    recorder, notified, counted = Recorder(), Notified(), Counter[str]()
    gate = MemoryFloodGate(10.0, TickClock())
    drainer = ChatDrainer(
        MemoryInbox(),
        BOT,
        recorder,
        delivery=Delivery(flood_limit=3),
        notices=notified,
        flood=gate,
        count=lambda event: counted.update([event]),
    )
    for update_id in range(1, 7):
        await drainer.submit(text(update_id, 500))
    await drainer.submit(text(7, 600))
    assert recorder.handled == [1, 2, 3, 7]
    assert notified.said == [("slow-down", 4), ("dropped", 5), ("dropped", 6)]
    assert counted == Counter({"flood": 3})


async def test_updates_the_flood_limit_drops_leave_the_polling_backlog() -> None:
    # Before: only a handler's call closed an update in the backlog, so each dropped
    # one stayed open for good, and after `max_backlog` (10,000) drops in a process's
    # life, polling never fetched again.
    backlog, recorder = Backlog(), Recorder()
    drainer = ChatDrainer(
        MemoryInbox(),
        BOT,
        backlog.tracking(recorder),
        delivery=Delivery(flood_limit=3),
        flood=MemoryFloodGate(10.0, TickClock()),
        skipped=backlog.closed,
    )
    backlog.opened(range(1, 7))
    for update_id in range(1, 7):
        await drainer.submit(text(update_id, 500))
    assert recorder.handled == [1, 2, 3]
    assert len(backlog) == 0
    await drainer.close()


async def test_the_janitor_drains_a_chat_whose_turn_died() -> None:
    inbox, recorder = MemoryInbox(), Recorder(hold_at=1)
    # A worker stored the update and died before its turn began.
    await inbox.put(BOT, 500, 1, encode(text(1, 500)))
    drainer = ChatDrainer(inbox, BOT, recorder, janitor_every=0.01)
    stop = asyncio.Event()
    janitor = asyncio.create_task(drainer.janitor(stop))
    await recorder.reached.wait()
    recorder.go_on.set()
    stop.set()
    await janitor
    await drainer.close()
    assert recorder.handled == [1]
    assert await inbox.chats(BOT) == []
