"""Pure checks of Bot API arguments, answering with Telegram's own error texts.

Nothing here touches server state: each function takes plain values and either
returns a normalised value or raises :class:`ApiError`.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_TEXT_UTF16 = 4096
MAX_CALLBACK_DATA_BYTES = 64

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description, optional retry_after."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def utf16_len(text: str) -> int:
    """Telegram measures text in UTF-16 code units, so an emoji counts twice."""
    return len(text.encode("utf-16-le")) // 2


def check_text(text: str | None) -> str:
    if text is None or not text.strip():
        raise bad_request("message text is empty")
    if utf16_len(text) > MAX_TEXT_UTF16:
        raise bad_request("message is too long")
    return text


def parse_markup(raw: object) -> dict[str, Any] | None:
    """Accept reply_markup as an object or as its JSON string (form and multipart)."""
    if raw is None or raw == "":
        return None
    value = raw
    if isinstance(raw, str):
        try:
            value = json.loads(raw)
        except ValueError:
            raise bad_request("can't parse reply keyboard markup JSON object") from None
    if not isinstance(value, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return check_markup(value)


def check_markup(markup: dict[str, Any]) -> dict[str, Any]:
    if "inline_keyboard" in markup:
        _check_rows(markup["inline_keyboard"])
        for row in markup["inline_keyboard"]:
            for button in row:
                _check_inline_button(button)
    elif "keyboard" in markup:
        _check_rows(markup["keyboard"])
        for row in markup["keyboard"]:
            for button in row:
                if isinstance(button, str):  # the API allows bare strings
                    continue
                if not isinstance(button, dict) or not button.get("text"):
                    raise bad_request(
                        'can\'t parse keyboard button: Field "text" must be of type String'
                    )
    elif not (markup.get("remove_keyboard") or markup.get("force_reply")):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def _check_rows(rows: object) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")


def _check_inline_button(button: object) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not data:
            raise bad_request("BUTTON_DATA_INVALID")
        if len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
        return
    actions = {
        "url",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "callback_game",
        "pay",
        "web_app",
        "copy_text",
    }
    if not actions & button.keys():
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )


def inline_keyboard(markup: dict[str, Any] | None) -> list[list[dict[str, Any]]] | None:
    """The inline keyboard of a markup, or None (only those travel inside a Message)."""
    if markup and "inline_keyboard" in markup:
        return markup["inline_keyboard"]
    return None


def has_callback(markup: dict[str, Any] | None, data: str) -> bool:
    rows = inline_keyboard(markup) or []
    return any(button.get("callback_data") == data for row in rows for button in row)


def check_commands(raw: object) -> list[dict[str, str]]:
    value = json.loads(raw) if isinstance(raw, str) else raw
    if not isinstance(value, list):
        raise bad_request("can't parse commands JSON object")
    commands: list[dict[str, str]] = []
    for item in value:
        if not isinstance(item, dict) or not _COMMAND_RE.match(str(item.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        description = str(item.get("description", ""))
        if not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        commands.append({"command": str(item["command"]), "description": description})
    return commands
