"""An activity's poster over HTTP and each transport: the coordinator sends the photo
in chat, and the follower gets the announcement as the poster's caption, with the
Sign up button under it (sendPhoto by file id with a reply_markup, checked against
the Bot API spec by the sandbox), and signs up from it."""

from __future__ import annotations

from tests.e2e.conftest import Stack

STATION_COORDINATOR = 900102  # Chengguan (10), over the Daqiao point (11)
FOLLOWER = 820500


async def test_the_announcement_arrives_as_the_posters_caption(stack: Stack) -> None:
    follower = await stack.person(FOLLOWER, "孙阿姨")
    await stack.app.router.services.activities.follow(FOLLOWER, 11)
    coordinator = await stack.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("activity", "new")
    await coordinator.expect("请输入活动名称")
    await coordinator.send("爱心义剪进社区")
    await coordinator.press(await coordinator.expect("英文名称"), "跳过")
    await coordinator.press(await coordinator.expect("请选择活动类别"), "乡风文明")
    await coordinator.press(await coordinator.expect("由哪个队伍组织"), "大桥社区爱心义剪队")
    await coordinator.press(await coordinator.expect("在哪个站点举办"), "大桥社区新时代文明实践站")
    await coordinator.expect("活动地点")
    await coordinator.send("🏠 使用站点地址")
    await coordinator.expect("开始时间")
    await coordinator.send("11月22日 14:00")
    await coordinator.press(await coordinator.expect("活动多长时间"), "2 小时")
    await coordinator.press(await coordinator.expect("需要多少名志愿者"), "0")
    await coordinator.expect("可报名的居民名额")
    await coordinator.send("20")
    await coordinator.press(await coordinator.expect("谁可以看到"), "🌳 本站点及下属站点的所有人")
    await coordinator.expect("海报")
    await coordinator.send_photo(data=b"poster")
    await coordinator.press(await coordinator.expect("请确认活动信息"), "✅ 发布")
    await coordinator.expect("正在通知")

    told = await follower.expect(lambda m: m.photo is not None)
    assert "📣 新活动：爱心义剪进社区" in (told.caption or "")
    assert [b.text for b in told.button_list] == ["✅ 我要报名"]
    await follower.press(told, "✅ 我要报名")
    await follower.expect("✅ 报名成功：爱心义剪进社区")
