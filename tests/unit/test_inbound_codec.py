"""`Inbound` <-> stored JSON: what the inbox keeps is exactly what the handlers get back."""

from __future__ import annotations

import json

import pytest

from bot.inbound_codec import decode, encode
from handlers.ports import Inbound, Kind, Sender

SENDER = Sender(800001, "王阿姨", username=None, language_code="zh-hans")

EXAMPLES = [
    Inbound(1, Kind.TEXT, 800001, SENDER, text="老人腿脚不便，请上门理发"),
    Inbound(2, Kind.COMMAND, 800001, SENDER, command="start", args="site_11"),
    Inbound(3, Kind.BUTTON, 800001, SENDER, data="o:12:a", callback_id="cb7", message_id=42),
    Inbound(4, Kind.LOCATION, 800001, SENDER, location=(31.2304, 121.4737)),
    Inbound(5, Kind.CONTACT, 800001, SENDER, phone="+8613800001234", contact_user_id=800001),
    Inbound(6, Kind.TEXT, -100123, Sender(900002, "李建国"), chat_type="group", text="hi"),
]


@pytest.mark.parametrize("inbound", EXAMPLES, ids=lambda i: i.kind.value)
def test_every_kind_comes_back_equal(inbound: Inbound) -> None:
    assert decode(encode(inbound)) == inbound


def test_empty_fields_are_left_out_and_chinese_stays_readable() -> None:
    stored = json.loads(encode(EXAMPLES[0]))
    assert set(stored) == {"update_id", "kind", "chat_id", "sender", "chat_type", "text"}
    assert "老人" in encode(EXAMPLES[0])
