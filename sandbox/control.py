"""The sandbox's control API under ``/sandbox/``: act as users, read chats, wait.

JSON in, JSON out. Errors answer ``{"ok": false, "error": "..."}`` with 400
(bad input), 404 (unknown bot) or 408 (nothing happened before the timeout).
The bot is chosen by the ``token`` query parameter, the first token by default.

Every event of a chat's log carries ``seq`` (its position) and ``at`` (the
sandbox's clock when it was recorded, ``state.clock``), and every inject answers
both for the event it recorded, so a caller measures the bot's answer from the
injection on the sandbox's own clock (``answer.at - injection.at``). A press and
the bot's answer to it share a ``callback_query_id``. None of this reaches the
bot: getUpdates and webhooks deliver Telegram's JSON only.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from .objects import JSON, StoredFile, StoredMessage, fake_photo, fake_sticker, sim_user
from .state import BotState, Chat, World
from .validation import has_callback

WORLD_KEY = web.AppKey("sandbox_world", World)
MAX_WAIT = 300.0


class ControlError(Exception):
    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


def _fail(status: int, error: str) -> web.Response:
    return web.json_response({"ok": False, "error": error}, status=status)


Handler = Callable[[BotState, web.Request], Awaitable[web.Response]]


def _with_bot(handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def wrapped(request: web.Request) -> web.Response:
        bot = request.app[WORLD_KEY].bot(request.query.get("token"))
        if bot is None:
            return _fail(404, "unknown bot token")
        try:
            return await handler(bot, request)
        except ControlError as error:
            return _fail(error.status, error.error)
        except (KeyError, TypeError, ValueError) as error:
            return _fail(400, f"bad control request: {error!r}")

    return wrapped


async def _body(request: web.Request) -> JSON:
    if not request.can_read_body:
        return {}
    body = await request.json()
    if not isinstance(body, dict):
        raise ControlError(400, "the body must be a JSON object")
    return body


async def _user_message(bot: BotState, body: JSON, **fields: Any) -> web.Response:
    chat = bot.chat_for_user(sim_user(body["user"]))
    message = bot.add_message(chat, "user", **fields)
    return await _publish(bot, chat, message)


async def _publish(bot: BotState, chat: Chat, message: StoredMessage) -> web.Response:
    event = {"kind": "message", "who": "user", "message_id": message.message_id}
    recorded = await bot.record(chat.id, {**event, "message": message.to_view()})
    update_id = await bot.push_update("message", message.to_telegram())
    return web.json_response(
        {
            "ok": True,
            "update_id": update_id,
            "message_id": message.message_id,
            "seq": recorded["seq"],
            "at": recorded["at"],
        }
    )


async def inject_message(bot: BotState, request: web.Request) -> web.Response:
    body = await _body(request)
    text = str(body["text"])
    if not text:
        raise ControlError(400, "Telegram users cannot send empty messages")
    return await _user_message(bot, body, text=text)


async def inject_location(bot: BotState, request: web.Request) -> web.Response:
    body = await _body(request)
    location = {"latitude": float(body["latitude"]), "longitude": float(body["longitude"])}
    return await _user_message(bot, body, extra={"location": location})


async def inject_contact(bot: BotState, request: web.Request) -> web.Response:
    body = await _body(request)
    user = sim_user(body["user"])
    contact: JSON = {
        "phone_number": str(body["phone_number"]),
        "first_name": str(body.get("first_name") or user["first_name"]),
        # Sharing one's own contact (the request_contact button) carries one's id.
        "user_id": int(body.get("user_id") or user["id"]),
    }
    return await _user_message(bot, body, extra={"contact": contact})


def _data(body: JSON) -> bytes | None:
    """The file's bytes, sent base64-encoded as ``data``."""
    raw = body.get("data")
    return None if raw is None else base64.b64decode(str(raw), validate=True)


async def inject_photo(bot: BotState, request: web.Request) -> web.Response:
    body = await _body(request)
    sizes = [bot.keep_file(size) for size in fake_photo(bot.serial(), _data(body))]
    extra = {"photo": [size.photo_sizes()[0] for size in sizes]}
    return await _user_message(bot, body, caption=body.get("caption"), extra=extra)


def _user_file(bot: BotState, body: JSON, kind: str, name: str, mime_type: str) -> StoredFile:
    serial = bot.serial()
    data = _data(body) or b""
    return bot.keep_file(
        StoredFile(
            f"sbx-user-{kind}-{serial}",
            f"sbxu{kind[0]}{serial}",
            str(body.get("file_name") or name),
            str(body.get("mime_type") or mime_type),
            len(data),
            data,
            kind=kind,
            duration=int(body.get("duration") or 0),
            width=int(body.get("width") or 640),
            height=int(body.get("height") or 360),
        )
    )


async def inject_voice(bot: BotState, request: web.Request) -> web.Response:
    body = await _body(request)
    stored = _user_file(bot, body, "voice", "", "audio/ogg")
    return await _user_message(bot, body, caption=body.get("caption"), voice=stored)


async def inject_document(bot: BotState, request: web.Request) -> web.Response:
    body = await _body(request)
    stored = _user_file(bot, body, "document", "file", "application/octet-stream")
    return await _user_message(bot, body, caption=body.get("caption"), document=stored)


async def inject_video(bot: BotState, request: web.Request) -> web.Response:
    body = await _body(request)
    stored = _user_file(bot, body, "video", "video.mp4", "video/mp4")
    extra = {"video": stored.video()}
    return await _user_message(bot, body, caption=body.get("caption"), extra=extra)


async def inject_sticker(bot: BotState, request: web.Request) -> web.Response:
    body = await _body(request)
    extra = {"sticker": fake_sticker(bot.serial(), str(body.get("emoji") or "👍"))}
    return await _user_message(bot, body, extra=extra)


async def inject_callback(bot: BotState, request: web.Request) -> web.Response:
    body = await _body(request)
    user = sim_user(body["user"])
    chat = bot.chats.get(int(body.get("chat_id") or user["id"]))
    message = chat.messages.get(int(body["message_id"])) if chat else None
    if chat is None or message is None or message.who != "bot":
        raise ControlError(400, "no bot message with that message_id in that chat")
    data = str(body["data"])
    if not has_callback(message.reply_markup, data):
        raise ControlError(400, f"message {message.message_id} has no button with data {data!r}")
    bot.chat_for_user(user)
    query_id = f"{bot.user['id']}{bot.serial():08d}"
    bot.pending_callbacks[query_id] = {
        "id": query_id,
        "chat_id": chat.id,
        "message_id": message.message_id,
        "data": data,
        "user_id": user["id"],
    }
    # The press carries the query's id, as the bot's answer to it does: that pairs them.
    press = {
        "kind": "press",
        "who": "user",
        "message_id": message.message_id,
        "data": data,
        "callback_query_id": query_id,
    }
    label = next(
        button["text"]
        for row in message.reply_markup["inline_keyboard"]  # type: ignore[index]
        for button in row
        if button.get("callback_data") == data
    )
    recorded = await bot.record(
        chat.id, {**press, "text": label, "sender_name": user["first_name"]}
    )
    update_id = await bot.push_update(
        "callback_query",
        {
            "id": query_id,
            "from": user,
            "message": message.to_telegram(),
            "chat_instance": f"-{chat.id}{bot.user['id']}",
            "data": data,
        },
    )
    return web.json_response(
        {
            "ok": True,
            "update_id": update_id,
            "callback_query_id": query_id,
            "seq": recorded["seq"],
            "at": recorded["at"],
        }
    )


def _object(value: Any) -> JSON:
    return value if isinstance(value, dict) else {}


async def inject_raw(bot: BotState, request: web.Request) -> web.Response:
    """Queue `update` exactly as given (the sandbox numbers it): what a real client
    cannot send, such as a field an older Bot API server leaves out, or a forged
    press. A `callback_query` with an `id` can be answered like any press."""
    update = (await _body(request))["update"]
    if not isinstance(update, dict):
        raise ControlError(400, "update must be a JSON object")
    query = update.get("callback_query")
    if isinstance(query, dict) and isinstance(query.get("id"), str):
        message, user = _object(query.get("message")), _object(query.get("from"))
        chat = _object(message.get("chat"))
        bot.pending_callbacks[query["id"]] = {
            "id": query["id"],
            "chat_id": chat.get("id", user.get("id")),
            "message_id": message.get("message_id", 0),
            "data": query.get("data", ""),
            "user_id": user.get("id"),
        }
    update_id = await bot.push_raw(update)
    return web.json_response({"ok": True, "update_id": update_id})


async def set_blocked(bot: BotState, request: web.Request) -> web.Response:
    body = await _body(request)
    chat = bot.chats.get(int(body["user_id"]))
    if chat is None:
        raise ControlError(400, "that user never wrote to the bot")
    chat.blocked = bool(body.get("blocked", True))
    return web.json_response({"ok": True, "blocked": chat.blocked})


def _chat_id(request: web.Request) -> int:
    return int(request.match_info["chat_id"])


async def transcript(bot: BotState, request: web.Request) -> web.Response:
    chat = bot.chats.get(_chat_id(request))
    if chat is None:
        raise ControlError(400, "chat not found")
    messages = [message.to_view() for message in chat.messages.values()]
    return web.json_response(
        {
            "ok": True,
            "chat_id": chat.id,
            "blocked": chat.blocked,
            "seq": len(chat.events),
            "messages": messages,
            "events": chat.events,
        }
    )


async def events(bot: BotState, request: web.Request) -> web.Response:
    after = int(request.query.get("after", "0"))
    timeout = min(float(request.query.get("timeout", "10")), MAX_WAIT)
    who = request.query.get("who", "bot")
    kinds = set(filter(None, request.query.get("kinds", "").split(",")))

    def accept(event: JSON) -> bool:
        return (who == "any" or event["who"] == who) and (not kinds or event["kind"] in kinds)

    found = await bot.wait_events(_chat_id(request), after, timeout, accept)
    if found is None:
        return _fail(408, f"no {who} event after seq {after} within {timeout:g} s")
    return web.json_response({"ok": True, "events": found})


async def callbacks(bot: BotState, request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "answers": bot.answers})


async def stats(bot: BotState, request: web.Request) -> web.Response:
    return web.json_response({"ok": True, **bot.stats_view()})


async def violations(bot: BotState, request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "violations": bot.violations})


async def reset(bot: BotState, request: web.Request) -> web.Response:
    await bot.reset()
    return web.json_response({"ok": True})


def add_routes(app: web.Application) -> None:
    for kind, handler in {
        "message": inject_message,
        "callback": inject_callback,
        "location": inject_location,
        "contact": inject_contact,
        "photo": inject_photo,
        "voice": inject_voice,
        "document": inject_document,
        "video": inject_video,
        "sticker": inject_sticker,
        "raw": inject_raw,
    }.items():
        app.router.add_post(f"/sandbox/inject/{kind}", _with_bot(handler))
    app.router.add_post("/sandbox/block", _with_bot(set_blocked))
    app.router.add_get("/sandbox/chats/{chat_id}/transcript", _with_bot(transcript))
    app.router.add_get("/sandbox/chats/{chat_id}/events", _with_bot(events))
    app.router.add_get("/sandbox/callbacks", _with_bot(callbacks))
    app.router.add_get("/sandbox/stats", _with_bot(stats))
    app.router.add_get("/sandbox/violations", _with_bot(violations))
    app.router.add_post("/sandbox/reset", _with_bot(reset))
