"""The router over a real SQLite database (the demo county) and in-process state,
with a recording `Messenger`: flow tests that need the database but no Bot API.

`Resident` talks to the router as Telegram would deliver updates: it types, and
presses the buttons of the last message that carried them.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot.app import EXPIRED_GRACE, build_services
from bot.settings import Settings
from domain.clock import ManualClock
from handlers.kit.finishers import FlowPress
from handlers.kit.ports import Inbound, InlineKeyboard, Kind, Markup, Sender
from handlers.kit.presses import unpack
from handlers.kit.router import Router
from handlers.setup import build_router
from storage import SqlDatabase
from storage.state_memory import MemoryStateStore
from tests.county import copy_county
from tests.translator import shared_translator


@dataclass
class Said:
    kind: str  # "send", "edit", "markup", "answer"
    chat_id: int
    text: str | None
    markup: Markup | None = None
    message_id: int = 0


@dataclass
class RecordingMessenger:
    """The outer boundary: what would have gone to the Bot API, in order."""

    said: list[Said] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def send(self, chat_id: int, text: str, markup: Markup | None = None) -> int:
        message_id = next(self._ids)
        self.said.append(Said("send", chat_id, text, markup, message_id))
        return message_id

    async def edit(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboard | None = None
    ) -> None:
        self.said.append(Said("edit", chat_id, text, markup, message_id))

    async def edit_markup(
        self, chat_id: int, message_id: int, markup: InlineKeyboard | None
    ) -> None:
        self.said.append(Said("markup", chat_id, None, markup, message_id))

    async def answer(self, callback_id: str, text: str | None = None, alert: bool = False) -> None:
        self.said.append(Said("answer", 0, text))

    async def send_photo(
        self, chat_id: int, photo: bytes, filename: str, caption: str | None = None
    ) -> int:
        return await self.send(chat_id, caption or "")

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None = None
    ) -> int:
        return await self.send(chat_id, caption or "")


@dataclass
class Desk:
    db: SqlDatabase
    states: MemoryStateStore
    router: Router
    messenger: RecordingMessenger
    path: Path


@asynccontextmanager
async def resident_desk(
    tmp_path: Path, messenger: RecordingMessenger | None = None
) -> AsyncIterator[Desk]:
    path = tmp_path / "desk.db"
    url = f"sqlite+aiosqlite:///{path}"
    copy_county(path)  # the demo county, migrated and seeded once per process
    settings = Settings(_env_file=None, database_url=url)
    db = SqlDatabase.from_url(url)
    clock = ManualClock()
    states = MemoryStateStore(settings.conversation_ttl + EXPIRED_GRACE)
    messenger = messenger or RecordingMessenger()
    services = build_services(settings, db, states, messenger, clock, shared_translator())
    try:
        yield Desk(db, states, build_router(services), messenger, path)
    finally:
        await db.dispose()


class Resident:
    def __init__(self, desk: Desk, user_id: int) -> None:
        self.desk, self.id = desk, user_id
        self._updates = itertools.count(1000 * user_id)
        self._sender = Sender(user_id, "Resident", None, "zh-CN")

    async def command(self, name: str, args: str = "") -> None:
        await self._deliver(Kind.COMMAND, command=name, args=args, text=f"/{name} {args}")

    async def say(self, text: str) -> None:
        await self._deliver(Kind.TEXT, text=text)

    async def locate(self, lat: float, lon: float) -> None:
        await self._deliver(Kind.LOCATION, location=(lat, lon))

    async def press(self, label: str) -> None:
        """Press the button reading `label` on the newest message that has it."""
        message = self.with_button(label)
        await self.press_on(message, label)

    async def press_on(self, message: Said, label: str) -> None:
        assert isinstance(message.markup, InlineKeyboard)
        data = next(b.data for row in message.markup.rows for b in row if b.text == label)
        await self._deliver(
            Kind.BUTTON, data=data, callback_id=f"cb{data}", message_id=message.message_id
        )

    async def press_data(self, data: str, message_id: int = 0) -> None:
        """Press a button carrying `data`, whoever drew it (an old, forged or cut one)."""
        await self._deliver(Kind.BUTTON, data=data, callback_id=f"cb{data}", message_id=message_id)

    def with_button(self, label: str) -> Said:
        for said in reversed(self.desk.messenger.said):
            if isinstance(said.markup, InlineKeyboard) and any(
                b.text == label for row in said.markup.rows for b in row
            ):
                return said
        raise AssertionError(f"no message with a {label!r} button")

    def flow_version(self, message: Said) -> int:
        assert isinstance(message.markup, InlineKeyboard)
        presses = [unpack(b.data) for row in message.markup.rows for b in row]
        return next(p.version for p in presses if isinstance(p, FlowPress))

    async def _deliver(self, kind: Kind, **fields: object) -> None:
        inbound = Inbound(next(self._updates), kind, self.id, self._sender, **fields)  # type: ignore[arg-type]
        await self.desk.router.handle(inbound)
