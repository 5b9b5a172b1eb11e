"""Check-in at the door in chat: by location within `CHECKIN_RADIUS` (farther refused),
by the resident's QR code (once, until it expires), and the hours capped by
check-in -> done until a coordinator approves the rest."""

from __future__ import annotations

import pytest

from bot.demo import VOLUNTEERS, place_order
from tests.harness import ChatHarness
from tests.harness.users import HarnessUser

POINT = (30.0610, 119.9550)  # 大桥社区新时代文明实践站, the demo orders' place
POINT_COORDINATOR = 900103
RESIDENT = 800070


async def _accepted(chat: ChatHarness) -> tuple[HarnessUser, HarnessUser, int]:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    resident = chat.sb.user(RESIDENT, "陈阿姨")
    order_id = await place_order(resident)  # type: ignore[arg-type]
    await volunteer.press(await volunteer.expect(f"新订单 #{order_id}"), "✅ 接单")
    await resident.expect("接下了您的订单")
    return resident, volunteer, order_id


async def _checkin_at(volunteer: HarnessUser, order_id: int, lat: float, lon: float) -> None:
    won = await volunteer.expect("您已接下订单")
    await volunteer.press(won, "📍 到门口签到")
    asked = await volunteer.expect("到了居民门口")
    assert [b.text for row in asked.reply_buttons for b in row] == ["📍 发送我的位置"]
    await volunteer.share_location(lat, lon)


async def test_a_location_at_the_door_checks_in_and_the_resident_is_told(
    chat: ChatHarness,
) -> None:
    resident, volunteer, order_id = await _accepted(chat)
    await _checkin_at(volunteer, order_id, POINT[0] + 0.0005, POINT[1])  # about 56 m
    await volunteer.expect(f"订单 #{order_id} 已签到")
    await resident.expect(f"志愿者已到门口签到（订单 #{order_id}")
    found = await chat.app.router.services.checkins.get(order_id)
    assert found is not None and found.how == "location"
    assert found.at == chat.clock.now() and 40 < (found.distance_m or 0) < 70
    # A second location is no second check-in: it is relayed (the thread is open).
    await volunteer.share_location(*POINT)
    await resident.expect("📍 位置")


async def test_a_location_far_away_is_refused(chat: ChatHarness) -> None:
    resident, volunteer, order_id = await _accepted(chat)
    await _checkin_at(volunteer, order_id, POINT[0] + 0.01, POINT[1])  # about 1.1 km
    refused = await volunteer.expect("需在 200 米以内才能签到")
    assert "约 1112 米" in (refused.text or "")
    assert await chat.app.router.services.checkins.get(order_id) is None
    await chat.idle()
    assert not [m for m in await resident.transcript() if "📍 位置" in (m.text or "")]


@pytest.mark.settings(checkin_radius=2000.0)
async def test_the_radius_is_a_setting(chat: ChatHarness) -> None:
    _, volunteer, order_id = await _accepted(chat)
    await _checkin_at(volunteer, order_id, POINT[0] + 0.01, POINT[1])
    await volunteer.expect(f"订单 #{order_id} 已签到")


async def test_the_residents_qr_code_checks_in_once_and_expires(chat: ChatHarness) -> None:
    await _qr_once(chat)


async def test_the_qr_code_on_postgresql_and_redis(service_chat: ChatHarness) -> None:
    await _qr_once(service_chat)


async def _qr_once(chat: ChatHarness) -> None:
    resident, volunteer, order_id = await _accepted(chat)
    await resident.press(resident.last_message_with_buttons, "🔳 签到二维码")  # "accepted"
    qr = await resident.expect(lambda m: m.photo is not None)
    assert f"订单 #{order_id} 的签到二维码" in (qr.caption or "")
    checkins = chat.app.router.services.checkins
    # What the QR code holds: the same link a fresh token makes (its PNG is not read here).
    expired = await checkins.issue(order_id, RESIDENT)
    chat.clock.advance(minutes=31)
    await volunteer.command("start", f"ci_{expired.token}")
    await volunteer.expect("签到二维码已过期")
    forged = await checkins.issue(order_id, RESIDENT)
    await volunteer.command("start", f"ci_{forged.token[:-2]}AA")
    await volunteer.expect("签到二维码无效")
    # Another volunteer who got hold of it cannot check in with it.
    other = await chat.person(VOLUNTEERS[1], "李建国")
    await other.command("start", f"ci_{forged.token}")
    await other.expect("不是您的任务")
    await volunteer.command("start", f"ci_{forged.token}")
    await volunteer.expect(f"订单 #{order_id} 已签到")
    await resident.expect("志愿者已到门口签到")
    await volunteer.command("start", f"ci_{forged.token}")
    await volunteer.expect("签到二维码已经用过了")
    found = await checkins.get(order_id)
    assert found is not None and found.how == "qr"


async def _done(volunteer: HarnessUser, order_id: int, hours: str) -> None:
    await volunteer.command("tasks")
    await volunteer.press(await volunteer.expect("我的任务"), f"✅ 完成 #{order_id}")
    await volunteer.press(await volunteer.expect("用了多长时间"), hours)


async def test_hours_are_capped_by_check_in_to_done_until_a_coordinator_approves(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    _, volunteer, order_id = await _accepted(chat)
    await _checkin_at(volunteer, order_id, *POINT)
    await volunteer.expect(f"订单 #{order_id} 已签到")
    chat.clock.advance(minutes=40)
    await _done(volunteer, order_id, "3")
    await volunteer.expect(f"订单 #{order_id} 已完成，记录 1 小时，获得 10 积分")
    await volunteer.expect("您报了 3 小时，按签到到完成的时间记 1 小时")
    await coordinator.expect(f"/approvehours {order_id}")
    assert (await chat.order(order_id)).hours == 1
    await coordinator.command("order", str(order_id))
    card = await coordinator.expect("签到：")
    assert "志愿者报了 3 小时" in (card.text or "")
    # A volunteer cannot approve their own hours.
    await volunteer.command("approvehours", str(order_id))
    await volunteer.expect("只有协调员可以")
    await coordinator.command("approvehours", str(order_id))
    await coordinator.expect(f"订单 #{order_id} 已批准为 3 小时（补记 2 小时）")
    await volunteer.expect(f"协调员批准了订单 #{order_id} 的 3 小时")
    assert (await chat.order(order_id)).hours == 3
    profile = await chat.app.router.services.people.volunteer(VOLUNTEERS[0])
    assert profile is not None and profile.hours == 3 and profile.points == 30
    await coordinator.command("approvehours", str(order_id))
    await coordinator.expect("已经批准过了")


async def test_hours_within_the_visit_are_credited_as_reported(chat: ChatHarness) -> None:
    _, volunteer, order_id = await _accepted(chat)
    await _checkin_at(volunteer, order_id, *POINT)
    await volunteer.expect(f"订单 #{order_id} 已签到")
    chat.clock.advance(minutes=70)
    await _done(volunteer, order_id, "1")
    await volunteer.expect(f"订单 #{order_id} 已完成，记录 1 小时")
    assert (await chat.order(order_id)).hours == 1


async def test_a_live_location_checks_in_too(chat: ChatHarness) -> None:
    _, volunteer, order_id = await _accepted(chat)
    live = {"latitude": POINT[0], "longitude": POINT[1], "live_period": 900}
    await volunteer._message(extra={"location": live})  # the first message of a live location
    await volunteer.expect(f"订单 #{order_id} 已签到")
