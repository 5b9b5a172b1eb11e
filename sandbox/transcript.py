"""What a simulated user sees: chat messages, buttons, toasts, and a printer.

These are plain dataclasses parsed from the control API's JSON, so tests read
``message.buttons[0][0].data`` instead of digging through dictionaries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True)
class Button:
    """An inline button (``data``/``url``) or a reply-keyboard button (``request_*``)."""

    text: str
    data: str | None = None
    url: str | None = None
    request_location: bool = False
    request_contact: bool = False


@dataclass(frozen=True)
class FileInfo:
    file_id: str
    file_name: str
    file_size: int
    mime_type: str
    url: str | None = None


@dataclass
class ChatMessage:
    """One entry of a chat: a message as it stands, or one event of the chat's log.

    ``kind`` is "send", "edit" or "edit_markup" for the bot's actions, "message"
    for what the user sent and "press" for a button the user pressed. ``at`` is the
    sandbox's clock when the event was recorded (0 for a message as it stands).
    """

    kind: str
    who: str
    message_id: int
    seq: int = 0
    sender_name: str = ""
    text: str | None = None
    caption: str | None = None
    buttons: list[list[Button]] = field(default_factory=list)
    reply_buttons: list[list[Button]] = field(default_factory=list)
    removed_keyboard: bool = False
    document: FileInfo | None = None
    photo: FileInfo | None = None
    voice: FileInfo | None = None
    edits: int = 0
    data: str | None = None
    at: float = 0.0
    raw: JSON = field(default_factory=dict)

    @property
    def is_edit(self) -> bool:
        return self.kind in {"edit", "edit_markup"}

    @property
    def button_list(self) -> list[Button]:
        return [button for row in self.buttons for button in row]

    def find_button(self, text_or_data: str) -> Button | None:
        """The inline button whose text or callback_data is exactly ``text_or_data``."""
        for button in self.button_list:
            if text_or_data in (button.text, button.data):
                return button
        return None

    @classmethod
    def from_view(cls, view: JSON, kind: str = "send", seq: int = 0) -> ChatMessage:
        document, photo = view.get("document"), view.get("photo")
        return cls(
            kind=kind if view["who"] == "bot" else "message",
            who=view["who"],
            message_id=view["message_id"],
            seq=seq,
            sender_name=view.get("sender_name", ""),
            text=view.get("text"),
            caption=view.get("caption"),
            buttons=[
                [Button(b["text"], b.get("callback_data"), b.get("url")) for b in row]
                for row in view.get("buttons", [])
            ],
            reply_buttons=[
                [
                    Button(b["text"], None, None, b["request_location"], b["request_contact"])
                    for b in row
                ]
                for row in view.get("reply_keyboard", [])
            ],
            removed_keyboard=bool(view.get("remove_keyboard")),
            document=_file(document),
            photo=_file(photo),
            voice=_file(view.get("voice")),
            edits=int(view.get("edits", 0)),
            raw=view,
        )

    @classmethod
    def from_event(cls, event: JSON) -> ChatMessage:
        if "message" in event:
            message = cls.from_view(event["message"], event["kind"], event["seq"])
            message.at = float(event["at"])
            return message
        return cls(
            kind=event["kind"],
            who=event["who"],
            message_id=event["message_id"],
            seq=event["seq"],
            sender_name=event.get("sender_name", ""),
            text=event.get("text"),
            data=event.get("data"),
            at=float(event["at"]),
            raw=event,
        )


@dataclass(frozen=True)
class CallbackAnswer:
    """The bot's answer to a pressed button (a toast, or an alert).

    ``callback_query_id`` is also on the press it answers; ``at`` is the sandbox's
    clock when the answer was recorded.
    """

    seq: int
    callback_query_id: str
    message_id: int
    data: str
    text: str | None
    show_alert: bool
    url: str | None
    at: float = 0.0

    @classmethod
    def from_event(cls, event: JSON) -> CallbackAnswer:
        return cls(
            event["seq"],
            event["callback_query_id"],
            event["message_id"],
            event["data"],
            event.get("text"),
            bool(event.get("show_alert")),
            event.get("url"),
            float(event["at"]),
        )


def parse_event(event: JSON) -> ChatMessage | CallbackAnswer:
    """An entry of a chat's event log, as the client hands it out."""
    if event["kind"] == "answer":
        return CallbackAnswer.from_event(event)
    return ChatMessage.from_event(event)


def _file(raw: JSON | list[JSON] | None) -> FileInfo | None:
    if not raw:
        return None
    if isinstance(raw, list):
        # A user's photo is a list of PhotoSize, smallest first: show the largest.
        return _photo_size(max(raw, key=lambda size: size.get("file_size", 0)))
    return FileInfo(
        raw["file_id"],
        raw.get("file_name", ""),
        int(raw.get("file_size", 0)),
        raw.get("mime_type", ""),
        raw.get("url"),
    )


def _photo_size(size: JSON) -> FileInfo:
    # A PhotoSize has no name nor type: Telegram re-encodes every photo as JPEG.
    return FileInfo(size["file_id"], "", int(size.get("file_size", 0)), "image/jpeg")


def _user_content(message: ChatMessage) -> str:
    raw = message.raw
    if "location" in raw:
        return f"📍 {raw['location']['latitude']}, {raw['location']['longitude']}"
    if "contact" in raw:
        return f"📇 {raw['contact']['phone_number']}"
    if "sticker" in raw:
        return f"[sticker {raw['sticker']['emoji']}]"
    caption = f": {message.caption}" if message.caption else ""
    if "photo" in raw and isinstance(raw["photo"], list):
        return "🖼 photo" + caption
    if message.voice:
        return "🎤 voice" + caption
    if message.document:
        return f"📎 {message.document.file_name}" + caption
    if "video" in raw:
        return "🎬 video" + caption
    return message.text or ""


def _bot_content(message: ChatMessage) -> str:
    parts = [message.text or ""]
    if message.document:
        parts.append(f"📎 {message.document.file_name} ({message.document.file_size} bytes)")
    if message.photo:
        parts.append("🖼 photo")
    if message.voice:
        parts.append("🎤 voice")
    if message.caption:
        parts.append(message.caption)
    if message.buttons:
        parts.append(" ".join(f"[{button.text}]" for button in message.button_list))
    if message.reply_buttons:
        keys = " ".join(f"[{b.text}]" for row in message.reply_buttons for b in row)
        parts.append(f"⌨ {keys}")
    if message.removed_keyboard:
        parts.append("⌨ removed")
    return "\n".join(part for part in parts if part)


def format_line(entry: ChatMessage | CallbackAnswer, bot_name: str = "bot") -> str:
    if isinstance(entry, CallbackAnswer):
        shown = "alert" if entry.show_alert else "toast"
        return f"🤖 {bot_name} ({shown}): {entry.text or '✓'}"
    if entry.kind == "press":
        return f"👤 {entry.sender_name} pressed [{entry.text}]"
    if entry.who == "user":
        head, body = f"👤 {entry.sender_name}", _user_content(entry)
    else:
        head = f"🤖 {bot_name}" + (" ✏️" if entry.is_edit else "")
        body = _bot_content(entry)
    return f"{head}: " + body.replace("\n", "\n    ")


def format_transcript(
    entries: Iterable[ChatMessage | CallbackAnswer], bot_name: str = "bot"
) -> str:
    """One line (or indented block) per message, as the demo prints a chat."""
    return "\n".join(format_line(entry, bot_name) for entry in entries)
