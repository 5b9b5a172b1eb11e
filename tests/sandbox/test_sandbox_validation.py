"""Telegram's validation errors, with Telegram's texts and status codes."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from sandbox import SANDBOX_TOKEN, SandboxClient, SandboxServer
from sandbox.validation import (
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    ApiError,
    check_text,
    parse_markup,
    utf16_len,
)

ApiCall = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]

USER = {"id": 501, "first_name": "Alice", "language_code": "zh-CN"}


def inline(data: str) -> dict[str, object]:
    return {"inline_keyboard": [[{"text": "Go", "callback_data": data}]]}


async def error(api: ApiCall, method: str, **params: object) -> tuple[int, str]:
    status, answer = await api(method, **params)
    assert answer["ok"] is False
    assert answer["error_code"] == status
    return status, answer["description"]


def test_text_is_measured_in_utf16_units() -> None:
    assert utf16_len("😀") == 2
    check_text("a" * 4096)
    with pytest.raises(ApiError, match="message is too long"):
        check_text("😀" * 2049)


def test_markup_accepts_json_strings_and_rejects_text_only_inline_buttons() -> None:
    assert parse_markup('{"remove_keyboard": true}') == {"remove_keyboard": True}
    with pytest.raises(ApiError, match="Text buttons are unallowed"):
        parse_markup({"inline_keyboard": [[{"text": "x"}]]})
    with pytest.raises(ApiError, match="can't parse reply keyboard markup"):
        parse_markup("{not json")


async def test_unknown_token_and_method(api: ApiCall, server: SandboxServer) -> None:
    assert await error(api, "getMe", token="42:nope") == (401, "Unauthorized")
    assert await error(api, "sendCarrierPigeon") == (404, "Not Found")
    status, answer = await api("GETME")  # method names are case-insensitive
    assert status == 200
    assert answer["result"]["username"] == "civic_sandbox_bot"
    assert answer["result"]["id"] == int(SANDBOX_TOKEN.split(":")[0])


async def test_send_message_errors(api: ApiCall, sb: SandboxClient) -> None:
    assert await error(api, "sendMessage", chat_id=999, text="hi") == (
        400,
        "Bad Request: chat not found",
    )
    assert await error(api, "sendMessage", text="hi") == (400, "Bad Request: chat_id is empty")
    await sb.user(501, "Alice").send("hello")
    assert await error(api, "sendMessage", chat_id=501, text="") == (
        400,
        "Bad Request: message text is empty",
    )
    assert await error(api, "sendMessage", chat_id=501, text="x" * 4097) == (
        400,
        "Bad Request: message is too long",
    )
    for data in ["", "x" * 65, "点" * 22]:  # 22 Chinese characters are 66 UTF-8 bytes
        assert await error(
            api, "sendMessage", chat_id=501, text="t", reply_markup=inline(data)
        ) == (
            400,
            "Bad Request: BUTTON_DATA_INVALID",
        )
    status, answer = await api("sendMessage", chat_id=501, text="t", reply_markup=inline("x" * 64))
    assert status == 200, answer


async def test_edit_errors(api: ApiCall, sb: SandboxClient) -> None:
    await sb.user(501, "Alice").send("hello")
    _, sent = await api("sendMessage", chat_id=501, text="menu", reply_markup=inline("a"))
    message_id = sent["result"]["message_id"]
    assert await error(api, "editMessageText", chat_id=501, message_id=77, text="x") == (
        400,
        "Bad Request: message to edit not found",
    )
    assert await error(
        api,
        "editMessageText",
        chat_id=501,
        message_id=message_id,
        text="menu",
        reply_markup=inline("a"),
    ) == (400, NOT_MODIFIED)
    assert await error(
        api, "editMessageReplyMarkup", chat_id=501, message_id=message_id, reply_markup=inline("a")
    ) == (400, NOT_MODIFIED)
    # The user's own message (id 1) cannot be edited by the bot.
    assert await error(api, "editMessageText", chat_id=501, message_id=1, text="x") == (
        400,
        "Bad Request: message can't be edited",
    )


async def test_edit_without_markup_drops_the_inline_keyboard(
    api: ApiCall, sb: SandboxClient
) -> None:
    alice = sb.user(501, "Alice")
    await alice.send("hello")
    _, sent = await api("sendMessage", chat_id=501, text="menu", reply_markup=inline("a"))
    message_id = sent["result"]["message_id"]
    status, edited = await api("editMessageText", chat_id=501, message_id=message_id, text="done")
    assert status == 200
    assert "reply_markup" not in edited["result"]
    assert edited["result"]["edit_date"] >= edited["result"]["date"]
    [_, message] = await alice.transcript()
    assert (message.text, message.buttons, message.edits) == ("done", [], 1)


async def test_old_callback_query_and_blocked_user(api: ApiCall, sb: SandboxClient) -> None:
    assert await error(api, "answerCallbackQuery", callback_query_id="123") == (400, QUERY_TOO_OLD)
    alice = sb.user(501, "Alice")
    await alice.send("hello")
    await api("sendMessage", chat_id=501, text="menu", reply_markup=inline("a"))
    await alice.press(await alice.next_message(), "a")
    _, updates = await api("getUpdates")
    query_id = updates["result"][-1]["callback_query"]["id"]
    assert (await api("answerCallbackQuery", callback_query_id=query_id))[1]["result"] is True
    # A query can be answered once; the second answer is "too old".
    assert await error(api, "answerCallbackQuery", callback_query_id=query_id) == (
        400,
        QUERY_TOO_OLD,
    )
    await alice.block()
    assert await error(api, "sendMessage", chat_id=501, text="hi") == (
        403,
        "Forbidden: bot was blocked by the user",
    )
    await alice.block(False)
    assert (await api("sendMessage", chat_id=501, text="hi"))[0] == 200


async def test_commands_and_webhook_info(api: ApiCall) -> None:
    commands = [{"command": "start", "description": "Start"}]
    assert (await api("setMyCommands", commands=commands))[1]["result"] is True
    assert (await api("setMyCommands", commands=commands, language_code="en"))[0] == 200
    assert (await api("getMyCommands"))[1]["result"] == commands
    assert await error(
        api, "setMyCommands", commands=[{"command": "Bad!", "description": "x"}]
    ) == (
        400,
        "Bad Request: BOT_COMMAND_INVALID",
    )
    assert (await api("setWebhook", url="http://127.0.0.1:9/hook"))[1]["result"] is True
    info = (await api("getWebhookInfo"))[1]["result"]
    assert info["url"] == "http://127.0.0.1:9/hook"
    status, description = await error(api, "getUpdates")
    assert status == 409 and description.startswith("Conflict: can't use getUpdates")
    assert (await api("deleteWebhook"))[1]["result"] is True
    assert (await api("getWebhookInfo"))[1]["result"]["url"] == ""
