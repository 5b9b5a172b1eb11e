"""The in-memory world of the sandbox: per bot, its chats, updates and files.

Every bot keeps its own update queue (so webhook delivery can later drain the
same queue) and its own chats. Each chat keeps a chronological event log; an
event's ``seq`` is its position and its ``at`` the sandbox's clock (`clock`) when
it was recorded, and waiters are woken through asyncio conditions, never by
polling.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from .objects import JSON, StoredFile, StoredMessage, bot_user, private_chat
from .ratelimit import Limits, RateLimiter
from .validation import bad_request
from .webhook import WebhookDelivery

# Telegram's folders and default extensions for getFile's file_path.
_FOLDERS = {"photo": "photos", "voice": "voice", "video": "videos", "document": "documents"}
_SUFFIXES = {"photo": ".jpg", "voice": ".oga", "video": ".mp4"}


def clock() -> float:
    """The time stamped on every event as ``at``: this process's ``time.monotonic()``.

    Monotonic rather than wall time so that a clock step (NTP) can never put an answer
    before its question: the difference between two events' ``at`` is the time the
    sandbox saw between them. Only differences within one sandbox process mean
    anything; compare nothing else with it.
    """
    return time.monotonic()


@dataclass
class Chat:
    """A private chat between the bot and one simulated user."""

    id: int
    user: JSON
    telegram: JSON
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    events: list[JSON] = field(default_factory=list)
    next_message_id: int = 1
    blocked: bool = False


@dataclass
class Stats:
    updates_injected: int = 0
    updates_delivered: int = 0
    sends: int = 0
    edits: int = 0
    rate_limited: int = 0


class BotState:
    """Everything one bot token sees."""

    def __init__(self, token: str, limits: Limits) -> None:
        self.token = token
        self.user = bot_user(token)
        self.limits = limits
        self.generation = 0
        self._init_world()

    async def reset(self) -> None:
        """Forget everything; long polls in flight return empty-handed."""
        await self.stop_delivery()
        self.generation += 1
        old = [self._updates_cond, *self._chat_conds.values()]
        self._init_world()
        for cond in old:
            async with cond:
                cond.notify_all()

    def _init_world(self) -> None:
        self.chats: dict[int, Chat] = {}
        self.updates: deque[JSON] = deque()
        self.next_update_id = 1
        self.delivered_upto = 0
        self.pending_callbacks: dict[str, JSON] = {}
        self.answers: list[JSON] = []
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.webhook: JSON = {}
        self.delivery: WebhookDelivery | None = None
        self.allowed_updates: list[str] = []
        self.files: dict[str, StoredFile] = {}  # by file_id
        self.file_paths: dict[str, StoredFile] = {}  # by getFile's file_path
        self.limiter = RateLimiter(self.limits)
        self.stats = Stats()
        self.violations: list[JSON] = []  # requests (or answers) the Bot API spec refuses
        self.closed = False
        # Set whenever a long poll (getUpdates or a chat wait) starts waiting, so a
        # test can inject only once the poll is parked, without sleeping.
        self.poll_parked = asyncio.Event()
        self._serial = itertools.count(1)
        self._updates_cond = asyncio.Condition()
        self._chat_conds: dict[int, asyncio.Condition] = {}

    @property
    def updates_cond(self) -> asyncio.Condition:
        """Notified when an update is queued (webhook delivery waits on it too)."""
        return self._updates_cond

    async def start_delivery(self, url: str, secret: str | None, max_connections: int) -> None:
        """Deliver by webhook from now on (kept as is when nothing changed)."""
        if self.delivery is not None and self.delivery.same(url, secret, max_connections):
            return
        await self.stop_delivery()
        self.delivery = WebhookDelivery(self, url, secret, max_connections)
        self.delivery.start()

    async def stop_delivery(self) -> None:
        if self.delivery is not None:
            delivery, self.delivery = self.delivery, None
            await delivery.stop()

    def serial(self) -> int:
        return next(self._serial)

    def keep_file(self, stored: StoredFile) -> StoredFile:
        """Remember a file by its id, for getFile and for sending it again."""
        self.files[stored.file_id] = stored
        return stored

    def file_path(self, stored: StoredFile) -> str:
        """The file's path under /file/bot<token>/, as getFile names it (made once)."""
        if stored.file_path is None:
            folder = _FOLDERS.get(stored.kind, "documents")
            suffix = PurePosixPath(stored.file_name).suffix or _SUFFIXES.get(stored.kind, "")
            stored.file_path = f"{folder}/file_{self.serial()}{suffix}"
            self.file_paths[stored.file_path] = stored
        return stored.file_path

    # chats -----------------------------------------------------------------

    def chat_for_user(self, user: JSON) -> Chat:
        """The user's private chat, registered (or refreshed) by their writing."""
        chat = self.chats.get(user["id"])
        if chat is None:
            chat = Chat(user["id"], user, private_chat(user))
            self.chats[chat.id] = chat
        else:
            chat.user, chat.telegram = user, private_chat(user)
        return chat

    def known_chat(self, chat_id: int | None) -> Chat:
        if chat_id is None:
            raise bad_request("chat_id is empty")
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def add_message(self, chat: Chat, who: str, **fields: Any) -> StoredMessage:
        sender = self.user if who == "bot" else chat.user
        message = StoredMessage(
            chat.next_message_id, who, sender, chat.telegram, int(time.time()), **fields
        )
        chat.next_message_id += 1
        chat.messages[message.message_id] = message
        return message

    async def record(self, chat_id: int, event: JSON) -> JSON:
        """Append an event to the chat's log, stamped with ``seq`` and ``at``, and wake
        whoever waits on that chat. Returns the event as stamped.

        Stamping and appending happen with no await in between, so within a chat ``at``
        never decreases as ``seq`` grows.
        """
        chat = self.chats[chat_id]
        event["seq"] = len(chat.events) + 1
        event["at"] = clock()
        chat.events.append(event)
        cond = self._chat_cond(chat_id)
        async with cond:
            cond.notify_all()
        return event

    def _chat_cond(self, chat_id: int) -> asyncio.Condition:
        cond = self._chat_conds.get(chat_id)
        if cond is None:
            cond = self._chat_conds[chat_id] = asyncio.Condition()
        return cond

    async def wait_events(
        self, chat_id: int, after: int, wait: float, accept: Callable[[JSON], bool]
    ) -> list[JSON] | None:
        """Events after ``after`` that ``accept`` keeps, waiting for at least one.

        Returns None on timeout (or when the server shuts down empty-handed).
        """

        def found() -> list[JSON]:
            chat = self.chats.get(chat_id)
            events = chat.events[after:] if chat else []
            return [event for event in events if accept(event)]

        cond, generation = self._chat_cond(chat_id), self.generation
        async with cond:
            self.poll_parked.set()
            try:
                async with asyncio.timeout(wait):
                    await cond.wait_for(lambda: bool(found()) or self._gone(generation))
            except TimeoutError:
                return None
        return found() or None

    # updates ---------------------------------------------------------------

    async def push_update(self, kind: str, payload: JSON) -> int:
        return await self.push_raw({kind: payload})

    async def push_raw(self, fields: JSON) -> int:
        """Queue an update made of `fields` as given (any shape), numbered here."""
        update_id = self.next_update_id
        self.next_update_id += 1
        self.stats.updates_injected += 1
        kinds = set(fields) - {"update_id"}
        if self.allowed_updates and not kinds & set(self.allowed_updates):
            return update_id  # Telegram never queues what the bot opted out of
        self.updates.append({**fields, "update_id": update_id})
        async with self._updates_cond:
            self._updates_cond.notify_all()
        return update_id

    def confirm(self, offset: int) -> None:
        """Forget updates below ``offset``; a negative offset keeps only the last few."""
        if offset < 0:
            while len(self.updates) > -offset:
                self.updates.popleft()
            return
        while self.updates and self.updates[0]["update_id"] < offset:
            self.updates.popleft()

    async def take_updates(self, limit: int, wait: float) -> list[JSON]:
        if not self.updates and wait > 0:
            cond, generation = self._updates_cond, self.generation
            async with cond:
                self.poll_parked.set()
                try:
                    async with asyncio.timeout(wait):
                        await cond.wait_for(lambda: bool(self.updates) or self._gone(generation))
                except TimeoutError:
                    pass
        batch = list(itertools.islice(self.updates, limit))
        for update in batch:
            if update["update_id"] > self.delivered_upto:
                self.delivered_upto = update["update_id"]
                self.stats.updates_delivered += 1
        return batch

    def _gone(self, generation: int) -> bool:
        return self.closed or self.generation != generation

    async def close(self) -> None:
        """Release every long poll so the server can stop at once."""
        self.closed = True
        await self.stop_delivery()
        for cond in [self._updates_cond, *self._chat_conds.values()]:
            async with cond:
                cond.notify_all()

    def stats_view(self) -> JSON:
        return {
            "updates_injected": self.stats.updates_injected,
            "updates_delivered": self.stats.updates_delivered,
            "sends": self.stats.sends,
            "edits": self.stats.edits,
            "rate_limited": self.stats.rate_limited,
            "spec_violations": len(self.violations),
            "pending_updates": len(self.updates),
            "chats": len(self.chats),
            "webhook_url": self.webhook.get("url", ""),
        }


class World:
    """All bots of one sandbox server, by token."""

    def __init__(self, tokens: list[str], limits: Limits) -> None:
        if not tokens:
            raise ValueError("the sandbox needs at least one bot token")
        self.bots = {token: BotState(token, limits) for token in tokens}
        self.default_token = tokens[0]

    def bot(self, token: str | None = None) -> BotState | None:
        return self.bots.get(token or self.default_token)

    async def close(self) -> None:
        for bot in self.bots.values():
            await bot.close()
