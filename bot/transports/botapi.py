"""Bot API JSON in and out, as pure functions: no I/O, no library objects.

Both transports share these: `parse_update` turns an update into one `Inbound`,
`markup_to_json` renders our keyboards, `check_response` maps a Bot API answer
to its result or to a typed exception, and `redact`/`scrub`/`failure` keep
secrets and personal data out of logs.
"""

from __future__ import annotations

import json
import re
import traceback
from pathlib import PurePath
from typing import Any

from handlers.kit.ports import (
    Attachment,
    BadRequest,
    Inbound,
    InlineKeyboard,
    Kind,
    Markup,
    MessengerError,
    PhotoSize,
    RemoveKeyboard,
    ReplyKeyboard,
    Sender,
    Unreachable,
)

__all__ = [
    "ALLOWED_UPDATES",
    "ApiError",
    "MaybeSent",
    "NetworkError",
    "RetryAfter",
    "ServerError",
    "check_response",
    "failure",
    "get_updates_params",
    "markup_to_json",
    "parse_update",
    "redact",
    "salvage_press",
    "scrub",
    "split_command",
]

# We only read these; asking for nothing else saves Telegram and us the traffic.
ALLOWED_UPDATES: tuple[str, ...] = ("message", "callback_query")

# Telegram commands are 1-32 latin letters, digits and underscores.
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+(.*))?$", re.DOTALL)
_TOKEN_IN_URL = re.compile(r"/bot\d+:[A-Za-z0-9_-]+")


class RetryAfter(MessengerError):
    """429: flood control; the call may be repeated after `seconds`."""

    def __init__(self, seconds: float, method: str = "") -> None:
        super().__init__(f"{method or 'request'}: retry after {seconds} s")
        self.seconds = seconds
        self.method = method


class ServerError(MessengerError):
    """5xx: the Bot API server failed; worth retrying."""

    def __init__(self, status: int, description: str = "") -> None:
        super().__init__(f"server error {status}: {description}".rstrip(": "))
        self.status = status


class NetworkError(MessengerError):
    """The request did not get an answer (connection refused or reset, timeout)."""


class MaybeSent(NetworkError):
    """The request was written but not answered in time: Telegram may have done it.
    A send is not repeated after this (a second copy is worse than a lost one)."""


class ApiError(MessengerError):
    """Any other refusal: 401/404 (bad token), 409 (conflict with a webhook), ..."""

    def __init__(self, status: int, description: str = "") -> None:
        super().__init__(f"{status}: {description}")
        self.status = status
        self.description = description


# --- updates -------------------------------------------------------------------------


def parse_update(update: dict[str, Any], bot_username: str | None = None) -> Inbound | None:
    """One Bot API update as an `Inbound`, or None when we do not act on it.

    Edited messages, channel posts and the like give None, and so does a command
    addressed to another bot (`/start@other_bot`) when `bot_username` is known.
    """
    update_id = int(update["update_id"])
    if "message" in update:
        return _parse_message(update_id, update["message"], bot_username)
    if "callback_query" in update:
        return _parse_callback(update_id, update["callback_query"])
    return None


def get_updates_params(offset: int | None, wait: float, limit: int = 100) -> dict[str, Any]:
    """getUpdates' parameters, waiting `wait` s; `timeout` and `limit` are Integers."""
    return {
        "offset": offset,
        "timeout": max(0, int(wait)),
        "limit": max(1, min(100, int(limit))),
        "allowed_updates": list(ALLOWED_UPDATES),
    }


def salvage_press(update: Any) -> Inbound | None:
    """What must still be done for an update that could not be parsed: a press that
    names its query and its presser is handled as an unknown button (so it is
    answered, in the presser's language); anything else gives None."""
    query = update.get("callback_query") if isinstance(update, dict) else None
    if not isinstance(query, dict):
        return None
    query_id, user = query.get("id"), query.get("from")
    user_id = user.get("id") if isinstance(user, dict) else None
    update_id = update.get("update_id")
    if not all(isinstance(n, int) for n in (user_id, update_id)) or not isinstance(
        query_id, str | int
    ):
        return None
    language = user.get("language_code")  # type: ignore[union-attr]
    locale = language if isinstance(language, str) else None
    return Inbound(
        update_id=int(update_id),  # type: ignore[arg-type]
        kind=Kind.BUTTON,
        chat_id=int(user_id),  # type: ignore[arg-type]
        sender=Sender(id=int(user_id), language_code=locale),  # type: ignore[arg-type]
        callback_id=str(query_id),
    )


def _sender(user: dict[str, Any] | None, fallback_id: int) -> Sender:
    if not user:
        return Sender(id=fallback_id)
    return Sender(
        id=int(user["id"]),
        first_name=user.get("first_name", ""),
        username=user.get("username"),
        language_code=user.get("language_code"),
    )


def _parse_message(
    update_id: int, message: dict[str, Any], bot_username: str | None
) -> Inbound | None:
    chat = message["chat"]
    base: dict[str, Any] = {
        "update_id": update_id,
        "chat_id": int(chat["id"]),
        "chat_type": str(chat.get("type", "private")),
        "sender": _sender(message.get("from"), int(chat["id"])),
        "message_id": message.get("message_id"),
        "reply_to": (message.get("reply_to_message") or {}).get("message_id"),
    }
    if "text" in message:
        return _parse_text(base, message["text"], bot_username)
    if "location" in message:
        where = message["location"]
        location = (float(where["latitude"]), float(where["longitude"]))
        return Inbound(kind=Kind.LOCATION, location=location, **base)
    if "contact" in message:
        contact = message["contact"]
        user_id = contact.get("user_id")
        return Inbound(
            kind=Kind.CONTACT,
            phone=contact.get("phone_number"),
            contact_user_id=int(user_id) if user_id is not None else None,
            **base,
        )
    return _parse_media(base, message)


# Which message field holds which kind of file; a message carries one at most.
_MEDIA = (("voice", Kind.VOICE), ("video", Kind.VIDEO), ("document", Kind.DOCUMENT))


def _parse_media(base: dict[str, Any], message: dict[str, Any]) -> Inbound:
    """A photo, voice note, video or document as file ids, with its caption; any
    other message (a sticker, audio, a poll...) is `Kind.OTHER`, caption kept."""
    caption = message.get("caption", "")
    if "animation" in message:  # a GIF also fills `document`, for old clients: not one
        return Inbound(kind=Kind.OTHER, text=caption, **base)
    if "photo" in message:
        photos = tuple(_photo_size(size) for size in message["photo"])
        return Inbound(kind=Kind.PHOTO, text=caption, photos=photos, **base)
    for field, kind in _MEDIA:
        if field in message:
            media: dict[str, Any] = {field: _attachment(message[field])}
            return Inbound(kind=kind, text=caption, **media, **base)
    return Inbound(kind=Kind.OTHER, text=caption, **base)


def _photo_size(size: dict[str, Any]) -> PhotoSize:
    return PhotoSize(
        file_id=str(size["file_id"]),
        file_unique_id=str(size["file_unique_id"]),
        width=int(size["width"]),
        height=int(size["height"]),
        file_size=_int(size.get("file_size")),
    )


def _attachment(raw: dict[str, Any]) -> Attachment:
    """Voice, Video and Document share their ids; each adds some of the rest."""
    return Attachment(
        file_id=str(raw["file_id"]),
        file_unique_id=str(raw["file_unique_id"]),
        file_size=_int(raw.get("file_size")),
        mime_type=raw.get("mime_type"),
        file_name=raw.get("file_name"),
        duration=_int(raw.get("duration")),
        width=_int(raw.get("width")),
        height=_int(raw.get("height")),
    )


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _parse_text(base: dict[str, Any], text: str, bot_username: str | None) -> Inbound | None:
    parsed = split_command(text)
    if parsed is None:
        return Inbound(kind=Kind.TEXT, text=text, **base)
    command, target, args = parsed
    if not addressed_to_us(target, bot_username):
        return None
    return Inbound(kind=Kind.COMMAND, text=text, command=command, args=args, **base)


def split_command(text: str) -> tuple[str, str | None, str] | None:
    """ "/Start@civic_bot  a b" -> ("start", "civic_bot", "a b"); None if not a command."""
    match = _COMMAND.match(text)
    if match is None:
        return None
    command, target, args = match.groups()
    return command.lower(), target, (args or "").strip()


def addressed_to_us(target: str | None, bot_username: str | None) -> bool:
    """False for "/cmd@other_bot" (in a group) when we know our own username."""
    return not (target and bot_username and target.lower() != bot_username.lower())


def _parse_callback(update_id: int, query: dict[str, Any]) -> Inbound:
    sender = _sender(query.get("from"), 0)
    message = query.get("message") or {}
    chat = message.get("chat") or {}
    # A button under an inline-mode message has no chat; answer in private.
    chat_id = int(chat["id"]) if "id" in chat else sender.id
    return Inbound(
        update_id=update_id,
        kind=Kind.BUTTON,
        chat_id=chat_id,
        chat_type=chat.get("type", "private"),
        sender=sender,
        data=query.get("data", ""),
        callback_id=str(query["id"]),
        message_id=message.get("message_id"),
    )


# --- markup --------------------------------------------------------------------------


def markup_to_json(markup: Markup | None) -> dict[str, Any] | None:
    """Our keyboard as Bot API `reply_markup`; None stays None (send no markup)."""
    if markup is None:
        return None
    if isinstance(markup, InlineKeyboard):
        return {
            "inline_keyboard": [
                [{"text": b.text, "callback_data": b.data} for b in row] for row in markup.rows
            ]
        }
    if isinstance(markup, ReplyKeyboard):
        rows = []
        for row in markup.rows:
            buttons: list[dict[str, Any]] = []
            for b in row:
                button: dict[str, Any] = {"text": b.text}
                if b.request == "location":
                    button["request_location"] = True
                elif b.request == "contact":
                    button["request_contact"] = True
                buttons.append(button)
            rows.append(buttons)
        return {"keyboard": rows, "resize_keyboard": True, "one_time_keyboard": markup.one_time}
    if isinstance(markup, RemoveKeyboard):
        return {"remove_keyboard": True}
    raise TypeError(f"unknown markup {markup!r}")


# --- responses -----------------------------------------------------------------------


def check_response(method: str, status: int, payload: Any, *, chat_id: int | None = None) -> Any:
    """The `result` of a successful call; otherwise raise the matching error.

    `payload` is the decoded JSON body, or None when the body was not JSON
    (a proxy's HTML error page, say). `chat_id` names the chat in `Unreachable`.
    """
    body = payload if isinstance(payload, dict) else {}
    if 200 <= status < 300 and body.get("ok") is True:
        return body.get("result")
    code = int(body.get("error_code") or status)
    description = str(body.get("description") or "")
    parameters = body.get("parameters") or {}
    if code == 429 or "retry_after" in parameters:
        raise RetryAfter(float(parameters.get("retry_after", 1)), method)
    if code >= 500 or (status >= 500 and not body):
        raise ServerError(code, description)
    if code == 403 or (code == 400 and never_started(description)):
        raise Unreachable(chat_id if chat_id is not None else 0)
    if code == 400:
        raise BadRequest(description or f"{method}: bad request")
    raise ApiError(code, description or f"{method}: unexpected answer")


def never_started(description: str) -> bool:
    """Is this 400 Telegram's "chat not found": a user who never started the bot (or
    deleted the chat)? Such a person is unreachable like one who blocked it (403)."""
    return "chat not found" in description.lower()


# --- logging hygiene -----------------------------------------------------------------


def redact(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters fit for a log line: no words, no phone numbers, no places.

    Texts, captions and keyboards show only their size: a prefix of a text is
    already "用 13812345678" or an address, and a button carries the same words.
    """
    safe: dict[str, Any] = {}
    for key, value in params.items():
        if key in {"text", "caption"} and isinstance(value, str):
            safe[key] = f"<{len(value)} chars>"
        elif key == "reply_markup":
            safe[key] = _markup_shape(value)
        elif "phone" in key or key in _PLACES:
            safe[key] = "***"
        elif isinstance(value, bytes | bytearray):
            safe[key] = f"<{len(value)} bytes>"
        else:
            safe[key] = value
    return safe


_PLACES = frozenset({"latitude", "longitude", "address", "title", "first_name", "last_name"})


def _markup_shape(markup: Any) -> str:
    """ "<inline_keyboard 2x3>": which keyboard, its rows and widest row, no words."""
    if hasattr(markup, "to_dict"):  # python-telegram-bot's markup objects
        markup = markup.to_dict()
    if isinstance(markup, str):
        try:
            markup = json.loads(markup)
        except ValueError:
            return f"<{len(markup)} chars>"
    if not isinstance(markup, dict):
        return f"<{type(markup).__name__}>"
    for kind in ("inline_keyboard", "keyboard"):
        rows = markup.get(kind)
        if isinstance(rows, list):
            widest = max((len(r) for r in rows if isinstance(r, list)), default=0)
            return f"<{kind} {len(rows)}x{widest}>"
    return f"<{' '.join(sorted(markup))}>"


def failure(exc: BaseException) -> str:
    """An exception fit for a log line: its type and where it was raised.

    Never its message or a traceback's: parsing `float("3号楼")` fails with the
    data in the message, and a payload that did not parse is somebody's message.
    """
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    return f"{type(exc).__name__} at {PurePath(last.filename).name}:{last.lineno} in {last.name}"


def scrub(text: str) -> str:
    """Remove a bot token from a URL or an error message that quotes one."""
    return _TOKEN_IN_URL.sub("/bot<token>", text)


def commands_scope(chat_id: int | None, language: str | None) -> dict[str, Any]:
    """setMyCommands' and deleteMyCommands' scope and language_code parameters."""
    scope = {"type": "default"} if chat_id is None else {"type": "chat", "chat_id": chat_id}
    params: dict[str, Any] = {"scope": scope}
    if language:
        params["language_code"] = language
    return params
