"""The polling loop against a Bot API stand-in: a batch is stored before it is confirmed."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.drainer import ChatDrainer
from bot.intake import Backlog, Intake
from bot.poller import Poller
from bot.transports.botapi import parse_update
from handlers.kit.ports import Inbound
from storage.inbox_memory import MemoryInbox

BOT = 7


def text(update_id: int, chat_id: int) -> dict[str, Any]:
    chat = {"id": chat_id, "type": "private"}
    message = {"message_id": update_id, "date": 1, "chat": chat, "text": f"m{update_id}"}
    return {"update_id": update_id, "message": message}


class FakeBotApi:
    """getUpdates as a script of batches; then it long-polls until cancelled."""

    def __init__(self, inbox: MemoryInbox, batches: list[list[dict[str, Any]]]) -> None:
        self.inbox = inbox
        self.batches = batches
        self.offsets: list[int | None] = []
        self.stored_when_asked: list[list[int]] = []  # chats with stored work at each call
        self.confirmed: list[int] = []
        self.parked = asyncio.Event()

    def parse(self, update: dict[str, Any]) -> Inbound | None:
        return parse_update(update)

    async def prepare_polling(self) -> None:
        return None

    async def get_updates(self, offset: int | None, wait: float, limit: int) -> Any:
        self.offsets.append(offset)
        self.stored_when_asked.append(sorted(await self.inbox.chats(BOT)))
        if self.batches:
            return self.batches.pop(0)
        self.parked.set()
        await asyncio.Event().wait()  # a long poll that never returns

    async def confirm_updates(self, offset: int) -> None:
        self.confirmed.append(offset)


async def test_a_batch_is_stored_before_the_next_get_updates_confirms_it() -> None:
    inbox = MemoryInbox()
    gate = asyncio.Event()
    handled: list[int] = []

    async def handle(inbound: Inbound) -> None:
        await gate.wait()  # nothing is handled yet when the next batch is asked for
        handled.append(inbound.update_id)

    api = FakeBotApi(inbox, [[text(1, 501), text(2, 502), text(3, 501)], [text(4, 503)]])
    backlog = Backlog()
    drainer = ChatDrainer(inbox, BOT, backlog.tracking(handle))
    poller = Poller(api, Intake(api.parse, drainer, backlog))  # type: ignore[arg-type]
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    await api.parked.wait()
    assert api.offsets == [None, 4, 5]
    # Asking with offset 4 confirms 1-3: by then all three were stored, none handled.
    assert api.stored_when_asked[1] == [501, 502]
    assert api.stored_when_asked[2] == [501, 502, 503]
    assert handled == []
    gate.set()
    stop.set()
    await task
    await drainer.close()
    assert sorted(handled) == [1, 2, 3, 4]
    assert api.confirmed == [5]  # the stop confirms what was stored, then returns


async def test_polling_waits_while_the_backlog_is_full() -> None:
    inbox = MemoryInbox()
    gate, both_started = asyncio.Event(), asyncio.Event()
    started: list[int] = []

    async def handle(inbound: Inbound) -> None:
        started.append(inbound.update_id)
        if len(started) == 2:
            both_started.set()
        await gate.wait()

    api = FakeBotApi(inbox, [[text(1, 501), text(2, 502)], [text(3, 503)]])
    backlog = Backlog()
    drainer = ChatDrainer(inbox, BOT, backlog.tracking(handle))
    poller = Poller(api, Intake(api.parse, drainer, backlog), max_backlog=2)  # type: ignore[arg-type]
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    await both_started.wait()
    assert len(backlog) == 2
    for _ in range(20):
        await asyncio.sleep(0)  # give it every chance to fetch again: it must not
    assert api.offsets == [None]
    gate.set()
    await api.parked.wait()
    assert api.offsets == [None, 3, 4]
    stop.set()
    await task
    await drainer.close()
