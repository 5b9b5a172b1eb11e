"""Hours a coordinator approves past the check-in cap that reach a new star level:
the volunteer is congratulated and their coordinators told, as with a done order."""

from __future__ import annotations

from bot.demo import VOLUNTEERS
from domain.ledger import credit_hours
from tests.flows.test_checkin import POINT, POINT_COORDINATOR, _accepted, _checkin_at, _done
from tests.harness import ChatHarness


async def test_approved_hours_that_reach_a_level_are_announced(chat: ChatHarness) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    async with chat.app.db.transaction() as tx:
        await credit_hours(tx, VOLUNTEERS[0], 98.0, "adjust")  # 1 h at done, 2 more approved
    _, volunteer, order_id = await _accepted(chat)
    await _checkin_at(volunteer, order_id, *POINT)
    chat.clock.advance(minutes=40)
    await _done(volunteer, order_id, "3")
    await coordinator.expect(f"/approvehours {order_id}")
    await volunteer.catch_up()
    await coordinator.command("approvehours", str(order_id))
    await coordinator.expect(f"订单 #{order_id} 已批准为 3 小时")
    await volunteer.expect("恭喜！您的志愿服务累计已达 101 小时，成为 ★ 1 星志愿者")
    await coordinator.expect(f"志愿者 王秀英（{VOLUNTEERS[0]}）累计服务 101 小时，达到 1 星")
