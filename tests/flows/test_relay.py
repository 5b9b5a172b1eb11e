"""The relayed chat in chat: both ways through the bot (text, photo, voice, location),
by the order's button, by a reply and by the one open thread; nobody's number or
username ever crosses; a coordinator reads the thread; it closes with the order and
survives a restart."""

from __future__ import annotations

import re

import pytest

from bot.demo import VOLUNTEERS, place_order
from domain.errors import Refused
from domain.models import OrderStatus
from sandbox import ChatMessage
from tests.harness import ChatHarness, chat_harness
from tests.harness.users import HarnessUser

POINT_COORDINATOR = 900103
RESIDENT = 800060
RESIDENT_PHONE = "13800001234"  # what `place_order` shares
VOLUNTEER_PHONE = "139 0000 5678"
PHONE_LIKE = re.compile(r"\+?\d[\d\s\-]{5,}\d")
USERNAME_LIKE = re.compile(r"@[A-Za-z0-9_]{3,}")


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def assert_no_contact_details(messages: list[ChatMessage], *secrets: str) -> None:
    """No relayed message carries a phone number, an @username or a secret given."""
    for message in messages:
        words = f"{message.text or ''}\n{message.caption or ''}"
        phones = [m for m in PHONE_LIKE.findall(words) if _digits(m) >= 7]
        assert phones == [], words
        assert USERNAME_LIKE.findall(words) == [], words
        for secret in secrets:
            assert secret not in words, words


def _relayed(messages: list[ChatMessage]) -> list[ChatMessage]:
    return [
        m for m in messages if m.who == "bot" and "💬 订单 #" in f"{m.text or ''}{m.caption or ''}"
    ]


def _relayed_text(message: ChatMessage, words: str) -> bool:
    """A message the relay passed on (not the bot's own words) saying `words`."""
    text = message.text or ""
    return text.startswith("💬 订单 #") and words in text


async def _accepted(
    chat: ChatHarness, resident_username: str | None = "chen_ayi"
) -> tuple[HarnessUser, HarnessUser, int, ChatMessage, ChatMessage]:
    resident = chat.sb.user(RESIDENT, "陈阿姨", "zh-CN", username=resident_username)
    volunteer = chat.sb.user(VOLUNTEERS[0], "王秀英", "zh-CN", username="wang_xiuying")
    await volunteer.command("start")
    await volunteer.expect(lambda m: bool(m.buttons))
    order_id = await place_order(resident)  # type: ignore[arg-type]
    offer = await volunteer.expect(f"新订单 #{order_id}")
    await volunteer.press(offer, "✅ 接单")
    won = await volunteer.expect("您已接下订单")
    told = await resident.expect("接下了您的订单")
    return resident, volunteer, order_id, won, told


async def test_both_sides_write_through_the_bot_and_neither_sees_a_number_or_username(
    chat: ChatHarness,
) -> None:
    await _both_ways(chat)


async def test_the_relay_on_postgresql_and_redis(service_chat: ChatHarness) -> None:
    await _both_ways(service_chat)


async def _both_ways(chat: ChatHarness) -> None:
    resident, volunteer, order_id, _, told = await _accepted(chat)
    # The resident opens the thread with the button on the "accepted" message.
    await resident.press(told, "💬 联系志愿者")
    await resident.expect(f"订单 #{order_id}：请直接发送")
    await resident.send(f"我家在3号楼2单元，电话 {RESIDENT_PHONE}，微信 @chen_ayi")
    await resident.expect("✅ 已转给志愿者")
    got = await volunteer.expect(f"💬 订单 #{order_id} · 居民")
    assert "3号楼2单元" in (got.text or "") and RESIDENT_PHONE not in (got.text or "")
    # The volunteer answers by replying to it (Telegram's reply), without any button.
    await volunteer._message(  # a reply: a message field the harness has no helper for
        text=f"好的，我十点到，有事打 {VOLUNTEER_PHONE} 或 t.me/wang_xiuying",
        extra={"reply_to_message": {"message_id": got.message_id}},
    )
    await volunteer.expect("✅ 已转给居民")
    answer = await resident.expect(f"💬 订单 #{order_id} · 志愿者 王秀英")
    assert "我十点到" in (answer.text or "")
    # A photo, a voice note and a location go through as well.
    await resident.send_photo("门口的样子", data=b"door")
    photo = await volunteer.expect(lambda m: m.photo is not None)
    assert "门口的样子" in (photo.caption or "")
    await volunteer.send_voice(b"ogg", duration=2)
    voice = await resident.expect(lambda m: m.voice is not None)
    assert f"订单 #{order_id}" in (voice.caption or "")
    await resident.share_location(30.27, 120.15)
    where = await volunteer.expect("📍 位置")
    assert "30.27000, 120.15000" in (where.text or "")
    await chat.idle()
    for side in (resident, volunteer):
        assert_no_contact_details(
            _relayed(await side.transcript()),
            RESIDENT_PHONE,
            "chen_ayi",
            "wang_xiuying",
            "5678",
        )
    async with chat.app.db.read() as tx:
        stored = await tx.relay.thread(order_id)
    assert [m.item.kind for m in stored] == ["text", "text", "photo", "voice", "location"]
    assert all(m.delivered_id for m in stored)
    assert RESIDENT_PHONE not in stored[0].item.text  # kept as it was passed on


async def test_one_open_thread_needs_no_button_and_the_coordinator_reads_it(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    resident, volunteer, order_id, _, _ = await _accepted(chat)
    await resident.send("请带上推子")
    await volunteer.expect("请带上推子")
    await volunteer.send("好的")
    await resident.expect(lambda m: "好的" in (m.text or "") and "志愿者" in (m.text or ""))
    await coordinator.command("order", str(order_id))
    card = await coordinator.expect(f"/thread {order_id}")
    assert "对话记录 2 条" in (card.text or "")
    await coordinator.command("thread", str(order_id))
    thread = await coordinator.expect(f"订单 #{order_id} 的对话")
    assert "居民" in (thread.text or "") and "请带上推子" in (thread.text or "")
    assert "好的" in (thread.text or "")
    # A volunteer is no coordinator: the thread is not theirs to read.
    await volunteer.command("thread", str(order_id))
    await volunteer.expect("只有协调员可以")


async def test_the_thread_closes_with_the_order(chat: ChatHarness) -> None:
    resident, volunteer, order_id, won, _ = await _accepted(chat)
    await volunteer.press(won, "💬 联系居民")
    await volunteer.expect("请直接发送要转给居民的话")
    await resident.send("几点到？")  # the resident's one open thread
    await volunteer.expect("几点到？")
    await resident.command("myorders")
    await resident.press(await resident.expect("我的订单"), f"取消订单 #{order_id}")
    await resident.expect(f"订单 #{order_id} 已取消")
    await volunteer.expect(f"居民取消了订单 #{order_id}")
    assert (await chat.order(order_id)).status is OrderStatus.CANCELLED
    await volunteer.send("我快到了")
    await volunteer.expect(f"订单 #{order_id} 的对话已经结束")
    await resident.send("还来吗")
    await resident.expect(f"订单 #{order_id} 的对话已经结束")
    await chat.idle()
    assert not [m for m in _relayed(await resident.transcript()) if "快到了" in (m.text or "")]


async def test_a_stranger_cannot_open_someone_elses_thread(chat: ChatHarness) -> None:
    _, _, order_id, _, _ = await _accepted(chat)
    relay = chat.app.router.services.relay
    with pytest.raises(Refused, match="not-your-order"):
        await relay.open_thread(order_id, VOLUNTEERS[1])
    assert await relay.pick(VOLUNTEERS[1]) is None  # no thread of theirs to write in


async def test_the_relay_survives_a_restart(chat: ChatHarness) -> None:
    _, volunteer, order_id, won, _ = await _accepted(chat)
    await volunteer.press(won, "💬 联系居民")
    await volunteer.expect("请直接发送要转给居民的话")
    await chat.idle()
    settings = chat.app.settings
    # Another process on the same database: nothing of the relay was in memory.
    async with chat_harness(settings, clock=chat.clock) as again:
        volunteer2 = await again.person(VOLUNTEERS[0], "王秀英")
        resident2 = await again.person(RESIDENT, "陈阿姨")
        await resident2.send("我在家等您")  # the resident's one open thread
        await volunteer2.expect("我在家等您")
        await volunteer2.send("马上到")  # the volunteer's thread, opened before the restart
        await resident2.expect("马上到")
    async with chat.app.db.read() as tx:
        assert [m.item.text for m in await tx.relay.thread(order_id)] == ["我在家等您", "马上到"]


async def test_forgetme_blanks_what_one_wrote_in_a_thread(chat: ChatHarness) -> None:
    resident, volunteer, order_id, _, _ = await _accepted(chat)
    # Each side waits for the relayed message itself: the order's house address
    # (3号楼2单元301) is in the volunteer's task already, so a bare "3号楼2单元" would
    # match that, and /forgetme could run before the resident's message was stored.
    await resident.send("我家在3号楼2单元")
    await resident.expect("✅ 已转给志愿者")
    await volunteer.expect(
        lambda m: "💬 订单 #" in (m.text or "") and "3号楼2单元" in (m.text or "")
    )
    await volunteer.send("好的")
    await volunteer.expect("✅ 已转给居民")
    await resident.expect(lambda m: _relayed_text(m, "好的"))
    await chat.idle()
    await chat.app.router.services.privacy.forget(RESIDENT)
    async with chat.app.db.read() as tx:
        texts = [m.item.text for m in await tx.relay.thread(order_id)]
        assert await tx.relay.focus(RESIDENT) is None
    assert texts == ["", "好的"]


async def test_the_thread_closes_when_the_order_is_done(chat: ChatHarness) -> None:
    resident, volunteer, order_id, _, _ = await _accepted(chat)
    await resident.send("谢谢")
    await volunteer.expect("谢谢")
    await chat.app.router.services.desk.finish(order_id, VOLUNTEERS[0], 1.0)
    await resident.send("再见")
    await resident.expect(f"订单 #{order_id} 的对话已经结束")
    await resident.send("还在吗")  # told once; then the menu, as before any thread
    await resident.expect("请点下面的按钮")


async def test_a_stale_keyboards_cancel_is_never_passed_on(chat: ChatHarness) -> None:
    resident, volunteer, order_id, _, _ = await _accepted(chat)
    await resident.send("你好")
    await volunteer.expect("你好")
    await resident.send("✖ 取消")  # no conversation stored at all: "lost"
    await chat.idle()
    async with chat.app.db.read() as tx:
        assert [m.item.text for m in await tx.relay.thread(order_id)] == ["你好"]
