"""python-telegram-bot 22 against the sandbox: requests it sends, results it parses."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import timedelta
from typing import Any

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
    User,
)
from telegram.error import BadRequest, Forbidden, RetryAfter

from sandbox import SANDBOX_TOKEN, Limits, SandboxClient, SandboxServer

ApiCall = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]
MENU = InlineKeyboardMarkup([[InlineKeyboardButton("接单", callback_data="accept:42")]])


@pytest.fixture
async def ptb(server: SandboxServer) -> AsyncIterator[Bot]:
    async with Bot(SANDBOX_TOKEN, base_url=f"{server.url}/bot") as bot:  # runs get_me
        yield bot


async def test_ptb_round_trip(ptb: Bot, sb: SandboxClient) -> None:
    me = await ptb.get_me()
    assert (me.id, me.username, me.is_bot) == (1000001, "civic_sandbox_bot", True)
    alice = sb.user(501, "Alice")
    await alice.command("start", "site_12")
    [update] = await ptb.get_updates(timeout=0)
    assert update.message is not None and update.message.text == "/start site_12"
    assert update.message.parse_entities() == {update.message.entities[0]: "/start"}

    sent = await ptb.send_message(501, "新订单", reply_markup=MENU)
    assert sent.reply_markup == MENU
    ask = ReplyKeyboardMarkup(
        [[KeyboardButton("发送位置", request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    await ptb.send_message(501, "您在哪里?", reply_markup=ask)
    await ptb.send_message(501, "谢谢", reply_markup=ReplyKeyboardRemove())

    offer = await alice.next_message()
    where = await alice.next_message()
    thanks = await alice.next_message()
    assert offer.buttons[0][0].data == "accept:42"
    assert where.reply_buttons[0][0].request_location
    assert thanks.removed_keyboard

    await alice.press(offer, "接单")
    [press] = await ptb.get_updates(offset=update.update_id + 1, timeout=0)
    assert press.callback_query is not None and press.callback_query.data == "accept:42"
    assert press.callback_query.message == sent
    assert await press.callback_query.answer("已接单") is True
    edited = await ptb.edit_message_text("已被您接单", chat_id=501, message_id=sent.message_id)
    assert isinstance(edited, Message) and edited.edit_date is not None
    assert (await alice.next_message()).text == "已被您接单"
    assert (await alice.next_answer()).text == "已接单"

    document = await ptb.send_document(501, b"a,b\n1,2\n", filename="export.csv")
    assert document.document is not None and document.document.file_name == "export.csv"
    assert document.document.file_size == 8
    await ptb.set_my_commands([("start", "开始"), ("help", "帮助")])
    assert [c.command for c in await ptb.get_my_commands()] == ["start", "help"]
    assert await ptb.delete_webhook() is True
    assert (await ptb.get_webhook_info()).url == ""


async def test_ptb_maps_sandbox_errors(ptb: Bot, sb: SandboxClient) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await ptb.send_message(404, "hi")
    alice = sb.user(501, "Alice")
    await alice.send("hi")
    sent = await ptb.send_message(501, "x", reply_markup=MENU)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await ptb.edit_message_text("x", chat_id=501, message_id=sent.message_id, reply_markup=MENU)
    await alice.block()
    with pytest.raises(Forbidden, match="blocked"):
        await ptb.send_message(501, "hi")


async def test_ptb_sees_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns in RetryAfter.__init__ unless it is opted in to timedelta values.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with (
        SandboxServer(limits=Limits(private_rate=0.01, private_burst=1)) as server,
        SandboxClient(server.url) as sb,
        Bot(SANDBOX_TOKEN, base_url=f"{server.url}/bot") as bot,
    ):
        await sb.user(501, "Alice").send("hi")
        await bot.send_message(501, "one")
        with pytest.raises(RetryAfter) as limited:
            await bot.send_message(501, "two")
        retry_after = limited.value.retry_after
        assert isinstance(retry_after, timedelta) and retry_after.total_seconds() >= 1


async def test_every_result_parses_in_ptb(api: ApiCall, sb: SandboxClient, ptb: Bot) -> None:
    """Feed raw sandbox results and updates to PTB's de_json with strict expectations."""
    alice = sb.user(501, "Alice", username="alice")
    await alice.send("hi")
    await alice.share_location(1.5, 2.5)
    await alice.share_contact("+86 138")
    await alice.send_photo("pic")
    await alice.send_sticker()
    _, me = await api("getMe")
    assert User.de_json(me["result"], ptb).username == "civic_sandbox_bot"
    _, sent = await api("sendMessage", chat_id=501, text="t", reply_markup=MENU.to_dict())
    await alice.press(await alice.next_message(), "接单")
    _, photo = await api("sendPhoto", chat_id=501, photo="https://example.org/a.png")
    message = Message.de_json(sent["result"], ptb)
    assert message.reply_markup == MENU and message.from_user is not None
    assert Message.de_json(photo["result"], ptb).photo[0].width == 800
    _, edited = await api("editMessageReplyMarkup", chat_id=501, message_id=message.message_id)
    assert Message.de_json(edited["result"], ptb).reply_markup is None
    _, raw_updates = await api("getUpdates")
    parsed = [Update.de_json(raw, ptb) for raw in raw_updates["result"]]
    assert parsed[1].message is not None and parsed[1].message.location is not None
    assert parsed[2].message is not None and parsed[2].message.contact is not None
    assert parsed[3].message is not None and len(parsed[3].message.photo) == 3
    assert parsed[4].message is not None and parsed[4].message.sticker is not None
    assert parsed[5].callback_query is not None
    assert parsed[5].callback_query.message is not None
    for update, raw in zip(parsed, raw_updates["result"], strict=True):
        # Nothing we send is left over for api_kwargs: every field is a real field.
        for obj in (update.message, update.callback_query):
            if obj is not None:
                assert obj.api_kwargs == {}, (raw, obj.api_kwargs)
