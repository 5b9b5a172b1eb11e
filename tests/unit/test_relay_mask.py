"""What the relayed chat masks before it passes a message on (`domain.relay.mask`)."""

from __future__ import annotations

import pytest

from domain.relay import MASK, mask


@pytest.mark.parametrize(
    "text",
    [
        "电话 13800001234",
        "call +86 138 0000 1234",
        "座机 0571-8888-1234",
        "(0571) 88881234",
        "微信 @chen_ayi",
        "t.me/wang_xiuying",
        "https://t.me/wang_xiuying?start=x",
        "telegram.me/someone",
        "电话1380000１234".replace("１", "1"),
    ],
)
def test_numbers_usernames_and_links_are_masked(text: str) -> None:
    masked = mask(text)
    assert MASK in masked
    assert sum(ch.isdigit() for ch in masked) < 7
    assert "@chen_ayi" not in masked and "wang_xiuying" not in masked


@pytest.mark.parametrize(
    "text",
    [
        "我家在3号楼2单元301室",
        "十点到，2026-12-01 见",
        "门牌 12-3",
        "大概 30 分钟",
        "邮件 a@b",  # too short to be a username
    ],
)
def test_ordinary_words_and_short_numbers_stay(text: str) -> None:
    assert mask(text) == text


def test_a_reply_names_the_message_it_replies_to_through_the_inbox() -> None:
    from bot import inbound_codec
    from bot.transports.botapi import parse_update

    chat = {"id": 5, "type": "private"}
    update = {
        "update_id": 1,
        "message": {
            "message_id": 9,
            "chat": chat,
            "from": {"id": 5, "first_name": "A"},
            "text": "好的",
            "reply_to_message": {"message_id": 7, "chat": chat, "date": 0},
        },
    }
    inbound = parse_update(update)
    assert inbound is not None and inbound.reply_to == 7
    assert inbound_codec.decode(inbound_codec.encode(inbound)) == inbound
