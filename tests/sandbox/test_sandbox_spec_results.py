"""Every object the sandbox returns is one the Bot API spec describes.

Each method the sandbox implements is called, and its result checked against the
method's return type in the spec (Message, User, Update, CallbackQuery, WebhookInfo,
BotCommand, ...), recursively; so are the updates a webhook receives. A method added
to the sandbox without a call here fails `test_every_method_of_the_sandbox_is_called`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from sandbox import SANDBOX_TOKEN, SandboxClient, SandboxServer
from sandbox.botapi import METHODS
from sandbox.spec import TypeRef, load_spec
from sandbox.spec_check import RequestCheck
from sandbox.state import BotState

USER = 501
CHECK = RequestCheck()
Hook = tuple[str, list[dict[str, Any]], asyncio.Event]


class Caller:
    """Calls a method over a JSON body or a multipart form and checks its result."""

    def __init__(self, server: SandboxServer, http: aiohttp.ClientSession) -> None:
        self.base = f"{server.url}/bot{SANDBOX_TOKEN}"
        self.http = http
        self.called: set[str] = set()

    async def __call__(
        self, method: str, form: aiohttp.FormData | None = None, **params: Any
    ) -> Any:
        kwargs: dict[str, Any] = {"data": form} if form is not None else {"json": params}
        async with self.http.post(f"{self.base}/{method}", **kwargs) as response:
            answer = await response.json()
        assert answer["ok"], (method, answer)
        problem = CHECK.result(method, answer["result"])
        assert problem is None, (method, problem.describe())
        self.called.add(method.lower())
        return answer["result"]


@pytest.fixture
def call(server: SandboxServer, http: aiohttp.ClientSession) -> Caller:
    return Caller(server, http)


def assert_update(update: dict[str, Any]) -> None:
    problem = load_spec().problem(update, (TypeRef("Update"),))
    assert problem is None, problem.describe()


async def messages_edits_files_and_answers(call: Caller, sb: SandboxClient) -> None:
    alice = sb.user(USER, "Alice", username="alice")
    await alice.command("start", "site_12")
    assert (await call("getMe"))["is_bot"] is True
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    sent = await call("sendMessage", chat_id=USER, text="menu", reply_markup=markup)
    await call(
        "sendMessage",
        chat_id=USER,
        text="where?",
        reply_markup={"keyboard": [[{"text": "📍", "request_location": True}]]},
    )
    await call("editMessageText", chat_id=USER, message_id=sent["message_id"], text="menu 2")
    await call(
        "editMessageReplyMarkup",
        chat_id=USER,
        message_id=sent["message_id"],
        reply_markup=markup,
    )
    await call("sendChatAction", chat_id=USER, action="typing")
    form = aiohttp.FormData()
    form.add_field("chat_id", str(USER))
    form.add_field("caption", "a photo")
    form.add_field("photo", b"\x89PNG", filename="a.png", content_type="image/png")
    photo = await call("sendPhoto", form)
    await call("sendPhoto", chat_id=USER, photo=photo["photo"][0]["file_id"])
    form = aiohttp.FormData()
    form.add_field("chat_id", str(USER))
    form.add_field("reply_markup", json.dumps(markup))
    form.add_field("document", b"a,b\n", filename="r.csv", content_type="text/csv")
    await call("sendDocument", form)
    await call("sendDocument", chat_id=USER, document="https://example.org/r.pdf")
    form = aiohttp.FormData()
    form.add_field("chat_id", str(USER))
    form.add_field("voice", b"OggS" + bytes(16), filename="v.ogg", content_type="audio/ogg")
    voice = await call("sendVoice", form)
    await call("sendVoice", chat_id=USER, voice=voice["voice"]["file_id"])
    assert (await call("getFile", file_id=voice["voice"]["file_id"]))["file_path"]

    [menu] = [m for m in await alice.transcript() if m.message_id == sent["message_id"]]
    await alice.press(menu, "go")
    await alice.share_location(30.5, 114.3)
    await alice.share_contact("+8613800001234")
    await alice.send_photo("my photo")
    await alice.send_sticker()
    await alice.send("plain text")
    updates = await call("getUpdates", timeout=0)
    kinds = [next(key for key in update if key != "update_id") for update in updates]
    assert kinds == ["message", "callback_query", *["message"] * 5]
    query = updates[1]["callback_query"]
    assert await call("answerCallbackQuery", callback_query_id=query["id"], text="OK") is True
    await call("getUpdates", offset=updates[-1]["update_id"] + 1, limit=10, timeout=0)


async def commands(call: Caller) -> None:
    commands = [{"command": "start", "description": "Start"}]
    scope = {"type": "all_private_chats"}
    assert await call("setMyCommands", commands=commands, scope=scope, language_code="en")
    assert await call("getMyCommands", scope=scope, language_code="en") == commands
    assert await call("deleteMyCommands", scope=scope, language_code="en") is True
    assert await call("getMyCommands") == []


@pytest.fixture
async def refusing_hook() -> AsyncIterator[Hook]:
    """A webhook that refuses the first delivery (so getWebhookInfo has an error)
    and accepts the rest, setting the event once it accepted one."""
    received: list[dict[str, Any]] = []
    accepted = asyncio.Event()

    async def handle(request: web.Request) -> web.Response:
        received.append(await request.json())
        if len(received) == 1:
            return web.Response(status=502)
        accepted.set()
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/hook", received, accepted
    await runner.cleanup()


async def webhook_info_and_the_updates_a_webhook_gets(
    call: Caller, sb: SandboxClient, hook: Hook
) -> None:
    url, received, accepted = hook
    assert await call("getWebhookInfo") == {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": 0,
    }
    await call("setWebhook", url=url, secret_token="s3cret", allowed_updates=["message"])
    await sb.user(USER, "Alice").send("hello")
    async with asyncio.timeout(10):
        await accepted.wait()
    info = await call("getWebhookInfo")
    assert info["last_error_message"].startswith("Wrong response from the webhook: 502")
    for update in received:
        assert_update(update)
    assert await call("deleteWebhook", drop_pending_updates=True) is True


async def test_messages_edits_files_and_answers(call: Caller, sb: SandboxClient) -> None:
    await messages_edits_files_and_answers(call, sb)
    assert await sb.violations() == []


async def test_commands(call: Caller, sb: SandboxClient) -> None:
    await commands(call)
    assert await sb.violations() == []


async def test_webhook_info_and_the_updates_a_webhook_gets(
    call: Caller, sb: SandboxClient, refusing_hook: Hook
) -> None:
    await webhook_info_and_the_updates_a_webhook_gets(call, sb, refusing_hook)
    assert await sb.violations() == []


async def test_every_method_of_the_sandbox_is_called_and_known_to_the_spec(
    call: Caller, sb: SandboxClient, refusing_hook: Hook, bot_state: BotState
) -> None:
    spec = load_spec()
    assert [name for name in METHODS if spec.method(name) is None] == []
    await messages_edits_files_and_answers(call, sb)
    await commands(call)
    await webhook_info_and_the_updates_a_webhook_gets(call, sb, refusing_hook)
    missing = sorted(set(METHODS) - call.called)
    assert missing == [], f"call {missing} in this module's scenarios, its result checked"
    assert bot_state.violations == []


async def test_the_server_tells_of_an_answer_of_its_own_the_spec_refuses(
    server: SandboxServer, sb: SandboxClient, http: aiohttp.ClientSession
) -> None:
    # A forged update (inject/raw lets a test send what Telegram never would) comes
    # back from getUpdates as it was: the server answers it and keeps the mismatch.
    await sb.inject_raw({"message": {"message_id": 1, "date": 0}})
    async with http.post(f"{server.url}/bot{SANDBOX_TOKEN}/getUpdates", json={}) as response:
        assert (await response.json())["ok"] is True
    [violation] = await sb.violations()
    assert (violation["who"], violation["method"]) == ("sandbox", "getUpdates")
    assert violation["description"] == 'result[0].message: Can\'t find field "chat"'
