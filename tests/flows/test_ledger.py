"""Recognition in chat: hours and points from a done task, /me, a coordinator's
/adjust with a reason, and a star level reached (the volunteer congratulated,
their coordinators told)."""

from __future__ import annotations

from bot.demo import (
    COORDINATOR,
    VOLUNTEERS,
    Cast,
    dispatch_and_accept,
    finish_and_rate,
    place_order,
)
from domain.ledger_models import ISSUING, hours_of, person
from tests.harness import ChatHarness

STATION_COORDINATOR = 900102  # station 10, above point 11
OTHER_STATION_COORDINATOR = 900104  # station 20
EMMA = 900010  # an English-speaking volunteer (EDU-CTR)


async def _cast(chat: ChatHarness) -> Cast:
    return Cast(
        chat.sb.user(800001, "王阿姨", "zh-CN"),
        await chat.person(VOLUNTEERS[0], "王秀英"),
        await chat.person(VOLUNTEERS[1], "李建国"),
        await chat.person(COORDINATOR, "冯雪"),
    )


async def test_a_done_task_posts_hours_and_points_and_me_shows_them(chat: ChatHarness) -> None:
    cast = await _cast(chat)
    order_id = await place_order(cast.resident)
    await dispatch_and_accept(cast, order_id)
    await finish_and_rate(cast, order_id)
    async with chat.app.db.transaction() as tx:
        assert await tx.ledger.balance(hours_of(VOLUNTEERS[0])) == 60
        assert await tx.ledger.balance(person(VOLUNTEERS[0])) == 10
        assert await tx.ledger.balance(ISSUING) == -10
        assert (await tx.ledger.history(person(VOLUNTEERS[0])))[0].ref == f"order:{order_id}"
    await cast.first.command("me")
    me = await cast.first.expect("我的志愿服务")
    text = me.text or ""
    assert "今年 1 小时，累计 1 小时" in text
    assert "再服务 99 小时即可达到 1 星" in text
    assert "积分余额：10" in text
    assert f"#{order_id} 爱心义剪 · 1 小时 · ★★★★★" in text


async def test_me_in_english_before_any_task(chat: ChatHarness) -> None:
    volunteer = await chat.person(EMMA, "Emma", "en")
    await volunteer.command("me")
    me = await volunteer.expect("My volunteering")
    assert "0 this year, 0 in all" in (me.text or "")
    assert "100 more hours to reach 1 star" in (me.text or "")
    assert "No finished tasks yet." in (me.text or "")


async def test_an_adjustment_reaching_a_level_is_congratulated_and_told(chat: ChatHarness) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    coordinator = await chat.person(COORDINATOR, "冯雪")
    station = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("adjust", f"{VOLUNTEERS[0]} 100 补录往年台账")
    await coordinator.expect("已为 王秀英 调整 +100 小时（1000 积分）。原因：补录往年台账")
    await volunteer.expect("协调员为您调整了服务时长 +100 小时")
    await volunteer.expect("恭喜！您的志愿服务累计已达 100 小时，成为 ★ 1 星志愿者")
    told = await station.expect("志愿者 王秀英（900001）累计服务 100 小时，达到 1 星")
    assert told.text
    await volunteer.command("me")
    me = await volunteer.expect("我的志愿服务")
    assert "星级：★（1 星）" in (me.text or "")
    assert "再服务 200 小时即可达到 2 星" in (me.text or "")
    # Taken back again: below the level, and no second congratulation.
    await coordinator.command("adjust", f"{VOLUNTEERS[0]} -0.5 录错了")
    await coordinator.expect("调整 -0.5 小时（-5 积分）")
    async with chat.app.db.transaction() as tx:
        assert await tx.ledger.balance(hours_of(VOLUNTEERS[0])) == 100 * 60 - 30
        assert await tx.ledger.balance(person(VOLUNTEERS[0])) == 995


async def test_adjust_needs_its_shape_a_reason_and_the_right_coordinator(
    chat: ChatHarness,
) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    outsider = await chat.person(OTHER_STATION_COORDINATOR, "邓宁")
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    await coordinator.command("adjust", f"{VOLUNTEERS[0]} 2")
    await coordinator.expect("用法：/adjust")
    await coordinator.command("adjust", f"{VOLUNTEERS[0]} lots 因为")
    await coordinator.expect("用法：/adjust")
    await coordinator.command("adjust", f"{VOLUNTEERS[0]} -3 多记了")
    await coordinator.expect("服务时长不够扣减")
    await coordinator.command("adjust", "99999999999999999999999 2 谁")
    await coordinator.expect("不是志愿者")
    await outsider.command("adjust", f"{VOLUNTEERS[0]} 2 帮忙")
    await outsider.expect("这位志愿者不在您负责的站点范围内")
    await volunteer.command("adjust", f"{VOLUNTEERS[1]} 2 自己加")
    await volunteer.expect("协调员")
    async with chat.app.db.transaction() as tx:
        assert await tx.ledger.totals() == {}
