"""Leaving a household in chat: a member leaves by a button (the head is told), the
head hands the headship over (the members and the point's coordinators are told),
removes a member (who is told), and, alone, dissolves the household (the
coordinators are told). The household's points and history stay on the ledger."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.demo import COORDINATOR
from domain.errors import Refused
from domain.ledger_models import household
from storage.sql.tables import household_awards, ledger_entries
from tests.flows.test_household_shop import HEAD, MEMBER, registered
from tests.harness import ChatHarness, HarnessUser


async def _sure(someone: HarnessUser, screen_text: str, button: str, asked: str) -> None:
    await someone.command("household")
    await someone.press(await someone.expect(screen_text), button)
    await someone.press(await someone.expect(asked), "✅ 确定")


async def test_leave_hand_over_remove_and_dissolve(chat: ChatHarness) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    head, member = await registered(chat, coordinator)
    desk = chat.app.router.services.households
    await desk.award(COORDINATOR, 1, "good-deed")  # 10 points, kept throughout
    with pytest.raises(Refused, match="households-head-cannot-leave"):
        await desk.leave(HEAD)

    await _sure(member, "🏡 周阿姨 家", "🚪 退出本户", "确定要退出这一户吗")
    await member.expect("您已退出 周阿姨 家")
    await head.expect("周小明 已退出您家")
    await member.command("household")
    await member.expect("您家还没有登记乡风文明积分")

    await head.command("household", f"add {MEMBER}")
    await head.expect("已把 周小明 加入您家")
    await coordinator.catch_up()
    await _sure(head, "🏡 周阿姨 家", "设 周小明 为户主", "确定把户主交给 周小明 吗")
    await head.expect("户主已改为 周小明")
    await member.expect("周阿姨 把户主交给了您，您现在是户主")
    await coordinator.expect("农户 #1 的户主已由 周阿姨 改为 周小明")

    await _sure(member, "🏡 周小明 家", "移出 周阿姨", "确定要把 周阿姨 移出本户吗")
    await member.expect("已把 周阿姨 移出本户")
    await head.expect("户主 周小明 已把您移出他们家")

    await _sure(member, "🏡 周小明 家", "注销本户", "确定要注销本户吗")
    await member.expect("本户已注销")
    await coordinator.expect("农户 #1（周小明 家）已注销，账户余 10 分")
    await member.command("household")
    await member.expect("您家还没有登记乡风文明积分")
    async with chat.app.db.transaction() as tx:
        assert await tx.ledger.balance(household(1)) == 10  # nothing moved, nothing deleted
        assert (await tx.ledger.totals())["points"] == 0
    async with chat.app.db.engine.connect() as conn:
        for table, rows in ((household_awards, 1), (ledger_entries, 2)):
            assert (await conn.execute(select(func.count()).select_from(table))).scalar() == rows
    await head.command("household", "11")  # free to register again
    await head.expect("已提交登记申请")


async def test_refusals_in_english(chat: ChatHarness) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    await registered(chat, coordinator)
    desk = chat.app.router.services.households
    with pytest.raises(Refused, match="households-not-alone"):
        await desk.dissolve(HEAD)
    with pytest.raises(Refused, match="households-head-only"):
        await desk.remove(MEMBER, HEAD)
    with pytest.raises(Refused, match="households-not-a-member"):
        await desk.make_head(HEAD, 800099)
    head = chat.user(HEAD, "周阿姨")
    emma = await chat.person(800042, "Emma", "en")
    await head.command("household", "add 800042")
    await head.expect("已把 Emma 加入您家")
    await emma.command("household")
    await emma.press(await emma.expect("🏡"), "🚪 Leave this household")
    await emma.press(await emma.expect("Leave this household?"), "✅ Yes")
    await emma.expect("You have left 周阿姨's household")
    await head.expect("Emma 已退出您家")
    await emma.command("household")
    await emma.expect("Your household is not registered")


async def test_forgetme_erases_award_words_and_keeps_the_points(chat: ChatHarness) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    head, _member = await registered(chat, coordinator)
    desk = chat.app.router.services.households
    await desk.award(COORDINATOR, 1, "good-deed", "周阿姨帮邻居收稻", "photo-1")
    await head.command("forgetme")
    await head.press(await head.expect("确定要删除您的个人信息吗"), "🗑 确定删除")
    await head.expect("已删除您的个人信息")
    async with chat.app.db.transaction() as tx:
        (award,) = await tx.households.awards(1)
        assert (award.note, award.photo_file_id, award.points) == ("", None, 10)
        assert award.ledger_tx_id is not None
        posted = await tx.ledger.get(award.ledger_tx_id)
        assert posted is not None and posted.reason is None
        assert await tx.ledger.balance(household(1)) == 10
        assert (await tx.ledger.totals())["points"] == 0
