"""The points shop in chat: a coordinator stocks a reward, a volunteer redeems it by
a button and gets a pickup code as text and QR image, the keeper hands it over."""

from __future__ import annotations

import re

from bot.demo import COORDINATOR, VOLUNTEERS
from domain.ledger_models import person, shop
from tests.harness import ChatHarness

CENTER_COORDINATOR = 900101
OTHER_STATION_COORDINATOR = 900104  # station 20: not where the reward is picked up
CODE = re.compile(r"领取码：([A-Z0-9]{4}-[A-Z0-9]{4})")


async def test_stock_redeem_and_hand_over(chat: ChatHarness) -> None:
    await play_the_shop(chat)


async def test_the_shop_on_postgres_and_redis(service_chat: ChatHarness) -> None:
    await play_the_shop(service_chat)


async def play_the_shop(chat: ChatHarness) -> None:
    keeper = await chat.person(COORDINATOR, "冯雪")
    outsider = await chat.person(OTHER_STATION_COORDINATOR, "邓宁")
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")

    await keeper.command("reward", "add 11 15 2 香皂 / Soap")
    await keeper.expect("已上架 #1 香皂：15 积分，库存 2 件，在 大桥社区新时代文明实践站 领取")
    await volunteer.command("shop")
    listing = await volunteer.expect("积分超市 · 您的积分：0")
    await volunteer.press(listing, "🎁 香皂（15 积分）")
    refused = await volunteer.next_answer()
    assert refused.show_alert and "积分不够：可用 0，需要 15" in (refused.text or "")

    await keeper.command("adjust", f"{VOLUNTEERS[0]} 2 带队")  # 20 points
    await volunteer.expect("协调员为您调整了服务时长")
    await volunteer.command("shop")
    await volunteer.press(await volunteer.expect("您的积分：20"), "🎁 香皂（15 积分）")
    reserved = await volunteer.expect("已预订“香皂”（15 积分）")
    found = CODE.search(reserved.text or "")
    assert found is not None
    code = found.group(1)
    qr = await volunteer.expect(f"领取码 {code}")
    assert qr.photo is not None
    (photo,) = [c for c in chat.messenger.sent(VOLUNTEERS[0]) if c.method == "send_photo"]
    assert photo.file is not None and photo.file.startswith(b"\x89PNG\r\n\x1a\n")
    await volunteer.command("shop")
    listed = await volunteer.expect("待领取")
    assert code in (listed.text or "")

    await outsider.command("redeem", code)
    await outsider.expect("这件物品不在您的站点领取")
    await keeper.command("redeem", code.lower())
    await keeper.expect(f"已核销 {code}：“香皂”交给 王秀英。库存剩 1 件")
    await volunteer.expect("您已领取“香皂”，扣除 15 积分，余额 5")
    await keeper.command("redeem", code)
    await keeper.expect("这个领取码已经用过了")
    async with chat.app.db.transaction() as tx:
        assert await tx.ledger.balance(person(VOLUNTEERS[0])) == 5
        assert await tx.ledger.balance(shop(11)) == 15
        assert (await tx.ledger.totals())["points"] == 0


async def test_the_catalogue_in_chat_and_its_refusals(chat: ChatHarness) -> None:
    keeper = await chat.person(COORDINATOR, "冯雪")
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    resident = chat.sb.user(800031, "周阿姨", "zh-CN")
    await keeper.command("reward")
    await keeper.expect("您所辖的站点还没有物品")
    await keeper.command("reward", "add 11 abc 2 香皂")
    await keeper.expect("用法：")
    await keeper.command("reward", "add 20 10 2 香皂")  # station 20 is not theirs
    await keeper.expect("这个站点不在您负责的范围内")
    await keeper.command("reward", "add 11 10 2 毛巾 / Towel")
    await keeper.expect("已上架 #1 毛巾")
    await keeper.command("reward", "stock 1 7")
    await keeper.expect("#1 毛巾 的库存改为 7 件")
    await keeper.command("reward")
    assert "#1 毛巾 · 10 积分 · 剩 7 件" in ((await keeper.expect("我所辖站点")).text or "")
    await keeper.command("reward", "off 99999999999999999999")
    await keeper.expect("没有编号为 99999999999999999999 的物品")
    await keeper.command("reward", "off 1")
    await keeper.expect("#1 毛巾 已下架")
    await volunteer.command("shop")
    await volunteer.expect("暂时没有可兑换的物品")
    await keeper.command("redeem")
    await keeper.expect("用法：/redeem")
    await keeper.command("redeem", "WHAT-EVER")
    await keeper.expect("领取码不对")
    await resident.command("redeem", "ABCD-EFGH")
    await resident.expect("领取码不对")


async def test_the_shop_in_english(chat: ChatHarness) -> None:
    keeper = await chat.person(CENTER_COORDINATOR, "高敏")
    emma = await chat.person(900010, "Emma", "en")
    await keeper.command("reward", "add 1 5 3 雨伞 / Umbrella")
    await keeper.expect("已上架")
    await keeper.command("adjust", "900010 1 training")
    await emma.expect("A coordinator adjusted your hours by +1 (10 points)")
    await emma.command("shop")
    await emma.press(await emma.expect("Points shop · your points: 10"), "🎁 Umbrella (5 points)")
    await emma.expect('Reserved "Umbrella" (5 points)')
    await emma.expect("Pickup code")
