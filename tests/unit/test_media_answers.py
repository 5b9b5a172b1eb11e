"""A photo or voice note reaches a flow as its own kind of Answer, with the file id
(of the photo's largest size) and the caption; video and documents stay "other"."""

from __future__ import annotations

from conversations.model import Answer
from handlers.kit.ports import Attachment, Inbound, Kind, PhotoSize, Sender
from handlers.kit.router import _answer

SENDER = Sender(800001, "王阿姨")


def test_a_photo_answers_with_its_largest_size_and_caption() -> None:
    sizes = (PhotoSize("small", "us", 90, 67), PhotoSize("large", "ul", 800, 600))
    inbound = Inbound(1, Kind.PHOTO, 800001, SENDER, text="灯坏了", photos=sizes)
    assert _answer(inbound) == Answer("photo", file_id="large", caption="灯坏了")


def test_a_voice_note_answers_with_its_file_id() -> None:
    voice = Attachment("v1", "uv1", duration=3)
    inbound = Inbound(2, Kind.VOICE, 800001, SENDER, voice=voice)
    assert _answer(inbound) == Answer("voice", file_id="v1")


def test_a_photo_stored_before_media_were_read_is_still_other() -> None:
    # The inbox may hold a photo parsed before: kind photo, no sizes.
    assert _answer(Inbound(3, Kind.PHOTO, 800001, SENDER, text="灯")) == Answer("other")


def test_a_document_or_video_is_other() -> None:
    document = Attachment("d1", "ud1", file_name="a.pdf")
    inbound = Inbound(4, Kind.DOCUMENT, 800001, SENDER, document=document)
    assert _answer(inbound) == Answer("other")
