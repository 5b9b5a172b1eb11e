"""Hours from an activity's 结项 that take a volunteer to a new star level: they are
congratulated and their coordinators told, as with done orders (both languages)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.demo import COORDINATOR
from domain.activity_models import CheckInHow, SignupRole
from domain.ledger import credit_hours
from tests.flows.powers import BARBERS, STATION_COORDINATOR
from tests.flows.test_activities import SKIP, _activity, sending
from tests.harness import ChatHarness

EMMA = 900010  # a volunteer who chose English, in a team of the center
CENTER_COORDINATOR = 900101


@pytest.fixture
async def chat(chat: ChatHarness) -> AsyncIterator[ChatHarness]:
    async with sending(chat) as harness:
        yield harness


async def test_closing_an_activity_announces_a_new_star_level(chat: ChatHarness) -> None:
    activity_id = await _activity(chat)
    services = chat.app.router.services
    first, second = BARBERS[0], EMMA
    barber = await chat.person(first, "王秀英")
    other = await chat.person(second, "Emma", "en")
    point = await chat.person(COORDINATOR, "冯雪")
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    center = await chat.person(CENTER_COORDINATOR, "高敏")
    async with chat.app.db.transaction() as tx:
        await credit_hours(tx, first, 99.0, "adjust")  # 2 h more: 1 star at 100
        await credit_hours(tx, second, 299.0, "adjust")  # 2 h more: 2 stars at 300
    for person in (first, second):
        await services.activities.sign_up(activity_id, person, SignupRole.VOLUNTEER)
    chat.clock.advance(days=2, minutes=10)  # the event is on
    async with chat.app.db.transaction() as tx:
        for person in (first, second):
            await tx.activities.check_in(
                activity_id, person, CheckInHow.STAFF, STATION_COORDINATOR, chat.clock.now()
            )
    for someone in (barber, other, point, coordinator, center):
        await someone.catch_up()

    await coordinator.command("activity", str(activity_id))
    await coordinator.press(await coordinator.expect("健康知识讲座"), "🏁 结项")
    await coordinator.press(await coordinator.expect("服务了多少位老人"), SKIP)
    await coordinator.press(await coordinator.expect("多少名儿童"), SKIP)
    await coordinator.press(await coordinator.expect("其他受益群众"), SKIP)
    await coordinator.expect("活动总结")
    await coordinator.send("顺利。")
    await coordinator.press(await coordinator.expect("已收到 0 张"), "✅ 完成")
    await coordinator.expect("已结项：健康知识讲座")

    await barber.expect("恭喜！您的志愿服务累计已达 101 小时，成为 ★ 1 星志愿者")
    await other.expect("Congratulations! You have served 301 hours")
    # Each volunteer's own coordinators: over 王秀英's point; over Emma's center team.
    for told in (point, coordinator, center):
        await told.expect(f"志愿者 王秀英（{first}）累计服务 101 小时，达到 1 星")
    await center.expect(f"志愿者 Emma（{second}）累计服务 301 小时，达到 2 星")
