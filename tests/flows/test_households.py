"""Household civility points in chat (乡风文明积分): a resident registers their household,
the point's coordinator confirms it, a grader appointed there awards points with a
photo, a deduction needs a reason and is shown to the household; then the month's
honour list, as words and as a PNG."""

from __future__ import annotations

from sqlalchemy import select

from bot.demo import COORDINATOR, VOLUNTEERS
from domain.ledger_models import ISSUING, household
from storage.sql.tables import household_awards
from tests.harness import ChatHarness

POINT = "大桥社区新时代文明实践站"
HEAD, MEMBER, GRADER, STRANGER = 800031, 800032, 800040, 800041
CENTER_COORDINATOR = 900101
OTHER_STATION_COORDINATOR = 900104  # station 20: not over point 11


async def test_register_award_deduct_and_honour(chat: ChatHarness) -> None:
    await play_households(chat)


async def test_households_on_postgres_and_redis(service_chat: ChatHarness) -> None:
    await play_households(service_chat)


async def play_households(chat: ChatHarness) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    outsider = await chat.person(OTHER_STATION_COORDINATOR, "邓宁")
    center = await chat.person(CENTER_COORDINATOR, "高敏")
    head = chat.user(HEAD, "周阿姨")
    member = chat.user(MEMBER, "周小明")
    grader = chat.user(GRADER, "李会计")
    for someone in (member, grader):
        await someone.command("start")
        await someone.catch_up()

    await head.command("household")
    await head.press(await head.expect("您家还没有登记乡风文明积分"), POINT)
    await head.expect(f"已提交登记申请（{POINT}）")
    asked = await coordinator.expect("农户登记申请 #1：周阿姨")
    await outsider.catch_up()
    await head.command("household")
    await head.expect("正在等待协调员确认")
    await coordinator.press(asked, "✅ 确认")
    await coordinator.expect("已确认 #1 周阿姨 家的登记")
    await head.expect("您家的乡风文明积分登记（#1）已确认")
    late = await center.expect("农户登记申请 #1：周阿姨")  # the center was asked too
    await center.press(late, "✅ 确认")
    assert "已经处理过了" in ((await center.next_answer()).text or "")

    await head.command("household", f"add {MEMBER}")
    await head.expect("已把 周小明 加入您家")
    await member.command("household", f"add {STRANGER}")
    await member.expect("只有户主可以添加家庭成员")

    await grader.command("award")
    await grader.expect("只有协调员或实践站的评分员可以加分、扣分")
    await outsider.command("grader", f"add {GRADER} 11")
    await outsider.expect("这个实践站不在您负责的范围内")
    await coordinator.command("grader", f"add {GRADER} 11")
    await coordinator.expect(f"已任命 李会计 为 {POINT} 的评分员")
    await grader.expect("您已被任命为")
    await coordinator.command("grader")
    await coordinator.expect(f"李会计（{GRADER}）· {POINT}")

    await grader.command("award")
    await grader.press(await grader.expect("给哪一户？"), f"周阿姨 · {POINT}")
    rules = await grader.expect("因为哪一项？")
    assert rules.find_button("乱堆乱放 (-5)") is None  # deductions are /deduct's
    await grader.press(rules, "庭院整洁 (+3)")
    await grader.expect("可以发一张照片")
    await grader.send_photo(caption="院子很干净", data=b"courtyard")
    await grader.expect("已为 周阿姨 家加 3 分（庭院整洁），现有 3 分")
    for someone in (head, member):
        await someone.expect("您家因“庭院整洁”获得 3 分乡风文明积分！说明：院子很干净")
    photos = [c for c in chat.messenger.sent(HEAD) if c.method == "send_file_id"]
    assert len(photos) == 1

    await coordinator.command("award")
    await coordinator.press(await coordinator.expect("给哪一户？"), f"周阿姨 · {POINT}")
    await coordinator.press(await coordinator.expect("因为哪一项？"), "善行义举 (+10)")
    await coordinator.press(await coordinator.expect("可以发一张照片"), "跳过")
    await coordinator.expect("已为 周阿姨 家加 10 分（善行义举），现有 13 分")

    await grader.command("deduct")
    await grader.press(await grader.expect("给哪一户？"), f"周阿姨 · {POINT}")
    await grader.press(await grader.expect("因为哪一项？"), "乱堆乱放 (-5)")
    prompt = await grader.expect("请写明扣分原因")
    assert prompt.find_button("跳过") is None
    await grader.send_photo(data=b"no caption")
    await grader.expect("扣分必须写明原因")
    await grader.send("门口堆放杂物")
    await grader.expect("已从 周阿姨 家扣 5 分（乱堆乱放），现有 8 分")
    await head.expect("您家因“乱堆乱放”被扣 5 分。原因：门口堆放杂物。现有 8 分")
    await head.command("household")
    shown = await head.expect("🏡 周阿姨 家")
    assert "乡风文明积分：8" in (shown.text or "")
    assert "乱堆乱放：-5 分（门口堆放杂物）" in (shown.text or "")
    assert "周小明" in (shown.text or "")

    async with chat.app.db.transaction() as tx:
        assert await tx.ledger.balance(household(1)) == 8
        assert await tx.ledger.balance(ISSUING) == -8
        assert (await tx.ledger.totals())["points"] == 0
    async with chat.app.db.engine.connect() as conn:
        rows = (await conn.execute(select(household_awards.c.points))).scalars().all()
    assert sorted(rows) == [-5, 3, 10]

    await coordinator.command("adjust", f"{VOLUNTEERS[0]} 2 带队")  # 20 points this month
    await coordinator.catch_up()
    await head.command("honour", "11")
    listed = await head.expect("光荣榜")
    text = listed.text or ""
    assert "1. 周阿姨 · 8 分" in text and "1. 王秀英 · 20 分" in text
    card = await head.expect(lambda m: m.photo is not None)
    (photo,) = [c for c in chat.messenger.sent(HEAD) if c.method == "send_photo"]
    assert photo.file is not None and photo.file.startswith(b"\x89PNG\r\n\x1a\n")
    assert card.photo is not None
    await head.command("honour", "11 2020-01")
    assert "本月暂无" in ((await head.expect("2020年1月")).text or "")
    await head.command("honour", "11 13月")
    await head.expect("月份不对")
    await head.command("honour", "what")
    await head.expect("用法：/honour")

    await member.command("mydata")
    await chat.idle()
    (export,) = [c for c in chat.messenger.sent(MEMBER) if c.method == "send_document"]
    words = (export.file or b"").decode()
    assert f"农户 #1，户主 {HEAD}" in words and "乱堆乱放：-5 分（门口堆放杂物）" in words


async def test_english_and_refusals(chat: ChatHarness) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    head = chat.user(HEAD, "Zhou", "en")
    await head.command("household", "10")  # a station, not a point
    await head.expect("Please pick a point")
    await head.command("household", "11")
    await head.expect("Asked to register at Daqiao Community Practice Station")
    await head.command("household", "11")
    await head.expect("You are already in a household")
    await coordinator.press(await coordinator.expect("农户登记申请 #1"), "❌ 不予登记")
    await coordinator.expect("已拒绝 #1 Zhou 家的登记")
    # Told in the language kept for them (none chosen: the county's default).
    await head.expect("您家的登记申请（#1）未获确认")
    await coordinator.command("award")
    await coordinator.expect("还没有已确认的农户")
    await head.command("household", "add x")
    await head.expect("Usage:")
    await head.command("honour")
    await head.expect("Honour list")
