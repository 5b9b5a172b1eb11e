"""`HarnessUser`: a `sandbox.scripted_user.ScriptedUser` on the in-process Telegram.

What a user does is recorded in their chat and turned into the Bot API update
the sandbox would queue (the same `sandbox.objects` records, so the same JSON),
then handed to the bot's intake as a transport hands a polled batch. Reading
waits on the chat's condition, as the sandbox's long poll does: never a sleep.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.objects import JSON, StoredFile, StoredMessage, fake_photo, fake_sticker, sim_user
from sandbox.scripted_user import ScriptedUser
from sandbox.state import BotState, Chat
from sandbox.transcript import CallbackAnswer, ChatMessage, format_transcript, parse_event
from sandbox.validation import has_callback

from .telegram import InProcessServer

# Hands one Bot API update to the bot (the harness's intake).
Deliver = Callable[[JSON], Awaitable[None]]
# Returns once every update handed to the bot so far was handled.
Settle = Callable[[], Awaitable[None]]


class UserFactory:
    """`SandboxClient.user` without a client: `harness.sb.user(id, name, lang)`."""

    def __init__(self, server: InProcessServer, deliver: Deliver, settle: Settle) -> None:
        self.server = server
        self._deliver = deliver
        self._settle = settle

    def user(
        self,
        user_id: int,
        first_name: str,
        language_code: str = "zh-CN",
        username: str | None = None,
    ) -> HarnessUser:
        return HarnessUser(
            self.server, self._deliver, self._settle, user_id, first_name, language_code, username
        )

    async def violations(self) -> list[JSON]:
        """Requests the Bot API spec refuses (``who: bot``), or answers of the sandbox's
        it refuses (``who: sandbox``), as `SandboxClient.violations`."""
        return list(self.server.bot.violations)


class HarnessUser(ScriptedUser):
    """A Telegram user in a private chat with the bot, on the in-process Telegram."""

    def __init__(
        self,
        server: InProcessServer,
        deliver: Deliver,
        settle: Settle,
        user_id: int,
        first_name: str,
        language_code: str,
        username: str | None,
    ) -> None:
        super().__init__(user_id, first_name, language_code, username)
        self.server = server
        self._deliver = deliver
        self._settle = settle

    @property
    def _bot(self) -> BotState:
        return self.server.bot

    async def _update(self, kind: str, payload: JSON) -> int:
        """Number the update as the sandbox does and hand it to the bot."""
        bot = self._bot
        update_id = bot.next_update_id
        bot.next_update_id += 1
        bot.stats.updates_injected += 1
        await self._deliver({kind: payload, "update_id": update_id})
        return update_id

    async def _message(self, **fields: Any) -> int:
        bot = self._bot
        chat = bot.chat_for_user(sim_user(self._user()))
        message = bot.add_message(chat, "user", **fields)
        event = {"kind": "message", "who": "user", "message_id": message.message_id}
        await bot.record(chat.id, {**event, "message": message.to_view()})
        return await self._update("message", message.to_telegram())

    async def send(self, text: str) -> int:
        if not text:
            raise AssertionError("Telegram users cannot send empty messages")
        return await self._message(text=text)

    async def _press(self, message_id: int, data: str) -> int:
        bot = self._bot
        user = sim_user(self._user())
        chat = bot.chats.get(self.id)
        stored = chat.messages.get(message_id) if chat else None
        if chat is None or stored is None or stored.who != "bot":
            raise AssertionError("no bot message with that message_id in that chat")
        if not has_callback(stored.reply_markup, data):
            raise AssertionError(f"message {message_id} has no button with data {data!r}")
        bot.chat_for_user(user)
        query_id = f"{bot.user['id']}{bot.serial():08d}"
        bot.pending_callbacks[query_id] = {
            "id": query_id,
            "chat_id": chat.id,
            "message_id": message_id,
            "data": data,
            "user_id": user["id"],
        }
        await bot.record(chat.id, _press_event(stored, data, query_id, user))
        query = {
            "id": query_id,
            "from": user,
            "message": stored.to_telegram(),
            "chat_instance": f"-{chat.id}{bot.user['id']}",
            "data": data,
        }
        return await self._update("callback_query", query)

    async def share_location(self, latitude: float, longitude: float) -> int:
        location = {"latitude": latitude, "longitude": longitude}
        return await self._message(extra={"location": location})

    async def share_contact(self, phone_number: str) -> int:
        # Sharing one's own contact (the request_contact button) carries one's id.
        contact = {"phone_number": phone_number, "first_name": self.first_name, "user_id": self.id}
        return await self._message(extra={"contact": contact})

    async def send_photo(self, caption: str | None = None, data: bytes | None = None) -> int:
        """A photo (in three sizes, each holding ``data``, or zero bytes if none)."""
        bot = self._bot
        sizes = [bot.keep_file(size) for size in fake_photo(bot.serial(), data)]
        extra = {"photo": [size.photo_sizes()[0] for size in sizes]}
        return await self._message(caption=caption, extra=extra)

    def _file(
        self, kind: str, data: bytes | None, name: str, mime_type: str, duration: int = 0
    ) -> StoredFile:
        # As the sandbox's control API keeps a file a user sends.
        bot = self._bot
        serial, data = bot.serial(), data or b""
        stored = StoredFile(
            f"sbx-user-{kind}-{serial}",
            f"sbxu{kind[0]}{serial}",
            name,
            mime_type,
            len(data),
            data,
            kind=kind,
            duration=duration,
            width=640,
            height=360,
        )
        return bot.keep_file(stored)

    async def send_voice(self, data: bytes, duration: int = 1, caption: str | None = None) -> int:
        stored = self._file("voice", data, "", "audio/ogg", duration)
        return await self._message(caption=caption, voice=stored)

    async def send_document(
        self,
        data: bytes,
        file_name: str,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> int:
        stored = self._file("document", data, file_name or "file", mime_type)
        return await self._message(caption=caption, document=stored)

    async def send_video(self, data: bytes, duration: int = 1, caption: str | None = None) -> int:
        stored = self._file("video", data, "video.mp4", "video/mp4", duration)
        return await self._message(caption=caption, extra={"video": stored.video()})

    async def send_sticker(self, emoji: str = "👍") -> int:
        sticker = fake_sticker(self._bot.serial(), emoji or "👍")
        return await self._message(extra={"sticker": sticker})

    async def block(self, blocked: bool = True) -> None:
        self._chat("block").blocked = blocked

    def _chat(self, doing: str) -> Chat:
        chat = self._bot.chats.get(self.id)
        if chat is None:
            raise AssertionError(f"sandbox {doing} failed: that user never wrote to the bot")
        return chat

    async def catch_up(self) -> None:
        """Mark everything the bot did so far as consumed: here, once everything sent
        to it so far was handled, so a fan-out still running in another chat (over
        HTTP it is usually done by then) cannot land after the mark."""
        await self._settle()
        self._seen = self._answers_seen = len(self._chat("transcript").events)

    async def transcript(self) -> list[ChatMessage]:
        """Every message of the chat as it stands now, in order."""
        chat = self._chat("transcript")
        return [ChatMessage.from_view(m.to_view()) for m in chat.messages.values()]

    async def history(self) -> list[ChatMessage | CallbackAnswer]:
        """The chat's event log: messages, presses, edits and answers, in order."""
        chat = self._bot.chats.get(self.id)
        return [parse_event(event) for event in (chat.events if chat else [])]

    async def _events(self, after: int, wait: float, kinds: str) -> list[JSON]:
        wanted = frozenset(kinds.split(","))
        found = await self._bot.wait_events(
            self.id, after, wait, lambda e: e["who"] == "bot" and e["kind"] in wanted
        )
        return found or []

    async def _transcript_text(self) -> str:
        return format_transcript(await self.history())


def _press_event(message: StoredMessage, data: str, query_id: str, user: JSON) -> JSON:
    label = next(
        button["text"]
        for row in (message.reply_markup or {})["inline_keyboard"]
        for button in row
        if button.get("callback_data") == data
    )
    return {
        "kind": "press",
        "who": "user",
        "message_id": message.message_id,
        "data": data,
        "callback_query_id": query_id,
        "text": label,
        "sender_name": user["first_name"],
    }
