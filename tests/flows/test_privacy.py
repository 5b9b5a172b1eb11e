"""Personal data (PIPL): the notice at first contact, /mydata as a file, /forgetme."""

from __future__ import annotations

from bot.demo import COORDINATOR, VOLUNTEERS, place_order
from domain.models import OrderStatus
from sandbox import ChatMessage
from tests.harness import ChatHarness, HarnessUser

NOTICE = "关于您的个人信息"
PHONE = "13800001234"  # the demo's
DETAILS = "老人腿脚不便，请上门理发"
HOUSE = "3号楼2单元301"  # the demo's house address


async def _file(chat: ChatHarness, user: HarnessUser) -> str:
    await user.command("mydata")
    sent = await user.expect(lambda m: m.document is not None)
    assert sent.document is not None
    bot = chat.server.world.bot()
    assert bot is not None
    return bot.files[sent.document.file_id].data.decode("utf-8")


async def _forget(user: HarnessUser) -> ChatMessage:
    await user.command("forgetme")
    asked = await user.expect("确定要删除您的个人信息吗")
    await user.press(asked, "🗑 确定删除")
    return await user.expect("已删除您的个人信息")


async def test_the_notice_comes_first_before_any_phone_or_place_is_stored(
    chat: ChatHarness,
) -> None:
    resident = chat.sb.user(800031, "周阿姨", "zh-CN")
    await resident.command("start", "site_11")  # the first thing stored: a home site
    await resident.expect("您好")
    first, *_ = [m for m in await resident.transcript() if m.who == "bot"]
    assert NOTICE in (first.text or "") and "/forgetme" in (first.text or "")
    profile = await chat.app.router.services.people.profile(800031)
    assert profile is not None and profile.notice_at is not None and profile.home_site_id == 11
    # Told once: the next update gets no notice.
    await resident.command("start")
    await resident.expect("您好")
    said = [m.text or "" for m in await resident.transcript() if m.who == "bot"]
    assert sum(NOTICE in text for text in said) == 1


async def test_a_user_from_before_the_notice_is_told_on_their_next_message(
    chat: ChatHarness,
) -> None:
    services = chat.app.router.services
    async with chat.app.db.transaction() as tx:  # known before the notice existed
        await tx.users.upsert(800032, "吴大爷", None)
        await tx.users.set_phone(800032, PHONE)
    resident = chat.sb.user(800032, "吴大爷", "zh-CN")
    await resident.command("myorders")
    await resident.expect(NOTICE)
    await resident.expect("您还没有订单")
    profile = await services.people.profile(800032)
    assert profile is not None and profile.notice_at is not None


async def test_mydata_sends_everything_stored_about_me_as_a_file(chat: ChatHarness) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    resident = chat.sb.user(800033, "郑阿姨", "zh-CN")
    order_id = await place_order(resident)
    await first.press(await first.expect(f"新订单 #{order_id}"), "✅ 接单")
    await first.expect("您已接下订单")

    mine = await _file(chat, resident)
    for expected in ("郑阿姨", PHONE, "大桥社区", f"订单 #{order_id} 爱心义剪", DETAILS, "已接单"):
        assert expected in mine, expected
    assert "【我点的服务】" in mine and "待派单" in mine  # the order's history
    assert "联系渠道Telegram：800033" in mine  # where the bot reaches them is theirs too
    assert "上门信息：" in mine and HOUSE in mine  # the order's house (order_details)

    theirs = await _file(chat, first)
    assert "【我服务过的订单】" in theirs and f"订单 #{order_id}" in theirs
    assert "志愿者" in theirs and "王秀英" in theirs
    # A volunteer's copy never carries the resident's data.
    assert PHONE not in theirs and DETAILS not in theirs and "郑阿姨" not in theirs
    assert HOUSE not in theirs


async def test_forgetme_erases_me_cancels_my_open_orders_and_tells_everyone(
    chat: ChatHarness,
) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    resident = chat.sb.user(800034, "冯奶奶", "zh-CN")
    accepted = await place_order(resident)
    await first.press(await first.expect(f"新订单 #{accepted}"), "✅ 接单")
    await first.expect("您已接下订单")
    offered = await place_order(resident)
    offers = [await v.expect(f"新订单 #{offered}") for v in (first, second)]

    done = await _forget(resident)
    assert "取消了 2 个订单" in (done.text or "") and not done.buttons
    await first.expect(f"居民取消了订单 #{accepted}")
    for volunteer, offer in zip((first, second), offers, strict=True):
        withdrawn = await volunteer.expect(f"订单 #{offered} 已取消")
        assert withdrawn.message_id == offer.message_id and not withdrawn.buttons

    services = chat.app.router.services
    profile = await services.people.profile(800034)
    assert profile is not None
    assert (profile.first_name, profile.phone, profile.home_site_id) == ("", None, None)
    for order_id in (accepted, offered):
        order = await chat.order(order_id)
        assert order.status is OrderStatus.CANCELLED
        assert (order.phone, order.details, order.lat, order.lon) == (None, "", None, None)
        assert (order.category_code, order.site_id) == ("civility", 11)  # counts stay
    assert (await services.people.volunteer(VOLUNTEERS[0])).open_tasks == 0  # type: ignore[union-attr]


async def test_forgetme_as_a_volunteer_gives_my_tasks_back_to_dispatch(chat: ChatHarness) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    resident = chat.sb.user(800035, "褚阿姨", "zh-CN")
    order_id = await place_order(resident)
    await second.expect(f"新订单 #{order_id}")
    await first.press(await first.expect(f"新订单 #{order_id}"), "✅ 接单")
    await first.expect("您已接下订单")
    await second.expect("已被其他志愿者接下")

    done = await _forget(first)
    assert "交回了 1 个任务" in (done.text or "")
    await resident.expect(f"订单 #{order_id} 正在重新安排志愿者")
    await second.press(await second.expect(f"新订单 #{order_id}"), "✅ 接单")
    await second.expect("您已接下订单")
    assert (await chat.order(order_id)).volunteer_id == VOLUNTEERS[1]
    volunteer = await chat.app.router.services.people.volunteer(VOLUNTEERS[0])
    assert volunteer is not None and not volunteer.active  # no more offers nor assignments


async def test_forgetme_asks_first_and_keep_erases_nothing(chat: ChatHarness) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    await coordinator.command("forgetme")
    asked = await coordinator.expect("确定要删除您的个人信息吗")
    await coordinator.press(asked, "不删除")
    kept = await coordinator.expect("什么都没有删除")
    assert kept.message_id == asked.message_id and not kept.buttons
    profile = await chat.app.router.services.people.profile(COORDINATOR)
    assert profile is not None and profile.first_name == "冯雪"


async def test_forgetme_left_a_typed_cancel_reason_about_me_in_the_audit_trail(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    resident = chat.sb.user(800036, "褚阿姨", "zh-CN")
    order_id = await place_order(resident)
    await coordinator.command("cancel", f"{order_id} 褚阿姨改天，回电 {PHONE}")
    await coordinator.expect("已取消，已通知")

    await _forget(resident)
    await coordinator.command("audit")
    trail = (await coordinator.expect("您负责站点的操作记录")).text or ""
    # Who cancelled which order stays for the auditor; the words about her go.
    assert f"冯雪（{COORDINATOR}）：取消了订单 #{order_id}" in trail
    assert "理由：（已随个人信息删除）" in trail
    assert PHONE not in trail and "褚阿姨" not in trail
    await coordinator.command("order", str(order_id))
    history = (await coordinator.expect("记录：")).text or ""
    assert "协调员取消（理由已随个人信息删除）" in history and PHONE not in history
