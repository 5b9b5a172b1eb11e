"""The pure Bot API functions: updates in, markup out, answers judged."""

from __future__ import annotations

import json

import pytest

from bot.transports.botapi import (
    ApiError,
    RetryAfter,
    ServerError,
    check_response,
    failure,
    get_updates_params,
    markup_to_json,
    parse_update,
    redact,
    scrub,
    split_command,
)
from handlers.kit.ports import (
    Attachment,
    BadRequest,
    Button,
    InlineKeyboard,
    Kind,
    Markup,
    PhotoSize,
    RemoveKeyboard,
    ReplyButton,
    ReplyKeyboard,
    Sender,
    Unreachable,
)

from .updates import SAMPLES

LI = Sender(id=42, first_name="Li", username="li_wei", language_code="zh-hans")


def test_text() -> None:
    inbound = parse_update(SAMPLES["text"])
    assert inbound is not None
    assert (inbound.kind, inbound.text, inbound.chat_id, inbound.chat_type) == (
        Kind.TEXT,
        "hello",
        42,
        "private",
    )
    assert inbound.sender == LI
    assert inbound.update_id == 1


def test_command_with_botname_and_args() -> None:
    inbound = parse_update(SAMPLES["command"], bot_username="civic_bot")
    assert inbound is not None
    assert (inbound.kind, inbound.command, inbound.args) == (Kind.COMMAND, "start", "ref 12")


def test_bare_command() -> None:
    inbound = parse_update(SAMPLES["command_bare"])
    assert inbound is not None
    assert (inbound.kind, inbound.command, inbound.args) == (Kind.COMMAND, "help", "")


def test_command_for_another_bot_is_ignored_only_when_we_know_our_name() -> None:
    assert parse_update(SAMPLES["command_other_bot"], bot_username="civic_bot") is None
    inbound = parse_update(SAMPLES["command_other_bot"])
    assert inbound is not None and inbound.command == "start"


def test_slash_text_that_is_no_command() -> None:
    inbound = parse_update(SAMPLES["not_a_command"])
    assert inbound is not None and inbound.kind == Kind.TEXT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start", ("start", None, "")),
        ("/START@Bot x\ny", ("start", "Bot", "x\ny")),
        ("/a_1 b", ("a_1", None, "b")),
        ("start", None),
        ("/", None),
        ("/ x", None),
    ],
)
def test_split_command(text: str, expected: tuple[str, str | None, str] | None) -> None:
    assert split_command(text) == expected


def test_location() -> None:
    inbound = parse_update(SAMPLES["location"])
    assert inbound is not None
    assert (inbound.kind, inbound.location) == (Kind.LOCATION, (31.23, 121.47))


def test_contact() -> None:
    inbound = parse_update(SAMPLES["contact"])
    assert inbound is not None
    assert (inbound.kind, inbound.phone, inbound.contact_user_id) == (
        Kind.CONTACT,
        "+8613800000000",
        42,
    )


def test_photo_carries_its_caption() -> None:
    inbound = parse_update(SAMPLES["photo"])
    assert inbound is not None
    assert (inbound.kind, inbound.text) == (Kind.PHOTO, "broken lamp")


def test_photo_keeps_every_size_and_names_the_largest() -> None:
    inbound = parse_update(SAMPLES["photo_sizes"])
    assert inbound is not None and inbound.kind == Kind.PHOTO
    assert inbound.photos == (
        PhotoSize("ps", "us", 90, 67, 900),
        PhotoSize("pl", "ul", 1280, 960),
        PhotoSize("pm", "um", 320, 240),
    )
    assert inbound.photo == PhotoSize("pl", "ul", 1280, 960)
    assert parse_update(SAMPLES["text"]).photo is None  # type: ignore[union-attr]


def test_voice_video_and_document_carry_their_file_ids() -> None:
    voice = parse_update(SAMPLES["voice"])
    assert voice is not None
    assert (voice.kind, voice.text) == (Kind.VOICE, "楼道灯坏了")
    assert voice.voice == Attachment("v1", "uv1", 5120, "audio/ogg", duration=4)
    video = parse_update(SAMPLES["video"])
    assert video is not None and video.kind == Kind.VIDEO
    assert video.video == Attachment(
        "vd1", "uvd1", 900000, "video/mp4", "lamp.mp4", duration=12, width=640, height=360
    )
    document = parse_update(SAMPLES["document"])
    assert document is not None
    assert (document.kind, document.text) == (Kind.DOCUMENT, "list")
    assert document.document is not None
    assert (document.document.file_id, document.document.file_name) == ("d1", "名单.xlsx")
    assert document.voice is None and document.photos == ()


def test_anything_else_in_a_message_is_other() -> None:
    inbound = parse_update(SAMPLES["sticker"])
    assert inbound is not None and inbound.kind == Kind.OTHER


def test_an_animation_is_no_document_though_it_fills_the_field() -> None:
    inbound = parse_update(SAMPLES["animation"])
    assert inbound is not None
    assert (inbound.kind, inbound.document) == (Kind.OTHER, None)


def test_button_press() -> None:
    inbound = parse_update(SAMPLES["callback"])
    assert inbound is not None
    assert (inbound.kind, inbound.data, inbound.callback_id, inbound.message_id) == (
        Kind.BUTTON,
        "o:12:a",
        "cb-1",
        99,
    )
    assert (inbound.chat_id, inbound.chat_type, inbound.sender) == (-100123, "supergroup", LI)


def test_button_under_inline_message_answers_in_private() -> None:
    inbound = parse_update(SAMPLES["callback_inline"])
    assert inbound is not None
    assert (inbound.chat_id, inbound.message_id) == (42, None)


@pytest.mark.parametrize("name", ["edited", "channel_post"])
def test_updates_we_do_not_read(name: str) -> None:
    assert parse_update(SAMPLES[name]) is None


def test_inline_keyboard_markup() -> None:
    markup = InlineKeyboard(((Button("Accept", "o:1:a"), Button("Decline", "o:1:d")),))
    assert markup_to_json(markup) == {
        "inline_keyboard": [
            [
                {"text": "Accept", "callback_data": "o:1:a"},
                {"text": "Decline", "callback_data": "o:1:d"},
            ]
        ]
    }


def test_reply_keyboard_markup() -> None:
    markup = ReplyKeyboard(
        (
            (ReplyButton("Where", "location"), ReplyButton("Phone", "contact")),
            (ReplyButton("Cancel"),),
        ),
        one_time=False,
    )
    assert markup_to_json(markup) == {
        "keyboard": [
            [
                {"text": "Where", "request_location": True},
                {"text": "Phone", "request_contact": True},
            ],
            [{"text": "Cancel"}],
        ],
        "resize_keyboard": True,
        "one_time_keyboard": False,
    }


def test_remove_and_no_markup() -> None:
    assert markup_to_json(RemoveKeyboard()) == {"remove_keyboard": True}
    assert markup_to_json(None) is None


def test_check_response_success() -> None:
    assert check_response("sendMessage", 200, {"ok": True, "result": {"message_id": 3}}) == {
        "message_id": 3
    }


def test_check_response_retry_after() -> None:
    body = {"ok": False, "error_code": 429, "parameters": {"retry_after": 7}}
    with pytest.raises(RetryAfter) as caught:
        check_response("sendMessage", 429, body)
    assert caught.value.seconds == 7


@pytest.mark.parametrize(("status", "body"), [(502, None), (500, {"ok": False, "error_code": 500})])
def test_check_response_server_error(status: int, body: object) -> None:
    with pytest.raises(ServerError):
        check_response("sendMessage", status, body)


def test_check_response_forbidden_names_the_chat() -> None:
    body = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
    with pytest.raises(Unreachable) as caught:
        check_response("sendMessage", 403, body, chat_id=42)
    assert caught.value.chat_id == 42


def test_chat_not_found_is_unreachable_not_a_bad_request() -> None:
    # Sending to someone who never started the bot: they cannot be reached, like 403.
    body = {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
    with pytest.raises(Unreachable) as caught:
        check_response("sendMessage", 400, body, chat_id=42)
    assert caught.value.chat_id == 42


def test_check_response_bad_request_keeps_the_description() -> None:
    body = {"ok": False, "error_code": 400, "description": "Bad Request: message is not modified"}
    with pytest.raises(BadRequest, match="message is not modified"):
        check_response("editMessageText", 400, body)


@pytest.mark.parametrize("status", [401, 404, 409])
def test_check_response_other_errors(status: int) -> None:
    with pytest.raises(ApiError) as caught:
        check_response("getUpdates", status, {"ok": False, "error_code": status})
    assert caught.value.status == status


def test_redact_hides_personal_data() -> None:
    safe = redact(
        {"chat_id": 42, "text": "a very long message about my address", "phone_number": "+86"}
    )
    assert safe["chat_id"] == 42
    assert safe["text"] == "<36 chars>"
    assert safe["phone_number"] == "***"


def test_redact_shows_no_prefix_of_a_short_text() -> None:
    # 16 characters of a text were shown: that is a whole phone number or address.
    assert redact({"text": "用 13812345678"})["text"] == "<13 chars>"
    assert redact({"caption": "家住3号楼2单元"})["caption"] == "<8 chars>"


@pytest.mark.parametrize(
    ("markup", "shape"),
    [
        (ReplyKeyboard(((ReplyButton("用 13812345678"),), (ReplyButton("跳过"),))), "keyboard 2x1"),
        (
            InlineKeyboard(((Button("用 13812345678", "f:1:saved"), Button("x", "y")),)),
            "inline_keyboard 1x2",
        ),
    ],
)
def test_redact_shows_a_keyboard_s_shape_never_its_words(markup: Markup, shape: str) -> None:
    shown = redact({"reply_markup": markup_to_json(markup)})["reply_markup"]
    assert shown == f"<{shape}>"
    as_json = redact({"reply_markup": json.dumps(markup_to_json(markup))})["reply_markup"]
    assert as_json == f"<{shape}>"


def test_failure_names_the_error_and_where_never_the_data() -> None:
    try:
        float("家住3号楼2单元")
    except ValueError as exc:
        described = failure(exc)
    assert described.startswith("ValueError at test_botapi.py:")
    assert "3号楼" not in described


def test_scrub_removes_the_token() -> None:
    text = "Cannot connect: http://127.0.0.1:1/bot1000001:SANDBOX-abc_def/sendMessage"
    assert scrub(text) == "Cannot connect: http://127.0.0.1:1/bot<token>/sendMessage"


def test_get_updates_sends_timeout_and_limit_as_integers() -> None:
    params = get_updates_params(7, 25.0, 100)
    assert params["timeout"] == 25 and type(params["timeout"]) is int
    assert type(params["limit"]) is int and params["offset"] == 7
    assert get_updates_params(None, 0.4, 500)["limit"] == 100
