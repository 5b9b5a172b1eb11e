"""The wish wall (心愿墙) in chat: a resident's wish (typed or said) at their point;
the point's coordinator approves it with a category and a team, posting it for the
team to claim (first claim wins) or turning it into an order offered as usual, or
rejects it with a reason; the resident is told each step; `/wishes` lists the wall."""

from __future__ import annotations

import asyncio
import re

from domain.models import OrderStatus
from domain.wish_models import WishStatus
from handlers.wishes import ClaimPress, WishPress
from tests.flows.powers import BARBERS, POINT_COORDINATOR, READER, STATION_COORDINATOR, County
from tests.harness import Call, ChatHarness, HarnessUser

RESIDENT = 800780
TEAM = "大桥社区爱心义剪队"


def _id(text: str | None) -> int:
    found = re.search(r"#(\d+)", text or "")
    assert found is not None, text
    return int(found.group(1))


async def _wish(resident: HarnessUser, words: str | None = "帮我换个灯泡") -> int:
    await resident.command("start", "site_11")
    await resident.expect("您好")
    await resident.command("wish")
    await resident.expect("心愿墙")
    if words is None:
        await resident.send_voice(b"wish-said", duration=5)
    else:
        await resident.send(words)
    await resident.expect("您在哪里")
    await resident.send("🏠 大桥社区新时代文明实践站")
    return _id((await resident.expect("已提交")).text)


async def _approve(
    coordinator: HarnessUser, wish_id: int, how: str, service: str = "关爱老人上门探访"
) -> None:
    card = await coordinator.expect(f"心愿 #{wish_id}")
    await coordinator.press(card, "✅ 通过")
    await coordinator.press(await coordinator.expect("属于哪一类服务"), "乡风文明")
    team = await coordinator.expect("交给哪支队伍")
    assert team.buttons[0][0].text == TEAM  # the point's own team comes first
    await coordinator.press(team, TEAM)
    await coordinator.press(await coordinator.expect("按哪项服务安排"), service)
    await coordinator.press(await coordinator.expect("怎么安排"), how)


async def test_a_posted_wish_goes_to_the_first_volunteer_who_claims_it(chat: ChatHarness) -> None:
    first = await chat.person(BARBERS[0], "王秀英")
    second = await chat.person(BARBERS[1], "李明")
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    wish_id = await _wish(resident)
    await _approve(coordinator, wish_id, "📌 发到心愿墙，由队伍志愿者认领")
    await coordinator.expect(f"心愿 #{wish_id} 已发给")
    await resident.expect(f"心愿 #{wish_id} 已通过，已发给志愿者队伍")
    offer_one = await first.expect("可以认领")
    offer_two = await second.expect("可以认领")
    assert "帮我换个灯泡" in (offer_one.text or "")
    await first.press(offer_one, "🙋 我来认领")
    await first.expect(f"您认领了心愿 #{wish_id}")
    await resident.expect(f"心愿 #{wish_id} 已由志愿者 王秀英 认领")
    await coordinator.expect(f"心愿 #{wish_id} 已由志愿者 王秀英 认领")
    # The other volunteer's copy lost its button: it says who was faster.
    lost = await second.expect(
        lambda m: m.message_id == offer_two.message_id and "已被其他志愿者认领" in (m.text or "")
    )
    assert not lost.buttons
    wish = await chat.app.router.services.wishes.get(wish_id)
    assert wish is not None and wish.status is WishStatus.CLAIMED
    assert wish.claimed_by == BARBERS[0] and wish.order_id is not None
    assert await chat.sb.violations() == []


async def test_a_claimed_wish_is_an_order_with_the_relay_done_and_rating(
    chat: ChatHarness,
) -> None:
    volunteer = await chat.person(BARBERS[0], "王秀英")
    other = await chat.person(BARBERS[1], "李明")
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    wish_id = await _wish(resident, "帮我换个灯泡")
    await _approve(coordinator, wish_id, "📌 发到心愿墙，由队伍志愿者认领")
    await volunteer.press(await volunteer.expect("可以认领"), "🙋 我来认领")
    won = await volunteer.expect(f"您认领了心愿 #{wish_id}")
    # A stale Claim (a copy the edit never reached) is answered and changes nothing.
    await County(chat).plant(other, ClaimPress(wish_id))
    assert "已被其他志愿者认领" in ((await other.next_answer()).text or "")
    order_id = int(re.findall(r"#(\d+)", won.text or "")[1])
    told = await resident.expect(f"转为订单 #{order_id}")
    assert "王秀英" in (told.text or "")
    accepted = await resident.expect(f"接下了您的订单 #{order_id}")
    await volunteer.expect("您预计什么时候到")  # the visit's steps, as any accepted order
    order = await chat.order(order_id)
    assert (order.status, order.volunteer_id) == (OrderStatus.ACCEPTED, BARBERS[0])
    assert order.details == "帮我换个灯泡" and order.site_id == 11
    # The relayed chat, both ways.
    await resident.press(accepted, "💬 联系志愿者")
    await resident.expect(f"订单 #{order_id}：请直接发送")
    await resident.send("灯泡我已经买好了")
    await resident.expect("✅ 已转给志愿者")
    await volunteer.expect(lambda m: "灯泡我已经买好了" in (m.text or ""))
    await volunteer.press(won, "💬 联系居民")
    await volunteer.expect(f"订单 #{order_id}")
    await volunteer.send("好的，明天上午到")
    await volunteer.expect("✅ 已转给居民")
    await resident.expect(lambda m: "明天上午到" in (m.text or "") and "志愿者" in (m.text or ""))
    # Done, then the resident rates it.
    await volunteer.press(won, f"✅ 完成 #{order_id}")
    await volunteer.press(await volunteer.expect("用了多长时间"), "1")
    await volunteer.expect("已完成")
    await resident.press(await resident.expect("上门服务了吗"), "✅ 是的，来过了")
    await resident.press(await resident.expect("打分"), f"r:{order_id}:5")
    await resident.expect("还有什么想说的")
    order = await chat.order(order_id)
    assert (order.status, order.rating) == (OrderStatus.RATED, 5)


async def test_a_said_wish_claimed_plays_its_voice_to_the_volunteer(chat: ChatHarness) -> None:
    volunteer = await chat.person(BARBERS[0], "王秀英")
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    wish_id = await _wish(resident, None)
    await _approve(coordinator, wish_id, "📌 发到心愿墙，由队伍志愿者认领")
    offer = await volunteer.expect("可以认领")
    await volunteer.press(offer, "🙋 我来认领")
    won = await volunteer.expect(f"您认领了心愿 #{wish_id}")
    order_id = int(re.findall(r"#(\d+)", won.text or "")[1])
    played = await volunteer.expect(
        lambda m: (
            m.voice is not None and m.seq > won.seq and f"订单 #{order_id}" in (m.caption or "")
        )
    )
    assert played.voice is not None


async def test_the_other_coordinators_copies_say_who_decided_and_stale_buttons_change_nothing(
    chat: ChatHarness,
) -> None:
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    station = await chat.person(STATION_COORDINATOR, "赵刚")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    wish_id = await _wish(resident, "帮我修电视")
    copy = await station.expect(f"心愿 #{wish_id}")
    assert copy.find_button("✅ 通过") is not None
    own = await point.expect(f"心愿 #{wish_id}")
    await point.press(own, "❌ 不通过")
    await point.expect("不通过的原因")
    await point.send("需要专业维修")
    await point.expect(f"心愿 #{wish_id} 已标记为不通过")
    edited = await station.expect(
        lambda m: m.message_id == copy.message_id and "冯雪 已标记为不通过" in (m.text or "")
    )
    assert "需要专业维修" in (edited.text or "") and not edited.buttons
    # The point coordinator's own copy says so too.
    mine = next(m for m in await point.transcript() if m.message_id == own.message_id)
    assert "冯雪 已标记为不通过" in (mine.text or "") and not mine.buttons
    # A stale button (a copy the edit never reached) answers and changes nothing.
    await County(chat).plant(station, WishPress(wish_id, "a"))
    answer = await station.next_answer()
    assert "已经有人处理过了" in (answer.text or "")
    await station.expect(lambda m: "冯雪 已标记为不通过" in (m.text or "") and not m.buttons)
    wish = await chat.app.router.services.wishes.get(wish_id)
    assert wish is not None and wish.status is WishStatus.REJECTED
    assert wish.decided_by == POINT_COORDINATOR


async def test_a_decision_made_while_the_copies_are_still_going_out_reaches_them(
    chat: ChatHarness,
) -> None:
    # The copies are recorded once all are sent: a rejection made before that found
    # none to edit, and the other coordinator's Approve / Reject stayed.
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    station = await chat.person(STATION_COORDINATOR, "赵刚")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    sending, decided = asyncio.Event(), asyncio.Event()

    async def hold_the_last_voice(call: Call) -> None:
        # The point coordinator's comes last: every copy is out, none recorded yet.
        if call.method == "send_file_id" and call.media == "voice" and call.chat_id == point.id:
            sending.set()
            await decided.wait()

    chat.messenger.handler = hold_the_last_voice
    filing = asyncio.create_task(_wish(resident, None))
    await sending.wait()
    own = await point.expect(lambda m: "心愿 #1" in (m.text or "") and bool(m.buttons))
    await point.press(own, "❌ 不通过")
    await point.expect("不通过的原因")
    await point.send("需要专业维修")
    await point.expect("心愿 #1 已标记为不通过")
    decided.set()
    assert await filing == 1
    for person in (station, point):
        await person.expect(lambda m: "冯雪 已标记为不通过" in (m.text or "") and not m.buttons)
    copies = [m for m in await station.transcript() if "心愿 #1" in (m.text or "")]
    assert copies and all(not m.buttons for m in copies)


async def test_a_claim_made_while_the_claim_copies_are_still_going_out_reaches_them(
    chat: ChatHarness,
) -> None:
    volunteers = {
        BARBERS[0]: await chat.person(BARBERS[0], "王秀英"),
        BARBERS[1]: await chat.person(BARBERS[1], "李明"),
    }
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    wish_id = await _wish(resident, None)
    offered: list[int] = []
    sending, claimed = asyncio.Event(), asyncio.Event()

    async def hold_the_second_voice(call: Call) -> None:
        # Both volunteers' Claim copies are out by the second one's voice.
        if call.method == "send_file_id" and call.chat_id in volunteers:
            offered.append(call.chat_id)
            if len(offered) == 2:
                sending.set()
                await claimed.wait()

    chat.messenger.handler = hold_the_second_voice
    approving = asyncio.create_task(
        _approve(coordinator, wish_id, "📌 发到心愿墙，由队伍志愿者认领")
    )
    await sending.wait()
    winner, loser = volunteers[offered[0]], volunteers[offered[1]]
    await winner.press(await winner.expect("可以认领"), "🙋 我来认领")
    await winner.expect(f"您认领了心愿 #{wish_id}")
    await winner.expect("您预计什么时候到")  # the claim is done, its edits with it
    claimed.set()
    await approving
    await loser.expect(lambda m: "已被其他志愿者认领" in (m.text or "") and not m.buttons)
    copies = [m for m in await loser.transcript() if "可以认领" in (m.text or "")]
    assert not any(m.buttons for m in copies)


async def test_an_approval_shows_on_every_copy_with_its_order(chat: ChatHarness) -> None:
    await chat.person(BARBERS[0], "王秀英")
    point = await chat.person(POINT_COORDINATOR, "冯雪")
    station = await chat.person(STATION_COORDINATOR, "赵刚")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    wish_id = await _wish(resident, "想请人帮忙理发")
    copy = await station.expect(f"心愿 #{wish_id}")
    await _approve(point, wish_id, "📋 转为订单（派单给志愿者）", "爱心义剪")
    approved = await point.expect(f"心愿 #{wish_id} 已转为订单")
    order_id = int(re.findall(r"#(\d+)", approved.text or "")[-1])
    edited = await station.expect(
        lambda m: m.message_id == copy.message_id and f"订单 #{order_id}" in (m.text or "")
    )
    assert "冯雪 已通过" in (edited.text or "") and not edited.buttons


async def test_an_approved_wish_becomes_an_order_offered_as_usual(chat: ChatHarness) -> None:
    volunteer = await chat.person(BARBERS[0], "王秀英")
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    wish_id = await _wish(resident, "想请人帮忙理发")
    await _approve(coordinator, wish_id, "📋 转为订单（派单给志愿者）", "爱心义剪")
    approved = await coordinator.expect(f"心愿 #{wish_id} 已转为订单")
    order_id = int(re.findall(r"#(\d+)", approved.text or "")[-1])
    await resident.expect(f"转为订单 #{order_id}")
    offer = await volunteer.expect(f"新订单 #{order_id}")
    await volunteer.press(offer, "✅ 接单")
    await resident.expect("接下了您的订单")
    order = await chat.order(order_id)
    assert order.resident_id == RESIDENT and order.details == "想请人帮忙理发"
    wish = await chat.app.router.services.wishes.get(wish_id)
    assert wish is not None and wish.status is WishStatus.ORDERED and wish.order_id == order_id


async def test_a_rejected_wish_tells_the_resident_why(chat: ChatHarness) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    wish_id = await _wish(resident, "帮我修电视")
    await coordinator.press(await coordinator.expect(f"心愿 #{wish_id}"), "❌ 不通过")
    await coordinator.expect("不通过的原因")
    await coordinator.send("需要专业维修，请联系家电售后")
    await coordinator.expect(f"心愿 #{wish_id} 已标记为不通过")
    told = await resident.expect(f"心愿 #{wish_id} 暂时没法安排")
    assert "需要专业维修" in (told.text or "")
    # Decided once: a second press is refused in words.
    await coordinator.command("wishes")
    await coordinator.expect("心愿墙上现在没有")


async def test_a_said_wish_is_played_to_the_coordinator(chat: ChatHarness) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    wish_id = await _wish(resident, None)
    card = await coordinator.expect(f"心愿 #{wish_id}")
    assert "语音" in (card.text or "")
    voice = await coordinator.expect(lambda m: m.voice is not None)
    assert f"心愿 #{wish_id}" in (voice.caption or "")


async def test_the_wall_lists_open_wishes_for_staff_only(chat: ChatHarness) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    reader = await chat.person(READER, "读书人")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    wish_id = await _wish(resident)
    await coordinator.expect(f"心愿 #{wish_id}")
    await coordinator.command("wishes")
    await coordinator.expect("1 个进行中的心愿")
    listed = await coordinator.expect(
        lambda m: f"心愿 #{wish_id}" in (m.text or "") and "待审核" in (m.text or "")
    )
    assert any(b.text == "✅ 通过" for row in listed.buttons for b in row)
    await reader.command("wishes")  # a volunteer of another team: nothing posted for them
    await reader.expect("心愿墙上现在没有")
    await resident.command("wishes")
    await resident.expect("心愿墙只对协调员和志愿者开放")


async def test_the_wish_wall_in_english(chat: ChatHarness) -> None:
    resident = chat.sb.user(RESIDENT, "Wu", "en")
    await resident.command("start", "site_11")
    await resident.expect(lambda m: bool(m.buttons))
    await resident.command("wish")
    await resident.expect("Wish wall")
    await resident.send("Help me carry groceries")
    await resident.expect("Where are you?")
    await resident.send("📋 Choose from the list")
    station = await resident.expect(lambda m: bool(m.buttons))
    await resident.press(station, station.buttons[0][0].text)
    point = await resident.expect(lambda m: bool(m.buttons) and m.seq > station.seq)
    await resident.press(point, point.buttons[0][0].text)
    await resident.expect("Wish #")


async def _mydata(chat: ChatHarness, user: HarnessUser) -> str:
    await user.command("mydata")
    sent = await user.expect(lambda m: m.document is not None)
    assert sent.document is not None
    bot = chat.server.world.bot()
    assert bot is not None
    return bot.files[sent.document.file_id].data.decode("utf-8")


async def test_mydata_shows_wishes_and_voice_notes_and_forgetme_erases_them(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    resident = chat.sb.user(RESIDENT, "吴奶奶", "zh-CN")
    typed = await _wish(resident, "帮我换个灯泡")
    copy = await coordinator.expect(f"心愿 #{typed}")
    await resident.command("wish")
    await resident.expect("心愿墙")
    await resident.send_voice(b"wish-said", duration=5)
    await resident.send("🏠 大桥社区新时代文明实践站")
    said = _id((await resident.expect("已提交")).text)
    # And an order started by a voice message on the menu.
    await resident.send_voice(b"please-cut-my-hair", duration=6)
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.send("🏠 大桥社区新时代文明实践站")
    await resident.press(await resident.expect("请确认"), "✅ 确认")
    order_id = _id((await resident.expect("已提交订单")).text)
    services = chat.app.router.services
    wish_voice = (await services.wishes.get(said)).voice_file_id  # type: ignore[union-attr]
    order_voice = (await services.voice.of_order(order_id))[0].file_id
    assert wish_voice and order_voice

    text = await _mydata(chat, resident)
    assert "心愿墙上的心愿" in text and f"心愿 #{typed}" in text and "帮我换个灯泡" in text
    assert f"心愿 #{said}" in text and wish_voice in text
    assert "点单时说的语音" in text and f"订单 #{order_id} 第 1 段语音" in text
    assert order_voice in text

    await resident.command("forgetme")
    await resident.press(await resident.expect("确定要删除您的个人信息吗"), "🗑 确定删除")
    await resident.expect("已删除您的个人信息")
    for wish_id in (typed, said):
        wish = await services.wishes.get(wish_id)
        assert wish is not None and wish.text == "" and wish.voice_file_id is None
    assert await services.voice.of_order(order_id) == []
    # The coordinator's copy no longer offers to decide it, nor shows its words.
    withdrawn = await coordinator.expect(
        lambda m: m.message_id == copy.message_id and "居民已撤回这个心愿" in (m.text or "")
    )
    assert not withdrawn.buttons and "帮我换个灯泡" not in (withdrawn.text or "")
    text = await _mydata(chat, resident)
    assert "帮我换个灯泡" not in text and wish_voice not in text and order_voice not in text
