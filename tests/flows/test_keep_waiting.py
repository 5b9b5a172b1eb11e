"""Keep waiting, after the delay notice of an order nobody took: the order goes
back into dispatch with a fresh round (the ranked volunteers are offered it
again, the dispatch and escalation deadlines run again), the resident is told by
when they will hear again, and the button works once per notice.

The harness clock starts on Friday 20 November 2026, 17:00 in the county."""

from __future__ import annotations

import asyncio

import pytest

from bot.demo import VOLUNTEERS, place_order
from domain import notes as codec
from domain.models import OfferStatus, OrderStatus
from domain.offers import DISPATCH, ESCALATE, UNCLAIMED
from handlers.complaints import DelayedPress
from handlers.kit import render
from sandbox.transcript import CallbackAnswer
from tests.harness import ChatHarness, HarnessUser

KEEP = "⏳ 继续等待"
# Two waves of two, 30 minutes each, then point, station, center an hour each.
ROUND = {"dispatch_wave_size": 2, "offer_timeout": 1800, "escalation_deadline": 3600}


async def _sweep(chat: ChatHarness, **advance: float) -> int:
    chat.clock.advance(**advance)
    return await chat.app.sweeper.run_once()


async def _until_delayed(chat: ChatHarness, resident: HarnessUser, order_id: int) -> None:
    """Let every wave time out and every level pass: the delay notice comes."""
    await _sweep(chat, minutes=31)  # the first wave timed out; nobody else: the point
    await _sweep(chat, minutes=61)  # the station
    await _sweep(chat, minutes=61)  # the center
    await _sweep(chat, minutes=61)  # the center's time is up too
    delayed = await resident.expect("暂时还没有志愿者接单")
    assert f"#{order_id}" in (delayed.text or "")


@pytest.mark.settings(**ROUND)
async def test_keep_waiting_offers_it_again_and_says_when_they_hear(chat: ChatHarness) -> None:
    first, second = [await chat.person(v, f"v{v}") for v in VOLUNTEERS]
    resident = chat.sb.user(800820, "童奶奶", "zh-CN")
    order_id = await place_order(resident)
    offers = [await v.expect(f"新订单 #{order_id}") for v in (first, second)]
    await first.press(offers[0], "不接")  # said no: not asked again
    # Handled before the clock moves: else the wave's timeout may take the offer first.
    await chat.idle()
    await _until_delayed(chat, resident, order_id)
    assert (await chat.order(order_id)).escalation == 3

    await resident.press(resident.last_message_with_buttons, KEEP)
    kept = await resident.expect(f"继续为订单 #{order_id} 寻找志愿者")
    # Pressed at 20:34 on Friday: the round's two hours and three levels end at 01:34.
    assert "最晚 明天 11月21日（周六） 01:34" in (kept.text or "")
    assert kept.button_list == []

    again = await second.expect(f"新订单 #{order_id}")  # the ranked volunteer, asked again
    order = await chat.order(order_id)
    assert order.status is OrderStatus.OFFERED and order.escalation == 0
    async with chat.app.db.transaction() as tx:
        assert await tx.deadlines.pending(DISPATCH, order_id)
        assert not await tx.deadlines.pending(ESCALATE, order_id)
        assert not await tx.deadlines.pending(UNCLAIMED, order_id)
        codes = [n.code for e in await tx.orders.events(order_id) if (n := codec.decode(e.note))]
    assert codes.index(codec.KEPT_WAITING) > codes.index(codec.DELAYED)
    assert codes[codes.index(codec.KEPT_WAITING) + 1] == codec.WAVE
    await chat.idle()
    # Who declined is not asked again: their one offer was edited to "declined",
    # and no new one came.
    asked_first = [m for m in await first.transcript() if f"新订单 #{order_id}" in (m.text or "")]
    assert asked_first == []
    async with chat.app.db.transaction() as tx:
        theirs = await tx.offers.get(order_id, VOLUNTEERS[0])
    assert theirs is not None and theirs.status is OfferStatus.DECLINED

    await second.press(again, "✅ 接单")
    await second.expect("您已接下订单")
    await resident.expect("接下了您的订单")
    assert (await chat.order(order_id)).volunteer_id == VOLUNTEERS[1]


@pytest.mark.settings(**ROUND)
async def test_keep_waiting_works_once_per_delay_notice(chat: ChatHarness) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "v1")
    resident = chat.sb.user(800821, "窦大爷", "zh-CN")
    order_id = await place_order(resident)
    await volunteer.expect(f"新订单 #{order_id}")
    await _until_delayed(chat, resident, order_id)
    notice = resident.last_message_with_buttons
    assert notice is not None

    await resident.press(notice, KEEP)
    await resident.expect(f"继续为订单 #{order_id} 寻找志愿者")
    await volunteer.expect(f"新订单 #{order_id}")
    # The same notice's button again (a second tap before the edit, a copy of the
    # message): a clear answer, and no second round.
    stale_notice = render.inline([(KEEP, DelayedPress(order_id, "w"))])
    await chat.app.router.services.messenger.send(resident.id, "▶", stale_notice)
    await resident.press(await resident.expect("▶"), KEEP)
    await chat.idle()
    answers = [a.text or "" for a in await resident.history() if isinstance(a, CallbackAnswer)]
    assert "您已经选择了继续等待" in answers[-1]
    async with chat.app.db.transaction() as tx:
        codes = [n.code for e in await tx.orders.events(order_id) if (n := codec.decode(e.note))]
    assert codes.count(codec.KEPT_WAITING) == 1

    # Nobody takes it this round either: a new notice, and Keep waiting works again.
    await _sweep(chat, minutes=31)  # the wave timed out; nobody else: the point
    await _sweep(chat, hours=2)  # the round's dispatch deadline (already escalating)
    await _sweep(chat, minutes=1)
    await _sweep(chat, minutes=61)
    await _sweep(chat, minutes=61)
    await _sweep(chat, minutes=61)
    await resident.expect("暂时还没有志愿者接单")
    await resident.press(resident.last_message_with_buttons, KEEP)
    await resident.expect(f"继续为订单 #{order_id} 寻找志愿者")
    async with chat.app.db.transaction() as tx:
        codes = [n.code for e in await tx.orders.events(order_id) if (n := codec.decode(e.note))]
    assert codes.count(codec.DELAYED) == 2 and codes.count(codec.KEPT_WAITING) == 2


@pytest.mark.settings(**ROUND)
async def test_two_presses_at_once_make_one_round(chat: ChatHarness) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "v1")
    resident = chat.sb.user(800822, "孔阿姨", "zh-CN")
    order_id = await place_order(resident)
    await volunteer.expect(f"新订单 #{order_id}")
    await _until_delayed(chat, resident, order_id)
    complaints = chat.app.router.services.complaints
    results = await asyncio.gather(
        *(complaints.keep_waiting(order_id, resident.id) for _ in range(2)),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["KeptWaiting", "Refused"]
    async with chat.app.db.transaction() as tx:
        codes = [n.code for e in await tx.orders.events(order_id) if (n := codec.decode(e.note))]
    assert codes.count(codec.KEPT_WAITING) == 1
