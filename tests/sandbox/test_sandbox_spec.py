"""The sandbox checks every request against the Bot API spec, as Telegram reads it.

JSON bodies, urlencoded forms, multipart forms and query strings; JSON-serialized
parameters (reply_markup from a form) checked recursively; Telegram's texts on
the 400; every refusal kept at /sandbox/violations; the switch that turns it off.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from sandbox import SANDBOX_TOKEN, SandboxClient, SandboxServer
from sandbox.spec import VENDORED, TypeRef, load_spec
from sandbox.spec_check import RequestCheck, SpecViolation, telegram_case
from tests.sandbox.conftest import ApiCall

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "specs" / "telegram-bot-api"
VERSION = "Bot API 10.1"
USER = 501


def inline(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


async def refused(api: ApiCall, method: str, **params: Any) -> str:
    status, answer = await api(method, **params)
    assert (status, answer["ok"], answer["error_code"]) == (400, False, 400), answer
    return str(answer["description"])


async def post(
    http: aiohttp.ClientSession, server: SandboxServer, method: str, **kwargs: Any
) -> tuple[int, dict[str, Any]]:
    async with http.post(f"{server.url}/bot{SANDBOX_TOKEN}/{method}", **kwargs) as response:
        return response.status, await response.json()


@pytest.fixture
async def alice(sb: SandboxClient) -> None:
    await sb.user(USER, "Alice").send("hello")  # the bot may write to her from now on


@pytest.mark.skipif(not SHARED.exists(), reason="no ../shared/specs next to this checkout")
def test_the_vendored_spec_is_the_shared_one() -> None:
    assert VENDORED.read_bytes() == (SHARED / "api.min.json").read_bytes()
    assert (VENDORED.parent / "LICENSE").read_bytes() == (SHARED / "LICENSE").read_bytes()


def test_the_spec_is_compiled_once_per_process() -> None:
    spec = load_spec()
    assert spec.version == VERSION
    assert load_spec() is spec and RequestCheck().spec is spec
    assert spec.method("SENDMESSAGE") is spec.method("sendMessage") is not None


def test_telegram_lowercases_the_first_letter_but_not_of_a_constant() -> None:
    assert telegram_case("Can't parse BotCommand: x") == "can't parse BotCommand: x"
    assert telegram_case("BUTTON_DATA_INVALID") == "BUTTON_DATA_INVALID"


async def test_unknown_and_missing_parameters_are_refused_in_telegram_words(
    api: ApiCall, alice: None
) -> None:
    assert await refused(api, "sendMessage", chat_id=USER, text="hi", colour="red") == (
        f'Bad Request: parameter "colour" is not in {VERSION}'
    )
    assert await refused(api, "sendMessage", text="hi") == "Bad Request: chat_id is empty"
    assert await refused(api, "sendMessage", chat_id=USER) == "Bad Request: message text is empty"
    assert await refused(api, "setMyCommands") == 'Bad Request: parameter "commands" is required'
    assert await refused(api, "sendDocument", chat_id=USER) == (
        "Bad Request: there is no document in the request"
    )


async def test_parameter_types_are_checked_natively_in_json_and_leniently_as_text(
    api: ApiCall, alice: None, server: SandboxServer, http: aiohttp.ClientSession
) -> None:
    assert await refused(api, "sendMessage", chat_id=True, text="hi") == (
        "Bad Request: invalid chat_id specified"
    )
    assert await refused(api, "sendMessage", chat_id=USER, text=["hi"]) == (
        "Bad Request: invalid text specified"
    )
    assert await refused(api, "getUpdates", limit="ten") == "Bad Request: invalid limit specified"
    # As text, "501" is an Integer and "true" a Boolean: what every form carries.
    form = {"chat_id": str(USER), "text": "hi", "disable_notification": "true"}
    assert (await post(http, server, "sendMessage", data=form))[0] == 200
    status, answer = await post(
        http, server, "sendMessage", data={**form, "disable_notification": "maybe"}
    )
    assert (status, answer["description"]) == (
        400,
        "Bad Request: invalid disable_notification specified",
    )
    async with http.get(
        f"{server.url}/bot{SANDBOX_TOKEN}/sendMessage",
        params={"chat_id": str(USER), "text": "hi", "protect_content": "1", "colour": "red"},
    ) as response:
        assert (await response.json())["description"] == (
            f'Bad Request: parameter "colour" is not in {VERSION}'
        )


@pytest.mark.parametrize(
    ("markup", "description"),
    [
        (
            inline({"text": 5, "callback_data": "a"}),
            'can\'t parse inline keyboard button: Field "text" must be of type String',
        ),
        (
            inline({"callback_data": "a"}),
            "can't parse inline keyboard button: Can't find field \"text\"",
        ),
        (
            inline({"text": "Go", "callback_data": "a", "colour": "red"}),
            f'can\'t parse inline keyboard button: Field "colour" is not in {VERSION}',
        ),
        (
            inline({"text": "Go", "web_app": {}}),
            "can't parse WebAppInfo: Can't find field \"url\"",
        ),
        (
            {"inline_keyboard": [{"text": "Go", "callback_data": "a"}]},
            'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
        ),
        (
            {"keyboard": [{"text": "Go"}]},
            'field "keyboard" must be an Array of Arrays',
        ),
        (
            {"keyboard": [["plain", {"text": "📍", "request_location": "yes"}]]},
            'can\'t parse keyboard button: Field "request_location" must be of type Boolean',
        ),
        (
            {"keyboard": [["plain"]], "one_time_keyboard": 1},
            'can\'t parse ReplyKeyboardMarkup: Field "one_time_keyboard" must be of type Boolean',
        ),
        ({"colour": "red"}, "can't parse reply keyboard markup JSON object"),
        ([], "object expected as reply markup"),
        ("{not json", "can't parse reply keyboard markup JSON object"),
    ],
)
async def test_reply_markup_is_checked_through_every_button_as_json_or_as_a_form_string(
    api: ApiCall,
    alice: None,
    server: SandboxServer,
    http: aiohttp.ClientSession,
    markup: Any,
    description: str,
) -> None:
    if not isinstance(markup, str):  # a string is not JSON at all: only a form can carry it
        assert await refused(api, "sendMessage", chat_id=USER, text="t", reply_markup=markup) == (
            f"Bad Request: {description}"
        )
    as_text = markup if isinstance(markup, str) else json.dumps(markup)
    form = {"chat_id": str(USER), "text": "t", "reply_markup": as_text}
    status, answer = await post(http, server, "sendMessage", data=form)
    assert (status, answer["description"]) == (400, f"Bad Request: {description}")


async def test_good_markups_pass_in_every_encoding(
    api: ApiCall, alice: None, server: SandboxServer, http: aiohttp.ClientSession
) -> None:
    markups = [
        inline({"text": "Go", "callback_data": "a"}, {"text": "Site", "url": "https://x.org"}),
        {
            "keyboard": [["plain", {"text": "📍", "request_location": True}]],
            "one_time_keyboard": True,
            "resize_keyboard": True,
        },
        {"remove_keyboard": True},
        {"force_reply": True, "input_field_placeholder": "..."},
    ]
    for markup in markups:
        status, answer = await api("sendMessage", chat_id=USER, text="t", reply_markup=markup)
        assert status == 200, answer
        form = {"chat_id": str(USER), "text": "t", "reply_markup": json.dumps(markup)}
        status, answer = await post(http, server, "sendMessage", data=form)
        assert status == 200, answer
    # An edit takes an inline keyboard only.
    sent = (await api("sendMessage", chat_id=USER, text="menu", reply_markup=markups[0]))[1]
    assert await refused(
        api,
        "editMessageReplyMarkup",
        chat_id=USER,
        message_id=sent["result"]["message_id"],
        reply_markup=markups[1],
    ) == ("Bad Request: inline keyboard expected")


async def test_nested_objects_of_other_parameters_are_checked_too(
    alice: None, api: ApiCall
) -> None:
    # alice: a chat's own menu needs a chat the bot knows, as on Telegram.
    commands = [{"command": "start", "description": "Start"}]
    assert await refused(api, "setMyCommands", commands=commands, scope={"type": "nope"}) == (
        'Bad Request: can\'t parse BotCommandScope: Field "type" must be one of '
        '"default", "all_private_chats", "all_group_chats", "all_chat_administrators", '
        '"chat", "chat_administrators", "chat_member"'
    )
    assert await refused(api, "setMyCommands", commands=commands, scope={"type": "chat"}) == (
        "Bad Request: can't parse BotCommandScopeChat: Can't find field \"chat_id\""
    )
    assert await refused(api, "setMyCommands", commands=[{"command": "start"}]) == (
        "Bad Request: can't parse BotCommand: Can't find field \"description\""
    )
    assert await refused(api, "setMyCommands", commands=json.dumps(commands)[:-1]) == (
        "Bad Request: can't parse commands JSON object"
    )
    scope = {"type": "chat", "chat_id": USER}
    assert (await api("setMyCommands", commands=json.dumps(commands), scope=scope))[0] == 200


async def test_multipart_files_are_parameters_or_attachments(
    alice: None, server: SandboxServer, http: aiohttp.ClientSession
) -> None:
    def form(**fields: str) -> aiohttp.FormData:
        data = aiohttp.FormData()
        for name, value in fields.items():
            data.add_field(name, value)
        return data

    markup = json.dumps(inline({"text": "OK", "callback_data": "ok"}))
    upload = form(chat_id=str(USER), caption="c", reply_markup=markup)
    upload.add_field("photo", b"\x89PNG", filename="a.png", content_type="image/png")
    assert (await post(http, server, "sendPhoto", data=upload))[0] == 200

    attached = form(chat_id=str(USER), photo="attach://pic")
    attached.add_field("pic", b"\x89PNG", filename="a.png", content_type="image/png")
    assert (await post(http, server, "sendPhoto", data=attached))[0] == 200

    stray = form(chat_id=str(USER), photo="attach://pic")
    stray.add_field("pic", b"\x89PNG", filename="a.png", content_type="image/png")
    stray.add_field("extra", b"?", filename="b.bin")
    status, answer = await post(http, server, "sendPhoto", data=stray)
    assert (status, answer["description"]) == (
        400,
        f'Bad Request: parameter "extra" is not in {VERSION}',
    )

    bad_markup_json = json.dumps(inline({"text": "OK", "callback_data": 1}))
    wrong = form(chat_id=str(USER), reply_markup=bad_markup_json)
    wrong.add_field("document", b"x", filename="x.txt")
    status, answer = await post(http, server, "sendDocument", data=wrong)
    assert (status, answer["description"]) == (
        400,
        'Bad Request: can\'t parse inline keyboard button: Field "callback_data" '
        "must be of type String",
    )


async def test_every_refusal_is_kept_even_if_the_bot_swallowed_it(
    api: ApiCall, alice: None, sb: SandboxClient
) -> None:
    assert await sb.violations() == []
    await refused(api, "sendMessage", chat_id=USER, text="hi", reply_to_message_id=1)
    await refused(api, "sendMessage", chat_id=USER, text="t", reply_markup=inline({"text": 5}))
    await refused(api, "sendMessage", chat_id=USER, text="")  # Telegram's, not the spec's
    kept = await sb.violations()
    assert [(v["who"], v["method"], v["where"]) for v in kept] == [
        ("bot", "sendMessage", "reply_to_message_id"),
        ("bot", "sendMessage", "reply_markup.inline_keyboard[0][0].text"),
    ]
    assert kept[0]["description"] == (
        f'Bad Request: parameter "reply_to_message_id" is not in {VERSION}'
    )
    assert (await sb.stats())["spec_violations"] == 2
    await sb.reset()
    assert await sb.violations() == []


async def test_a_method_the_sandbox_cannot_answer_is_kept_too(
    api: ApiCall, sb: SandboxClient
) -> None:
    assert (await api("sendCarrierPigeon"))[0] == 404  # Telegram's answer, whoever is wrong
    assert (await api("getChat", chat_id=USER))[0] == 404
    kept = [(v["who"], v["method"], v["where"]) for v in await sb.violations()]
    assert kept == [
        ("bot", "sendCarrierPigeon", "not in the spec"),
        ("sandbox", "getChat", "not implemented by the sandbox"),
    ]


async def test_the_check_can_be_turned_off(http: aiohttp.ClientSession) -> None:
    async with (
        SandboxServer(check_spec=False) as server,
        SandboxClient(server.url) as sb,
    ):
        await sb.user(USER, "Alice").send("hello")
        params = {"chat_id": USER, "text": "hi", "colour": "red"}
        status, answer = await post(http, server, "sendMessage", json=params)
        assert status == 200, answer
        # The sandbox's own checks stay: Telegram's limits are not the spec's.
        params = {"chat_id": USER, "text": "x" * 4097}
        status, answer = await post(http, server, "sendMessage", json=params)
        assert (status, answer["description"]) == (400, "Bad Request: message is too long")
        assert await sb.violations() == []


def test_problems_name_the_path_and_the_object() -> None:
    spec = load_spec()
    problem = spec.problem(
        {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private", "first": "x"}},
        (TypeRef("Message"),),
        "result",
    )
    assert problem is not None
    assert (problem.within, problem.path) == ("Chat", "result.chat")
    assert problem.describe() == f'result.chat: Field "first" is not in {VERSION}'
    assert spec.problem(1.5, (TypeRef("Integer"),)) is not None
    assert spec.problem(True, (TypeRef("Integer"),)) is not None
    assert spec.problem([["a"]], (TypeRef("KeyboardButton", 2),)) is None


def test_a_media_group_mixes_photos_and_videos_attached_as_parts() -> None:
    # The spec lists sendMediaGroup's media as "Array of InputMediaPhoto", "Array of
    # InputMediaVideo", ...: one array whose items may be any of them.
    check = RequestCheck()
    media = [{"type": "photo", "media": "attach://a"}, {"type": "video", "media": "attach://b"}]
    parts = {"a": b"1", "b": b"2"}
    check.request("sendMediaGroup", {"chat_id": "501", "media": json.dumps(media)}, parts)
    with pytest.raises(
        SpecViolation, match="can't parse InputMediaVideo: Can't find field \"media\""
    ):
        check.request("sendMediaGroup", {"chat_id": "501", "media": [{"type": "video"}]}, {})
    with pytest.raises(SpecViolation, match=f'parameter "c" is not in {VERSION}'):
        check.request("sendMediaGroup", {"chat_id": "501", "media": media}, {**parts, "c": b"3"})
