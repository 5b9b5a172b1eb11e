"""`Inbound` <-> stored JSON: what the inbox keeps is exactly what the handlers get back."""

from __future__ import annotations

import json

import pytest

from bot.inbound_codec import decode, encode
from handlers.kit.ports import Attachment, Inbound, Kind, PhotoSize, Sender

SENDER = Sender(800001, "王阿姨", username=None, language_code="zh-hans")

EXAMPLES = [
    Inbound(1, Kind.TEXT, 800001, SENDER, text="老人腿脚不便，请上门理发"),
    Inbound(2, Kind.COMMAND, 800001, SENDER, command="start", args="site_11"),
    Inbound(3, Kind.BUTTON, 800001, SENDER, data="o:12:a", callback_id="cb7", message_id=42),
    Inbound(4, Kind.LOCATION, 800001, SENDER, location=(31.2304, 121.4737)),
    Inbound(5, Kind.CONTACT, 800001, SENDER, phone="+8613800001234", contact_user_id=800001),
    Inbound(6, Kind.TEXT, -100123, Sender(900002, "李建国"), chat_type="group", text="hi"),
    Inbound(
        7,
        Kind.PHOTO,
        800001,
        SENDER,
        text="楼道灯坏了",
        message_id=9,
        photos=(PhotoSize("p-s", "u-s", 90, 67, 1200), PhotoSize("p-l", "u-l", 800, 600)),
    ),
    Inbound(
        8,
        Kind.VOICE,
        800001,
        SENDER,
        voice=Attachment("v1", "uv1", 5120, "audio/ogg", duration=4),
    ),
    Inbound(
        9,
        Kind.VIDEO,
        800001,
        SENDER,
        video=Attachment("vd", "uvd", 9000, "video/mp4", "a.mp4", 12, 640, 360),
    ),
    Inbound(
        10,
        Kind.DOCUMENT,
        800001,
        SENDER,
        text="名单",
        document=Attachment("d1", "ud1", 20480, "text/csv", "名单.csv"),
    ),
]


@pytest.mark.parametrize("inbound", EXAMPLES, ids=lambda i: i.kind.value)
def test_every_kind_comes_back_equal(inbound: Inbound) -> None:
    assert decode(encode(inbound)) == inbound


def test_empty_fields_are_left_out_and_chinese_stays_readable() -> None:
    stored = json.loads(encode(EXAMPLES[0]))
    assert set(stored) == {"update_id", "kind", "chat_id", "sender", "chat_type", "text"}
    assert "老人" in encode(EXAMPLES[0])


def test_media_are_stored_as_plain_json_without_empty_fields() -> None:
    stored = json.loads(encode(EXAMPLES[7]))
    assert stored["voice"] == {
        "file_id": "v1",
        "file_unique_id": "uv1",
        "file_size": 5120,
        "mime_type": "audio/ogg",
        "duration": 4,
    }
    assert "photos" not in stored and "document" not in stored
    assert json.loads(encode(EXAMPLES[6]))["photos"][1] == {
        "file_id": "p-l",
        "file_unique_id": "u-l",
        "width": 800,
        "height": 600,
    }


@pytest.mark.parametrize(
    "stored",
    [
        # As the inbox held a photo before media were read: kind and caption only.
        '{"update_id":7,"kind":"photo","chat_id":800001,"sender":{"id":800001,'
        '"first_name":"王阿姨","username":null,"language_code":"zh-hans"},'
        '"chat_type":"private","text":"灯","message_id":9}',
        # And a voice note, then "other".
        '{"update_id":8,"kind":"other","chat_id":800001,"sender":{"id":800001,'
        '"first_name":"王阿姨","username":null,"language_code":"zh-hans"},'
        '"chat_type":"private","message_id":10}',
    ],
)
def test_updates_stored_before_media_still_decode(stored: str) -> None:
    inbound = decode(stored)
    assert inbound.kind in (Kind.PHOTO, Kind.OTHER)
    assert (inbound.photos, inbound.photo, inbound.voice, inbound.document) == (
        (),
        None,
        None,
        None,
    )
    assert decode(encode(inbound)) == inbound
