"""The Bot API methods the sandbox answers, one coroutine each.

A method takes the bot's state and the request's parameters and returns the
``result`` to wrap, or raises :class:`ApiError`. Checks run in Telegram's
apparent order: the chat, blocking, the arguments, then flood control, so an
invalid request does not spend rate-limit tokens.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

from .objects import JSON, StoredFile, StoredMessage, get_me
from .params import Params, UploadedFile
from .state import BotState, Chat, clock
from .validation import (
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    WEBHOOK_CONFLICT,
    ApiError,
    bad_request,
    check_commands,
    check_text,
    inline_keyboard,
    parse_markup,
)

Method = Callable[[BotState, Params], Awaitable[Any]]
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
MAX_CAPTION = 1024


def _chat(bot: BotState, p: Params) -> Chat:
    raw = p.get_str("chat_id")
    if raw is None or raw == "":
        raise bad_request("chat_id is empty")
    try:
        chat_id = int(raw)
    except ValueError:  # "@username": only channels have those, and we have none
        raise bad_request("chat not found") from None
    chat = bot.known_chat(chat_id)
    if chat.blocked:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return chat


def _throttle(bot: BotState, chat_id: int) -> None:
    retry_after = bot.limiter.acquire(chat_id)
    if retry_after:
        bot.stats.rate_limited += 1
        raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


async def _announce(bot: BotState, chat: Chat, kind: str, message: StoredMessage) -> None:
    event = {"kind": kind, "who": "bot", "message_id": message.message_id}
    await bot.record(chat.id, {**event, "message": message.to_view()})


async def get_me_method(bot: BotState, p: Params) -> JSON:
    return get_me(bot.user)


async def get_updates(bot: BotState, p: Params) -> list[JSON]:
    if bot.webhook.get("url"):
        raise ApiError(409, WEBHOOK_CONFLICT)
    allowed = p.get_json("allowed_updates")
    if isinstance(allowed, list):
        bot.allowed_updates = [str(kind) for kind in allowed]
    offset = p.get_int("offset")
    if offset:
        bot.confirm(offset)
    limit = min(max(p.get_int("limit") or 100, 1), 100)
    timeout = max(p.get_int("timeout") or 0, 0)
    return await bot.take_updates(limit, float(timeout))


async def send_message(bot: BotState, p: Params) -> JSON:
    chat = _chat(bot, p)
    text = check_text(p.get_str("text"))
    markup = parse_markup(p.raw("reply_markup"))
    _throttle(bot, chat.id)
    message = bot.add_message(
        chat, "bot", text=text, parse_mode=p.get_str("parse_mode"), reply_markup=markup
    )
    bot.stats.sends += 1
    await _announce(bot, chat, "send", message)
    return message.to_telegram()


def _editable(bot: BotState, p: Params) -> tuple[Chat, StoredMessage]:
    if p.get_str("inline_message_id"):
        raise bad_request("message to edit not found")  # no inline mode in the sandbox
    chat = _chat(bot, p)
    message_id = p.get_int("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None:
        raise bad_request("message to edit not found")
    if message.who != "bot":
        raise bad_request("message can't be edited")
    return chat, message


def _edit_markup(p: Params) -> JSON | None:
    markup = parse_markup(p.raw("reply_markup"))
    if markup is not None and inline_keyboard(markup) is None:
        raise bad_request("inline keyboard expected")
    return markup


async def _apply_edit(
    bot: BotState, chat: Chat, message: StoredMessage, text: str | None, markup: JSON | None
) -> JSON:
    if text == message.text and inline_keyboard(markup) == inline_keyboard(message.reply_markup):
        raise ApiError(400, NOT_MODIFIED)
    _throttle(bot, chat.id)
    message.history.append(message.text)
    message.text = text
    message.reply_markup = markup
    message.edit_date = max(int(time.time()), message.date)
    bot.stats.edits += 1
    return message.to_telegram()


async def edit_message_text(bot: BotState, p: Params) -> JSON:
    chat, message = _editable(bot, p)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    text = check_text(p.get_str("text"))
    # Telegram drops the inline keyboard when an edit does not repeat it.
    result = await _apply_edit(bot, chat, message, text, _edit_markup(p))
    message.parse_mode = p.get_str("parse_mode")
    await _announce(bot, chat, "edit", message)
    return result


async def edit_message_reply_markup(bot: BotState, p: Params) -> JSON:
    chat, message = _editable(bot, p)
    result = await _apply_edit(bot, chat, message, message.text, _edit_markup(p))
    await _announce(bot, chat, "edit_markup", message)
    return result


async def answer_callback_query(bot: BotState, p: Params) -> bool:
    query = bot.pending_callbacks.pop(p.get_str("callback_query_id") or "", None)
    if query is None:
        raise ApiError(400, QUERY_TOO_OLD)
    answer = {
        "kind": "answer",
        "who": "bot",
        "callback_query_id": query["id"],
        "message_id": query["message_id"],
        "data": query["data"],
        "text": p.get_str("text"),
        "show_alert": p.get_bool("show_alert"),
        "url": p.get_str("url"),
    }
    # A press in a chat the sandbox does not keep (a group) shows in the presser's own log.
    shown_in = next((c for c in (query["chat_id"], query["user_id"]) if c in bot.chats), None)
    if shown_in is not None:
        answer = await bot.record(shown_in, answer)
    else:
        answer["at"] = clock()  # not in any chat's log, but /sandbox/callbacks has it too
    bot.answers.append({**answer, "user_id": query["user_id"]})
    return True


def _stored_file(bot: BotState, p: Params, kind: str) -> StoredFile:
    given = p.get_file(kind)
    if given is None or given == "":
        raise bad_request(f"there is no {kind} in the request")
    if isinstance(given, str) and given in bot.files:
        stored = bot.files[given]
        if stored.kind != kind:  # Telegram tells a voice note from a photo by its id
            raise bad_request(f"can't use file of type {_TYPE[stored.kind]} as {_TYPE[kind]}")
        return stored
    serial = bot.serial()
    duration = p.get_int("duration") or 0
    if isinstance(given, UploadedFile):
        stored = StoredFile(
            f"sbx-{kind}-{serial}",
            f"sbxu{serial}",
            given.filename,
            given.content_type,
            len(given.data),
            given.data,
            kind=kind,
            duration=duration,
        )
    elif urlparse(given).scheme in {"http", "https"}:
        name = PurePosixPath(urlparse(given).path).name or f"{kind}-{serial}"
        stored = StoredFile(
            f"sbx-{kind}-{serial}",
            f"sbxu{serial}",
            name,
            "application/octet-stream",
            0,
            url=given,
            kind=kind,
            duration=duration,
        )
    else:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return bot.keep_file(stored)


_TYPE = {"photo": "Photo", "voice": "Voice", "video": "Video", "document": "Document"}


async def _send_file(bot: BotState, p: Params, kind: str) -> JSON:
    chat = _chat(bot, p)
    stored = _stored_file(bot, p, kind)
    caption = p.get_str("caption")
    if caption is not None and len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    markup = parse_markup(p.raw("reply_markup"))
    _throttle(bot, chat.id)
    fields: JSON = {kind: stored}
    message = bot.add_message(
        chat,
        "bot",
        caption=caption,
        parse_mode=p.get_str("parse_mode"),
        reply_markup=markup,
        **fields,
    )
    bot.stats.sends += 1
    await _announce(bot, chat, "send", message)
    return message.to_telegram()


async def send_photo(bot: BotState, p: Params) -> JSON:
    return await _send_file(bot, p, "photo")


async def send_document(bot: BotState, p: Params) -> JSON:
    return await _send_file(bot, p, "document")


async def send_voice(bot: BotState, p: Params) -> JSON:
    return await _send_file(bot, p, "voice")


async def get_file(bot: BotState, p: Params) -> JSON:
    file_id = p.get_str("file_id")
    if not file_id:
        raise bad_request("file_id not specified")
    stored = bot.files.get(file_id)
    if stored is None:
        raise bad_request("invalid file_id")
    bot.file_path(stored)
    return stored.telegram_file()


async def send_chat_action(bot: BotState, p: Params) -> bool:
    _chat(bot, p)
    return True


def _commands_key(p: Params) -> str:
    scope = p.get_json("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True) + "|" + (p.get_str("language_code") or "")


def _check_scope_chat(bot: BotState, p: Params) -> None:
    """As Telegram: a chat's own menu needs a chat the bot knows ("chat not found")."""
    scope = p.get_json("scope")
    if isinstance(scope, dict) and "chat_id" in scope:
        raw = str(scope["chat_id"])
        if not raw.lstrip("-").isdigit():
            raise bad_request("chat not found")
        bot.known_chat(int(raw))


async def set_my_commands(bot: BotState, p: Params) -> bool:
    _check_scope_chat(bot, p)
    bot.commands[_commands_key(p)] = check_commands(p.raw("commands") or [])
    return True


async def get_my_commands(bot: BotState, p: Params) -> list[dict[str, str]]:
    return bot.commands.get(_commands_key(p), [])


async def delete_my_commands(bot: BotState, p: Params) -> bool:
    _check_scope_chat(bot, p)
    bot.commands.pop(_commands_key(p), None)
    return True


async def set_webhook(bot: BotState, p: Params) -> bool:
    url = p.get_str("url") or ""
    secret = p.get_str("secret_token") or None
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = p.get_int("max_connections") or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("invalid max_connections specified")
    if url and urlparse(url).scheme not in {"http", "https"}:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if p.get_bool("drop_pending_updates"):
        bot.updates.clear()
    allowed = p.get_json("allowed_updates")
    if isinstance(allowed, list):
        bot.allowed_updates = [str(kind) for kind in allowed]
    if not url:  # Telegram: an empty URL removes the webhook
        return await delete_webhook(bot, p)
    bot.webhook = {"url": url, "secret_token": secret, "max_connections": max_connections}
    await bot.start_delivery(url, secret, max_connections)
    return True


async def delete_webhook(bot: BotState, p: Params) -> bool:
    await bot.stop_delivery()
    if p.get_bool("drop_pending_updates"):
        bot.updates.clear()
    bot.webhook = {}
    return True


async def get_webhook_info(bot: BotState, p: Params) -> JSON:
    info: JSON = {
        "url": bot.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(bot.updates),
    }
    if bot.webhook:
        info["max_connections"] = bot.webhook["max_connections"]
    delivery = bot.delivery
    if delivery is not None and delivery.last_error_date is not None:
        info["last_error_date"] = delivery.last_error_date
        info["last_error_message"] = delivery.last_error_message
    if bot.allowed_updates:
        info["allowed_updates"] = bot.allowed_updates
    return info


# Telegram matches method names case-insensitively.
METHODS: dict[str, Method] = {
    name.lower(): method
    for name, method in {
        "getMe": get_me_method,
        "getUpdates": get_updates,
        "sendMessage": send_message,
        "editMessageText": edit_message_text,
        "editMessageReplyMarkup": edit_message_reply_markup,
        "answerCallbackQuery": answer_callback_query,
        "sendPhoto": send_photo,
        "sendDocument": send_document,
        "sendVoice": send_voice,
        "getFile": get_file,
        "sendChatAction": send_chat_action,
        "setMyCommands": set_my_commands,
        "getMyCommands": get_my_commands,
        "deleteMyCommands": delete_my_commands,
        "setWebhook": set_webhook,
        "deleteWebhook": delete_webhook,
        "getWebhookInfo": get_webhook_info,
    }.items()
}
