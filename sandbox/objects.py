"""The sandbox's stored records and their two renderings.

``to_telegram`` renders a record as the Bot API object a bot receives (it must
parse with python-telegram-bot); ``to_view`` renders it for the control API,
flattened for tests to read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .validation import inline_keyboard, utf16_len

JSON = dict[str, Any]


@dataclass
class StoredFile:
    """A file the bot or a user sent, with its bytes (a URL is kept without fetching
    it, so it has none). getFile gives it a `file_path`, served under /file/."""

    file_id: str
    file_unique_id: str
    file_name: str
    mime_type: str
    file_size: int
    data: bytes = b""
    url: str | None = None
    kind: str = "document"  # photo, voice, video, document: its folder under /file/
    duration: int = 0  # voice, video
    width: int = 800  # photo, video
    height: int = 600
    file_path: str | None = None

    def telegram_file(self) -> JSON:
        """getFile's answer, a File."""
        answer: JSON = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
        }
        if self.file_path is not None:
            answer["file_path"] = self.file_path
        return answer

    def voice(self) -> JSON:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "duration": self.duration,
            "mime_type": self.mime_type,
            "file_size": self.file_size,
        }

    def video(self) -> JSON:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": self.width,
            "height": self.height,
            "duration": self.duration,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": self.file_size,
        }

    def document(self) -> JSON:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": self.file_size,
        }

    def photo_sizes(self) -> list[JSON]:
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": self.width,
                "height": self.height,
                "file_size": self.file_size,
            }
        ]

    def view(self) -> JSON:
        return {**self.document(), "url": self.url}


@dataclass
class StoredMessage:
    """One message of a chat, from the bot or from the simulated user."""

    message_id: int
    who: str  # "bot" or "user"
    sender: JSON
    chat: JSON
    date: int
    text: str | None = None
    caption: str | None = None
    parse_mode: str | None = None
    reply_markup: JSON | None = None
    document: StoredFile | None = None
    photo: StoredFile | None = None
    voice: StoredFile | None = None
    # Telegram fields of user messages (location, contact, photo sizes, sticker...).
    extra: JSON = field(default_factory=dict)
    edit_date: int | None = None
    history: list[str | None] = field(default_factory=list)

    def to_telegram(self) -> JSON:
        message: JSON = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": self.chat,
            "date": self.date,
        }
        if self.text is not None:
            message["text"] = self.text
            entities = command_entities(self.text) if self.who == "user" else []
            if entities:
                message["entities"] = entities
        if self.caption is not None:
            message["caption"] = self.caption
        if self.document is not None:
            message["document"] = self.document.document()
        if self.photo is not None:
            message["photo"] = self.photo.photo_sizes()
        if self.voice is not None:
            message["voice"] = self.voice.voice()
        message.update(self.extra)
        if self.edit_date is not None:
            message["edit_date"] = self.edit_date
        # Only inline keyboards travel inside a Message; reply keyboards do not.
        rows = inline_keyboard(self.reply_markup)
        if rows is not None:
            message["reply_markup"] = {"inline_keyboard": rows}
        return message

    def to_view(self) -> JSON:
        markup = self.reply_markup or {}
        return {
            "message_id": self.message_id,
            "who": self.who,
            "sender_name": self.sender.get("first_name", ""),
            "date": self.date,
            "text": self.text,
            "caption": self.caption,
            "parse_mode": self.parse_mode,
            "buttons": [
                [_inline_view(button) for button in row]
                for row in inline_keyboard(self.reply_markup) or []
            ],
            "reply_keyboard": [
                [_reply_view(button) for button in row] for row in markup.get("keyboard", [])
            ],
            "remove_keyboard": bool(markup.get("remove_keyboard")),
            "document": self.document.view() if self.document else None,
            "photo": self.photo.view() if self.photo else None,
            "voice": self.voice.view() if self.voice else None,
            **{key: value for key, value in self.extra.items()},
            "edits": len(self.history),
            "history": list(self.history),
        }


def command_entities(text: str) -> list[JSON]:
    """Telegram marks a leading "/command" (with any "@bot" suffix) as bot_command."""
    if not text.startswith("/") or len(text) < 2:
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


def _inline_view(button: JSON) -> JSON:
    return {
        "text": button.get("text", ""),
        "callback_data": button.get("callback_data"),
        "url": button.get("url"),
    }


def _reply_view(button: JSON | str) -> JSON:
    if isinstance(button, str):
        button = {"text": button}
    return {
        "text": button.get("text", ""),
        "request_location": bool(button.get("request_location")),
        "request_contact": bool(button.get("request_contact")),
    }


def bot_user(token: str) -> JSON:
    """The bot's User object; the id is the token's numeric prefix, as on Telegram."""
    bot_id = int(token.split(":", 1)[0])
    username = "civic_sandbox_bot" if bot_id == 1000001 else f"sandbox_{bot_id}_bot"
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": "civic-bot",
        "username": username,
    }


def get_me(user: JSON) -> JSON:
    return {
        **user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def sim_user(raw: JSON) -> JSON:
    """Normalise a simulated user from the control API into a Telegram User."""
    user: JSON = {
        "id": int(raw["id"]),
        "is_bot": False,
        "first_name": str(raw.get("first_name") or f"User {raw['id']}"),
    }
    for key in ("last_name", "username", "language_code"):
        if raw.get(key):
            user[key] = str(raw[key])
    return user


def private_chat(user: JSON) -> JSON:
    chat: JSON = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if key in user:
            chat[key] = user[key]
    return chat


def fake_photo(serial: int, data: bytes | None = None) -> list[StoredFile]:
    """Three sizes of a user's photo, as Telegram sends them (smallest first).

    Telegram re-encodes each size; here every size holds the bytes the user sent,
    or, when none were given, that many zero bytes."""
    sizes = [(90, 67, 1_200), (320, 240, 15_000), (800, 600, 60_000)]
    return [
        StoredFile(
            f"sbx-user-photo-{serial}-{width}",
            f"sbxup{serial}{width}",
            "",
            "image/jpeg",
            len(data) if data is not None else size,
            data if data is not None else bytes(size),
            kind="photo",
            width=width,
            height=height,
        )
        for width, height, size in sizes
    ]


def fake_sticker(serial: int, emoji: str) -> JSON:
    return {
        "file_id": f"sbx-sticker-{serial}",
        "file_unique_id": f"sbxst{serial}",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
    }
