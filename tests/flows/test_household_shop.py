"""A household spends its civility points in chat: the head opens the shop from
/household, presses a reward, gets a pickup code as text and QR; the keeper's
/redeem takes the points from the household's account and every member is told. A
member may not spend unless the county allows it."""

from __future__ import annotations

import re

from bot.demo import COORDINATOR
from domain.ledger_models import Rules, household, shop
from tests.harness import ChatHarness, HarnessUser

POINT = "大桥社区新时代文明实践站"
HEAD, MEMBER = 800031, 800032
CODE = re.compile(r"领取码：([A-Z0-9]{4}-[A-Z0-9]{4})")


async def registered(chat: ChatHarness, coordinator: HarnessUser) -> tuple[HarnessUser, ...]:
    """周阿姨's household at point 11, confirmed, with 周小明 in it."""
    head = await chat.person(HEAD, "周阿姨")
    member = await chat.person(MEMBER, "周小明")
    await head.command("household", "11")
    await coordinator.press(await coordinator.expect("农户登记申请 #1"), "✅ 确认")
    await head.expect("已确认")
    await head.command("household", f"add {MEMBER}")
    await head.expect("已把 周小明 加入您家")
    return head, member


async def test_the_head_spends_the_household_points(chat: ChatHarness) -> None:
    await play_household_shop(chat)


async def test_household_shop_on_postgres_and_redis(service_chat: ChatHarness) -> None:
    await play_household_shop(service_chat)


async def play_household_shop(chat: ChatHarness) -> None:
    keeper = await chat.person(COORDINATOR, "冯雪")
    head, member = await registered(chat, keeper)
    await keeper.command("reward", "add 11 12 5 香皂 / Soap")
    await keeper.expect("已上架 #1 香皂")
    desk = chat.app.router.services.households
    await desk.award(COORDINATOR, 1, "good-deed")  # 10
    await desk.award(COORDINATOR, 1, "courtyard")  # 13
    await keeper.catch_up()

    await member.command("household")
    screen = await member.expect("🏡 周阿姨 家")
    assert screen.find_button("🛒 用本户积分兑换") is None  # the county lets only heads
    assert screen.find_button("🚪 退出本户") is not None

    await head.command("household")
    await head.press(await head.expect("🏡 周阿姨 家"), "🛒 用本户积分兑换")
    listing = await head.expect("积分超市 · 本户积分：13")
    await head.next_answer()
    await head.press(listing, "🎁 香皂（12 积分）")
    await head.next_answer()
    reserved = await head.expect("已用本户积分预订“香皂”（12 积分）")
    found = CODE.search(reserved.text or "")
    assert found is not None
    code = found.group(1)
    assert (await head.expect(f"领取码 {code}")).photo is not None
    await head.press(listing, "🎁 香皂（12 积分）")  # the open code holds 12 of 13
    refused = await head.next_answer()
    assert refused.show_alert and "积分不够：可用 1，需要 12" in (refused.text or "")

    await keeper.command("redeem", code)
    await keeper.expect(f"已核销 {code}：“香皂”交给 周阿姨。库存剩 4 件")
    for someone in (head, member):
        await someone.expect("您家已领取“香皂”，扣除 12 分乡风文明积分，现有 1 分")
    async with chat.app.db.transaction() as tx:
        assert await tx.ledger.balance(household(1)) == 1
        assert await tx.ledger.balance(shop(11)) == 12
        assert (await tx.ledger.totals())["points"] == 0
        await tx.ledger.set_rules(Rules(members_redeem=True))
    await member.command("household")
    await member.press(await member.expect("🏡 周阿姨 家"), "🛒 用本户积分兑换")
    await member.expect("积分超市 · 本户积分：1")


async def test_the_household_shop_in_english(chat: ChatHarness) -> None:
    keeper = await chat.person(COORDINATOR, "冯雪")
    head = await chat.person(HEAD, "Zhou", "en")
    await head.command("household", "11")
    await keeper.press(await keeper.expect("农户登记申请 #1"), "✅ 确认")
    await keeper.expect("已确认")
    await keeper.command("reward", "add 11 3 5 香皂 / Soap")
    await keeper.expect("已上架")
    await chat.app.router.services.households.award(COORDINATOR, 1, "courtyard")
    await head.command("household")
    await head.press(await head.expect("🏡"), "🛒 Spend the household's points")
    listing = await head.expect("Points shop · your household's points: 3")
    await head.press(listing, "🎁 Soap (3 points)")
    await head.expect("with your household's points")
