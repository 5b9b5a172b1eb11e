"""Digests instead of noise (issue 13): `/notify` chooses, per coordinator, between
every new order, a daily digest at an hour (county time), or only escalations."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

from bot.demo import place_order
from domain.digests import KIND
from tests.flows.powers import BARBERS, POINT_COORDINATOR, STATION_COORDINATOR
from tests.harness import ChatHarness, HarnessUser

COUNTY = ZoneInfo("Asia/Shanghai")
CHOICES_ZH = [
    "📨 每个新订单",
    "🗓 每天 08:00 摘要",
    "🗓 每天 12:00 摘要",
    "🗓 每天 18:00 摘要",
    "🚨 只要督办",
]


async def _sweep(chat: ChatHarness, **advance: float) -> int:
    chat.clock.advance(**advance)
    return await chat.app.sweeper.run_once()


async def _texts(user: HarnessUser, start: str) -> list[str]:
    return [m.text or "" for m in await user.transcript() if (m.text or "").startswith(start)]


async def _choose(user: HarnessUser, label: str) -> None:
    await user.command("notify")
    menu = await user.expect("新订单怎么通知您")
    await user.press(menu, label)
    assert (await user.next_answer()).text == "已保存"  # every press answered
    saved = await user.expect(lambda m: m.message_id == menu.message_id and m.is_edit)
    assert f"✅ {label}" in [b.text for b in saved.button_list]


async def test_notify_shows_the_choice_with_buttons_every_order_by_default(
    chat: ChatHarness,
) -> None:
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    await point.command("notify")
    menu = await point.expect("新订单怎么通知您")
    assert "现在：每个新订单都通知" in (menu.text or "")
    assert [b.text for b in menu.button_list] == [f"✅ {CHOICES_ZH[0]}", *CHOICES_ZH[1:]]

    english = await chat.person(STATION_COORDINATOR, "Qian", "en")
    async with chat.app.db.transaction() as tx:  # the seed says zh-CN for them
        await tx.users.set_locale(STATION_COORDINATOR, "en")
    await english.command("notify")
    menu = await english.expect("How should new orders reach you?")
    await english.press(menu, "🗓 Digest at 08:00")
    assert "a digest every day at 08:00" in ((await english.expect("Now:")).text or "")

    resident = chat.sb.user(800901, "贺奶奶", "zh-CN")
    await resident.command("start")
    await resident.command("notify")
    await resident.expect("只有协调员可以这样做")


async def test_a_digest_comes_at_the_hour_lists_the_day_and_is_armed_for_the_next(
    chat: ChatHarness,
) -> None:
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    station = await chat.person(STATION_COORDINATOR, "钱军")
    for volunteer, name in zip(BARBERS, ("王秀英", "李建国"), strict=True):
        await chat.person(volunteer, name)
    await _choose(point, "🗓 每天 18:00 摘要")  # the clock says 17:00 in the county

    order_id = await place_order(chat.sb.user(800902, "祁奶奶", "zh-CN"))
    await station.expect(f"新订单 #{order_id}")  # who chose every order is still told
    await chat.idle()
    assert await _texts(point, f"新订单 #{order_id}") == []  # not the digest's reader

    await _sweep(chat, minutes=61)  # 18:01 in the county
    digest = await point.expect("🗓 订单摘要")
    text = digest.text or ""
    assert "新来的订单（1 个）" in text and "等待派单（1 个）" in text
    assert f"#{order_id} 爱心义剪" in text
    assert f"📄 #{order_id}" in [b.text for b in digest.button_list]
    assert await _texts(point, "督办") == []  # escalated meanwhile: in the digest, not alone

    async with chat.app.db.read() as tx:
        armed = await tx.deadlines.pending(KIND, POINT_COORDINATOR)
    (next_one,) = [d.due_at for d in armed]  # one, tomorrow at 18:00 county time
    assert next_one.astimezone(COUNTY).time() == time(18, 0)
    assert timedelta(hours=23) < next_one - chat.clock.now() < timedelta(hours=24)

    await point.press(digest, f"📄 #{order_id}")
    card = await point.expect(f"订单 #{order_id}：爱心义剪")
    assert "祁奶奶" in (card.text or "")
    shortlist = await point.expect(f"订单 #{order_id} 推荐的志愿者")
    assert "王秀英" in (shortlist.text or "")

    await _sweep(chat, hours=24)  # the next day's: what came in since the last one
    again = (await point.expect("🗓 订单摘要")).text or ""
    assert "新来的订单" not in again and f"#{order_id}" in again
    assert "已督办（1 个）" in again  # nobody took it all day: escalated by now


async def test_only_escalations_skips_the_new_order_notice(chat: ChatHarness) -> None:
    # Nobody serving 乡风文明 started the bot: the order is escalated at once.
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    await _choose(point, "🚨 只要督办")
    order_id = await place_order(chat.sb.user(800903, "车大爷", "zh-CN"))
    await point.expect(f"督办：订单 #{order_id}")
    await chat.idle()
    assert await _texts(point, f"新订单 #{order_id}") == []
    async with chat.app.db.read() as tx:
        assert await tx.deadlines.pending(KIND, POINT_COORDINATOR) == []

    await _choose(point, "📨 每个新订单")  # and back: the notice again
    second = await place_order(chat.sb.user(800904, "岑奶奶", "zh-CN"))
    await point.expect(f"新订单 #{second}")
