"""The harness itself: what its fake Telegram answers, and faults a handler injects."""

from __future__ import annotations

import asyncio

import pytest

from bot.demo import VOLUNTEERS, place_order
from domain.models import OfferStatus
from handlers.kit.ports import BadRequest, FileTooBig, Unreachable
from tests.harness import Call, ChatHarness, faults

STATION_BARBER = 900003  # HAIR-CG, at station 10 above point 11


async def _offer_statuses(chat: ChatHarness, order_id: int) -> dict[int, OfferStatus]:
    async with chat.app.db.transaction() as tx:
        return {o.volunteer_id: o.status for o in await tx.offers.for_order(order_id)}


async def _unreachable(chat: ChatHarness, user_id: int) -> bool:
    profile = await chat.app.router.services.people.profile(user_id)
    assert profile is not None
    return profile.unreachable


async def test_the_fake_telegram_numbers_edits_and_refuses_as_the_sandbox_does(
    chat: ChatHarness,
) -> None:
    user = await chat.person(800900, "测试")
    messenger = chat.messenger
    first = await messenger.send(user.id, "一")
    assert await messenger.send(user.id, "二") == first + 1
    await messenger.edit(user.id, first, "改")
    with pytest.raises(BadRequest, match="not modified"):
        await messenger.edit(user.id, first, "改")
    with pytest.raises(Unreachable):  # nobody who never wrote has a chat
        await messenger.send(800901, "你好")
    await user.block()
    with pytest.raises(Unreachable):
        await messenger.send(user.id, "在吗")
    with pytest.raises(BadRequest, match="query is too old"):
        await messenger.answer("no-such-query")
    edited = next(m for m in await user.transcript() if m.message_id == first)
    assert (edited.text, edited.edits) == ("改", 1)
    mine = [c for c in messenger.calls if c.chat_id in (user.id, 800901)][-6:]
    assert [(c.method, type(c.error).__name__) for c in mine] == [
        ("send", "NoneType"),
        ("send", "NoneType"),
        ("edit", "NoneType"),
        ("edit", "BadRequest"),
        ("send", "Unreachable"),
        ("send", "Unreachable"),
    ]


@pytest.mark.settings(dispatch_wave_size=2)
async def test_a_send_the_handler_fails_as_blocked_marks_the_person_unreachable(
    chat: ChatHarness,
) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    station = await chat.person(STATION_BARBER, "张伟")

    def blocked(call: Call) -> None:
        if call.method == "send" and call.chat_id == first.id:
            raise faults.blocked(first.id)

    chat.messenger.handler = blocked
    order_id = await place_order(chat.user(800902, "何奶奶", "zh-CN"))
    await second.expect(f"新订单 #{order_id}")
    await station.expect(f"新订单 #{order_id}")  # the wave refilled at once
    assert (await _offer_statuses(chat, order_id))[first.id] is OfferStatus.WITHDRAWN
    assert await _unreachable(chat, first.id)
    refused = [c for c in chat.messenger.calls if c.chat_id == first.id and c.error]
    assert len(refused) == 1 and isinstance(refused[0].error, Unreachable)
    chat.messenger.handler = None
    await first.command("start")
    await first.expect("您好")
    assert not await _unreachable(chat, first.id)


async def test_a_handler_may_answer_a_call_itself(chat: ChatHarness) -> None:
    seen: list[Call] = []

    def record(call: Call) -> int | None:
        seen.append(call)
        return 4242 if call.chat_id == 1 else None

    chat.messenger.handler = record
    assert await chat.messenger.send(1, "no chat needed") == 4242
    assert seen[0].method == "send" and seen[0].text == "no chat needed"
    assert seen[0].result == 4242 and seen[0].message_id == 4242


async def test_a_send_that_stays_rate_limited_leaves_the_person_reachable(
    chat: ChatHarness,
) -> None:
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")

    def flooded(call: Call) -> None:
        if call.method == "send" and call.chat_id == first.id:
            raise faults.too_many_requests(30)  # what is left once the send budget is spent

    chat.messenger.handler = flooded
    order_id = await place_order(chat.user(800903, "吕奶奶", "zh-CN"))
    await second.expect(f"新订单 #{order_id}")
    await chat.idle()
    # Not delivered, but not unreachable either: a 429 says nothing about the person.
    assert not await _unreachable(chat, first.id)
    assert (await _offer_statuses(chat, order_id))[first.id] is OfferStatus.OPEN
    refused = [c for c in chat.messenger.calls if c.chat_id == first.id and c.error]
    assert [type(c.error).__name__ for c in refused] == ["RetryAfter"]


async def test_an_assignment_while_the_wave_is_still_sending_edits_the_assignees_own_offer(
    chat: ChatHarness,
) -> None:
    """The race `ChatHarness.idle` keeps out of test_offers, made on purpose: the
    wave's message ids are recorded once every send is back, and an assignment in
    between finds no message id on the assignee's offer: the recording edits it."""
    coordinator = await chat.person(900103, "冯雪")
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    assigned = asyncio.Event()

    async def slow_first_offer(call: Call) -> None:
        if call.method == "send" and call.chat_id == first.id and "新订单" in (call.text or ""):
            await assigned.wait()  # the first's send hangs until the assignment is done

    chat.messenger.handler = slow_first_offer
    order_id = await place_order(chat.user(800904, "施奶奶", "zh-CN"))
    offer = await second.expect(f"新订单 #{order_id}")
    await coordinator.command("assign", f"{order_id} {second.id}")
    await coordinator.expect(f"订单 #{order_id} 已派给 李建国")
    assigned.set()
    await chat.idle()
    now = next(m for m in await second.transcript() if m.message_id == offer.message_id)
    assert "协调员给您派了订单" in (now.text or "")
    assert [b.text for b in now.button_list] == [
        "💬 联系居民",
        "📍 到门口签到",
        f"✅ 完成 #{order_id}",
    ]  # the task's buttons only


async def test_an_accept_while_the_wave_is_still_sending_is_not_edited_again_as_assigned(
    chat: ChatHarness,
) -> None:
    """The other side of the race above: the volunteer's own Accept names its message,
    so recording the wave's ids afterwards leaves the won offer's words alone."""
    first = await chat.person(VOLUNTEERS[0], "王秀英")
    second = await chat.person(VOLUNTEERS[1], "李建国")
    accepted = asyncio.Event()

    async def slow_first_offer(call: Call) -> None:
        if call.method == "send" and call.chat_id == first.id and "新订单" in (call.text or ""):
            await accepted.wait()

    chat.messenger.handler = slow_first_offer
    order_id = await place_order(chat.user(800906, "孔奶奶", "zh-CN"))
    offer = await second.expect(f"新订单 #{order_id}")
    await second.press(offer, f"o:{order_id}:a")
    await second.expect(lambda m: m.message_id == offer.message_id and m.is_edit)
    accepted.set()
    await chat.idle()
    now = next(m for m in await second.transcript() if m.message_id == offer.message_id)
    assert f"您已接下订单 #{order_id}" in (now.text or "")
    # The task's own buttons (the relayed chat, the check-in, Done), no offer's any more.
    data = [b.data for b in now.button_list]
    assert data == [f"rl:{order_id}", f"ca:{order_id}", f"t:{order_id}"]
    assert (await _offer_statuses(chat, order_id))[second.id] is OfferStatus.WON


async def test_a_file_a_user_sent_can_be_fetched_and_sent_again_by_its_id(
    chat: ChatHarness,
) -> None:
    user = await chat.person(800905, "测试")
    await user.send_document(b"%PDF-1.4 hello", "说明.pdf", "application/pdf")
    sent = next(m for m in reversed(await user.transcript()) if m.who == "user")
    assert sent.document is not None
    file_id = sent.document.file_id
    assert await chat.messenger.get_file(file_id) == b"%PDF-1.4 hello"
    with pytest.raises(FileTooBig):
        await chat.messenger.get_file(file_id, max_bytes=4)
    with pytest.raises(BadRequest):
        await chat.messenger.get_file("no-such-file")
    again = await chat.messenger.send_file_id(user.id, "document", file_id, "原件")
    echoed = await user.expect(lambda m: m.message_id == again)
    assert echoed.document is not None and echoed.caption == "原件"
    await chat.idle()
    assert await chat.sb.violations() == []
