"""`FakeMessenger`: the bot's `Messenger` port with no transport behind it.

Shaped like httpx's `MockTransport`: every call is recorded as a `Call` and shown
to an optional `handler`, which may return the call's result, raise a fault (the
exceptions the real transports raise: `faults` below), or return None to let
Telegram do it. Telegram is the sandbox's world in process (`telegram.py`), so
message ids, edits, "message is not modified", "chat not found" and blocked
users behave as over HTTP; with no handler every call goes there::

    def blocked(call: Call) -> object:
        if call.chat_id == 900001 and call.method == "send":
            raise faults.blocked(900001)
        return None

    messenger = FakeMessenger(blocked)
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.transports.botapi import (
    RetryAfter,
    ServerError,
    check_response,
    commands_scope,
    markup_to_json,
)
from handlers.kit.ports import (
    MAX_DOWNLOAD,
    BadRequest,
    Commands,
    FileTooBig,
    InlineKeyboard,
    Markup,
    MessengerError,
    SentMedia,
)
from sandbox.params import UploadedFile
from sandbox.validation import NOT_MODIFIED, QUERY_TOO_OLD, ApiError

from .telegram import InProcessServer


@dataclass
class Call:
    """One call the bot made through its `Messenger`, and how it went."""

    # "send", "edit", "edit_markup", "answer", "send_photo", "send_document",
    # "send_file_id", "get_file", "set_commands", "delete_commands" (`text`: the language)
    method: str
    chat_id: int | None = None
    text: str | None = None  # a message's text, an answer's toast, a file's caption
    markup: Markup | None = None
    message_id: int | None = None  # what an edit edits; what a send got back
    callback_id: str | None = None
    alert: bool = False
    file: bytes | None = None
    filename: str | None = None
    file_id: str | None = None  # send_file_id, get_file
    media: str | None = None  # send_file_id: "photo", "voice" or "document"
    result: Any = None
    error: BaseException | None = None


# Sees each call; returns its result, raises a fault, or None: Telegram does it.
Handler = Callable[[Call], Awaitable[Any] | Any]


class faults:  # a namespace, read as `faults.blocked(...)`
    """The exceptions the transports raise for Telegram's refusals, made by the
    transports' own `check_response` from the answers Telegram gives."""

    @staticmethod
    def refusal(code: int, description: str, chat_id: int | None = None) -> MessengerError:
        try:
            check_response("fake", code, ApiError(code, description).to_json(), chat_id=chat_id)
        except MessengerError as error:
            return error
        raise AssertionError(f"{code} {description!r} is not a refusal")

    @staticmethod
    def blocked(chat_id: int) -> MessengerError:
        """403: the user blocked the bot (`Unreachable`)."""
        return faults.refusal(403, "Forbidden: bot was blocked by the user", chat_id)

    @staticmethod
    def chat_not_found(chat_id: int) -> MessengerError:
        """400 "chat not found": the user never started the bot (`Unreachable`)."""
        return faults.refusal(400, "Bad Request: chat not found", chat_id)

    @staticmethod
    def not_modified() -> MessengerError:
        return faults.refusal(400, NOT_MODIFIED)

    @staticmethod
    def query_too_old() -> MessengerError:
        return faults.refusal(400, QUERY_TOO_OLD)

    @staticmethod
    def too_many_requests(seconds: float) -> RetryAfter:
        """429, as it reaches the bot once the transport's send budget is spent."""
        return RetryAfter(seconds)

    @staticmethod
    def server_error(status: int = 500) -> ServerError:
        return ServerError(status, "Internal Server Error")


@dataclass
class FakeMessenger:
    handler: Handler | None = None
    telegram: InProcessServer = field(default_factory=InProcessServer)
    calls: list[Call] = field(default_factory=list)

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """The sends (of text, photos, documents) that went out, to `chat_id` if given."""
        return [
            c
            for c in self.calls
            if c.method.startswith("send")
            and c.error is None
            and (chat_id is None or c.chat_id == chat_id)
        ]

    async def _run(self, call: Call, method: str, params: dict[str, Any], **files: Any) -> Any:
        self.calls.append(call)
        try:
            result = None
            if self.handler is not None:
                result = self.handler(call)
                if inspect.isawaitable(result):
                    result = await result
            if result is None:
                uploads = {
                    name: UploadedFile(call.filename or name, "application/octet-stream", data)
                    for name, data in files.items()
                }
                result = await self.telegram.call(method, params, uploads, chat_id=call.chat_id)
        except BaseException as error:
            call.error = error
            raise
        call.result = result
        return result

    @staticmethod
    def _message_id(result: Any) -> int:
        return int(result["message_id"]) if isinstance(result, dict) else int(result)

    async def send(self, chat_id: int, text: str, markup: Markup | None = None) -> int:
        call = Call("send", chat_id, text, markup)
        params = {"chat_id": chat_id, "text": text, "reply_markup": markup_to_json(markup)}
        call.message_id = self._message_id(await self._run(call, "sendMessage", params))
        return call.message_id

    async def edit(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboard | None = None
    ) -> None:
        call = Call("edit", chat_id, text, markup, message_id)
        params = {
            "chat_id": chat_id,
            "message_id": message_id,
            "text": text,
            "reply_markup": markup_to_json(markup),
        }
        await self._run(call, "editMessageText", params)

    async def edit_markup(
        self, chat_id: int, message_id: int, markup: InlineKeyboard | None
    ) -> None:
        call = Call("edit_markup", chat_id, None, markup, message_id)
        params = {
            "chat_id": chat_id,
            "message_id": message_id,
            "reply_markup": markup_to_json(markup),
        }
        await self._run(call, "editMessageReplyMarkup", params)

    async def answer(self, callback_id: str, text: str | None = None, alert: bool = False) -> None:
        call = Call("answer", text=text, callback_id=callback_id, alert=alert)
        params = {"callback_query_id": callback_id, "text": text, "show_alert": alert or None}
        await self._run(call, "answerCallbackQuery", params)

    async def send_photo(
        self,
        chat_id: int,
        photo: bytes,
        filename: str,
        caption: str | None = None,
        markup: InlineKeyboard | None = None,
    ) -> int:
        call = Call("send_photo", chat_id, caption, markup, file=photo, filename=filename)
        params = {"chat_id": chat_id, "caption": caption, "reply_markup": markup_to_json(markup)}
        result = await self._run(call, "sendPhoto", params, photo=photo)
        call.message_id = self._message_id(result)
        return call.message_id

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None = None
    ) -> int:
        call = Call("send_document", chat_id, caption, file=document, filename=filename)
        params = {"chat_id": chat_id, "caption": caption}
        result = await self._run(call, "sendDocument", params, document=document)
        call.message_id = self._message_id(result)
        return call.message_id

    async def send_document_path(
        self, chat_id: int, path: Path, filename: str, caption: str | None = None
    ) -> int:
        # Recorded as a send_document of the file's bytes, as Telegram receives it.
        data = await asyncio.to_thread(path.read_bytes)
        return await self.send_document(chat_id, data, filename, caption)

    async def send_file_id(
        self,
        chat_id: int,
        media: SentMedia,
        file_id: str,
        caption: str | None = None,
        markup: InlineKeyboard | None = None,
    ) -> int:
        call = Call("send_file_id", chat_id, caption, markup, file_id=file_id, media=media)
        params = {
            "chat_id": chat_id,
            media: file_id,
            "caption": caption,
            "reply_markup": markup_to_json(markup),
        }
        result = await self._run(call, _SEND_METHOD[media], params)
        call.message_id = self._message_id(result)
        return call.message_id

    async def set_commands(
        self, commands: Commands, chat_id: int | None = None, language: str | None = None
    ) -> None:
        call = Call("set_commands", chat_id, language)
        params = {
            "commands": [{"command": c, "description": d} for c, d in commands],
            **commands_scope(chat_id, language),
        }
        await self._run(call, "setMyCommands", params)

    async def delete_commands(
        self, chat_id: int | None = None, language: str | None = None
    ) -> None:
        call = Call("delete_commands", chat_id, language)
        await self._run(call, "deleteMyCommands", commands_scope(chat_id, language))

    async def get_file(self, file_id: str, max_bytes: int = MAX_DOWNLOAD) -> bytes:
        """getFile, then the file's bytes, as the transports read them (a handler's
        result, if it gives one, is the bytes)."""
        call = Call("get_file", file_id=file_id)
        result = await self._run(call, "getFile", {"file_id": file_id})
        if isinstance(result, bytes):
            return result
        size, path = result.get("file_size"), result.get("file_path")
        if isinstance(size, int) and size > max_bytes:
            raise FileTooBig(size, max_bytes)
        data = self.telegram.file_bytes(path) if isinstance(path, str) and path else None
        if data is None:
            raise BadRequest("getFile: no file_path, the file cannot be downloaded")
        if len(data) > max_bytes:
            raise FileTooBig(len(data), max_bytes)
        return data


_SEND_METHOD: dict[SentMedia, str] = {
    "photo": "sendPhoto",
    "voice": "sendVoice",
    "document": "sendDocument",
}
