"""The transport boundary: one `Inbound` event in, `Messenger` calls out.

A transport (python-telegram-bot, or raw Bot API over aiohttp) turns a Bot API
update into an `Inbound` and implements `Messenger`; nothing above this module
ever sees Bot API JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal, Protocol

from domain.models import TELEGRAM, Address


class Kind(StrEnum):
    TEXT = "text"
    COMMAND = "command"
    BUTTON = "button"
    LOCATION = "location"
    CONTACT = "contact"
    PHOTO = "photo"
    VOICE = "voice"
    VIDEO = "video"
    DOCUMENT = "document"
    OTHER = "other"  # stickers, audio, anything we do not read


@dataclass(frozen=True, slots=True)
class Sender:
    id: int
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None


@dataclass(frozen=True, slots=True)
class PhotoSize:
    """One size of a photo a user sent (Telegram sends several, smallest first)."""

    file_id: str  # for getFile and to send it again; valid for this bot only
    file_unique_id: str  # the same for every bot and over time; not for downloads
    width: int
    height: int
    file_size: int | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    """A voice note, video or document a user sent. Telegram keeps the bytes; we
    keep the id, and fetch them with `Messenger.get_file` if ever needed."""

    file_id: str
    file_unique_id: str
    file_size: int | None = None
    mime_type: str | None = None
    file_name: str | None = None  # documents and videos
    duration: int | None = None  # seconds: voice and video
    width: int | None = None  # video
    height: int | None = None  # video


@dataclass(frozen=True, slots=True)
class Inbound:
    update_id: int
    kind: Kind
    chat_id: int
    sender: Sender  # `sender.id` is their address on `channel`, not a person id
    chat_type: str = "private"
    text: str = ""  # the message text or caption
    command: str = ""  # lower case, without "/" and "@botname"
    args: str = ""  # what follows the command
    data: str = ""  # callback data of a pressed button
    callback_id: str = ""
    message_id: int | None = None  # for a button: the message that carries it
    reply_to: int | None = None  # a message: the id of the message it replies to
    location: tuple[float, float] | None = None  # (latitude, longitude)
    phone: str | None = None  # a shared contact's phone number
    contact_user_id: int | None = None  # whose contact it is
    # Media, as file ids; the caption is in `text`.
    photos: tuple[PhotoSize, ...] = ()  # every size Telegram sent, as sent
    voice: Attachment | None = None
    video: Attachment | None = None
    document: Attachment | None = None
    # The channel it came through: the router finds the person at (channel, sender.id),
    # and replies go out through that channel's messenger.
    channel: str = TELEGRAM

    @property
    def address(self) -> Address:
        """Where the sender is, as `People.touch` looks them up."""
        return Address(self.channel, str(self.sender.id))

    @property
    def photo(self) -> PhotoSize | None:
        """The largest size of the photo, None when there is no photo."""
        return max(self.photos, key=lambda size: size.width * size.height, default=None)


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button; `data` is packed by `handlers.kit.presses` (<= 64 bytes)."""

    text: str
    data: str


@dataclass(frozen=True, slots=True)
class InlineKeyboard:
    rows: tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class ReplyButton:
    text: str
    request: Literal["location", "contact"] | None = None


@dataclass(frozen=True, slots=True)
class ReplyKeyboard:
    rows: tuple[tuple[ReplyButton, ...], ...]
    one_time: bool = True


@dataclass(frozen=True, slots=True)
class RemoveKeyboard:
    """Take away a reply keyboard shown earlier."""


Markup = InlineKeyboard | ReplyKeyboard | RemoveKeyboard


class MessengerError(Exception):
    """A Bot API call failed in a way the caller may care about."""


class Unreachable(MessengerError):
    """The user blocked the bot (403) or never started it (400 "chat not found")."""

    def __init__(self, chat_id: int) -> None:
        super().__init__(f"chat {chat_id} is unreachable")
        self.chat_id = chat_id


class BadRequest(MessengerError):
    """400: the Bot API refused the call (e.g. message not modified, message gone)."""


class FileTooBig(MessengerError):
    """`Messenger.get_file`: the file is larger than the caller's cap."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"file of {size} bytes is over the {limit} byte cap")
        self.size = size
        self.limit = limit


# A command menu: (command without "/", description), as setMyCommands takes them.
Commands = Sequence[tuple[str, str]]

# The Bot API serves files up to 20 MB to bots; callers usually want far less.
MAX_DOWNLOAD = 20 * 1024 * 1024
SentMedia = Literal["photo", "voice", "document"]


class Messenger(Protocol):
    """What handlers may do to the outside world. Retries and rate limits are the
    transport's job: a call returns once the message is out, or raises."""

    async def send(self, chat_id: int, text: str, markup: Markup | None = None) -> int:
        """Send a text message; returns its message id."""
        ...

    async def edit(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboard | None = None
    ) -> None: ...

    async def edit_markup(
        self, chat_id: int, message_id: int, markup: InlineKeyboard | None
    ) -> None: ...

    async def answer(self, callback_id: str, text: str | None = None, alert: bool = False) -> None:
        """Answer a button press (stops the client's spinner)."""
        ...

    async def send_photo(
        self,
        chat_id: int,
        photo: bytes,
        filename: str,
        caption: str | None = None,
        markup: InlineKeyboard | None = None,
    ) -> int:
        """Upload a photo's bytes (sendPhoto, multipart), with inline buttons under it
        if given; returns its message id."""
        ...

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None = None
    ) -> int: ...

    async def send_document_path(
        self, chat_id: int, path: Path, filename: str, caption: str | None = None
    ) -> int:
        """`send_document` of a file on disk: the raw transport streams it from the
        file (a large export never sits in memory); python-telegram-bot reads it whole."""
        ...

    async def send_file_id(
        self,
        chat_id: int,
        media: SentMedia,
        file_id: str,
        caption: str | None = None,
        markup: InlineKeyboard | None = None,
    ) -> int:
        """Send a file Telegram already has (one a user sent) by its file id, as a
        photo, voice note or document (sendPhoto, sendVoice, sendDocument), with
        inline buttons under it if given."""
        ...

    async def get_file(self, file_id: str, max_bytes: int = MAX_DOWNLOAD) -> bytes:
        """A file's bytes (getFile, then its file URL). Raises `FileTooBig` past
        `max_bytes`, before reading them when the size is known; `BadRequest` when
        the file id is unknown or the file is gone."""
        ...

    async def set_commands(
        self, commands: Commands, chat_id: int | None = None, language: str | None = None
    ) -> None:
        """setMyCommands: the "/" menu of one chat (BotCommandScopeChat), or with
        `chat_id` None the default one for users of `language` (an IETF code, "zh";
        None: everyone without a menu of their language). Paced like a message."""
        ...

    async def delete_commands(
        self, chat_id: int | None = None, language: str | None = None
    ) -> None:
        """deleteMyCommands for that scope and language: the chat falls back to the
        default menus."""
        ...
