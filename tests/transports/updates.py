"""Bot API update samples shared by the parser tests of both transports."""

from __future__ import annotations

from typing import Any

USER = {
    "id": 42,
    "is_bot": False,
    "first_name": "Li",
    "username": "li_wei",
    "language_code": "zh-hans",
}
PRIVATE = {"id": 42, "type": "private", "first_name": "Li"}
GROUP = {"id": -100123, "type": "supergroup", "title": "Volunteers"}


def message(
    update_id: int = 1, chat: dict[str, Any] | None = None, **fields: Any
) -> dict[str, Any]:
    body = {"message_id": 7, "date": 1700000000, "chat": chat or PRIVATE, "from": USER, **fields}
    return {"update_id": update_id, "message": body}


def callback(data: str = "o:12:a", with_message: bool = True) -> dict[str, Any]:
    query: dict[str, Any] = {"id": "cb-1", "from": USER, "chat_instance": "ci", "data": data}
    if with_message:
        query["message"] = {"message_id": 99, "date": 1700000000, "chat": GROUP, "text": "offer"}
    else:
        query["inline_message_id"] = "im-1"
    return {"update_id": 5, "callback_query": query}


SAMPLES: dict[str, dict[str, Any]] = {
    "text": message(text="hello"),
    "command": message(
        text="/Start@Civic_Bot  ref 12",
        entities=[{"type": "bot_command", "offset": 0, "length": 15}],
    ),
    "command_bare": message(text="/help"),
    "command_other_bot": message(text="/start@other_bot", chat=GROUP),
    "not_a_command": message(text="/path/to thing"),
    "location": message(location={"latitude": 31.23, "longitude": 121.47}),
    "contact": message(
        contact={"phone_number": "+8613800000000", "first_name": "Li", "user_id": 42}
    ),
    "photo": message(
        photo=[{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}],
        caption="broken lamp",
    ),
    "photo_sizes": message(
        photo=[
            {"file_id": "ps", "file_unique_id": "us", "width": 90, "height": 67, "file_size": 900},
            {"file_id": "pl", "file_unique_id": "ul", "width": 1280, "height": 960},
            {"file_id": "pm", "file_unique_id": "um", "width": 320, "height": 240},
        ]
    ),
    "voice": message(
        voice={
            "file_id": "v1",
            "file_unique_id": "uv1",
            "duration": 4,
            "mime_type": "audio/ogg",
            "file_size": 5120,
        },
        caption="楼道灯坏了",
    ),
    "video": message(
        video={
            "file_id": "vd1",
            "file_unique_id": "uvd1",
            "width": 640,
            "height": 360,
            "duration": 12,
            "file_name": "lamp.mp4",
            "mime_type": "video/mp4",
            "file_size": 900000,
        }
    ),
    "document": message(
        document={
            "file_id": "d1",
            "file_unique_id": "ud1",
            "file_name": "名单.xlsx",
            "mime_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "file_size": 20480,
        },
        caption="list",
    ),
    "animation": message(
        animation={
            "file_id": "a1",
            "file_unique_id": "ua1",
            "width": 200,
            "height": 200,
            "duration": 2,
        },
        document={"file_id": "a1", "file_unique_id": "ua1", "mime_type": "video/mp4"},
    ),
    "sticker": message(
        sticker={
            "file_id": "s1",
            "file_unique_id": "u2",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    ),
    "callback": callback(),
    "callback_inline": callback(with_message=False),
    "edited": {
        "update_id": 9,
        "edited_message": {
            "message_id": 7,
            "date": 1,
            "edit_date": 2,
            "chat": PRIVATE,
            "text": "x",
        },
    },
    "channel_post": {
        "update_id": 10,
        "channel_post": {
            "message_id": 7,
            "date": 1,
            "chat": {"id": -1001, "type": "channel"},
            "text": "x",
        },
    },
}
