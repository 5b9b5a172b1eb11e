"""`ChatDrainer` over the in-process inbox: turns keep each chat's order, run chats
side by side, and hand a chat on without waiting for the janitor."""

from __future__ import annotations

import asyncio

from bot.drainer import ChatDrainer
from bot.inbound_codec import encode
from handlers.ports import Inbound, Kind, Sender
from storage.inbox_memory import MemoryInbox

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


async def test_a_failing_handler_does_not_block_its_chat() -> None:
    handled: list[int] = []

    async def flaky(inbound: Inbound) -> None:
        if inbound.update_id == 1:
            raise RuntimeError("boom")
        handled.append(inbound.update_id)

    drainer = ChatDrainer(MemoryInbox(), BOT, flaky)
    await drainer.submit(text(1, 500))
    await drainer.submit(text(2, 500))
    assert handled == [2]


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
