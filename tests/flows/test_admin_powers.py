"""Coordinators' and admins' people and catalogue commands, end to end."""

from __future__ import annotations

from tests.flows.powers import (
    CENTER_COORDINATOR,
    OTHER_COORDINATOR,
    POINT_COORDINATOR,
    STATION_COORDINATOR,
    County,
)
from tests.harness import ADMIN, ChatHarness


async def test_volunteers_lists_load_rating_hours_and_availability(chat: ChatHarness) -> None:
    county = County(chat)
    await county.assigned()  # 陈静 (READ-DQ) now has one open task
    async with chat.app.db.transaction() as tx:
        await tx.volunteers.set_available(900002, False)
        await tx.volunteers.set_quiet(900001, 22 * 60, 7 * 60)
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    await coordinator.command("volunteers")
    roster = (await coordinator.next_message()).text or ""
    assert "大桥社区新时代文明实践站的志愿者（共 3 人）" in roster
    assert "陈静（900005）· 大桥社区读书志愿队 · 进行中 1 · 评分 暂无 · 0 小时 · 可接单" in roster
    assert "李建国（900002）" in roster and "暂停接单" in roster
    assert "免打扰 22:00–07:00" in roster
    await coordinator.command("volunteers", "abc")
    await coordinator.expect("用法：/volunteers")
    await coordinator.command("volunteers", "10")
    await coordinator.expect("这个站点不在您可以管理的范围内")


async def test_volunteers_drill_down_with_buttons(chat: ChatHarness) -> None:
    station = await chat.person(STATION_COORDINATOR, "钱军")
    await station.command("volunteers")
    listing = await station.expect("城关镇新时代文明实践所的志愿者（共 6 人）")
    assert "查看下级站点" in (listing.text or "")
    await station.press(listing, "西门社区新时代文明实践站")
    point = await station.expect("西门社区新时代文明实践站的志愿者（共 1 人）")
    assert point.message_id == listing.message_id and "刘芳" in (point.text or "")


async def test_sites_shows_the_tree_with_counts_in_ones_own_scope(chat: ChatHarness) -> None:
    county = County(chat)
    await county.order()
    station = await chat.person(STATION_COORDINATOR, "钱军")
    await station.command("sites")
    tree = (await station.next_message()).text or ""
    assert "10 · 城关镇新时代文明实践所 · 6 人 · 1 单" in tree
    assert "    11 · 大桥社区新时代文明实践站 · 3 人 · 1 单" in tree
    assert "东湖镇" not in tree  # another station: not theirs
    admin = await chat.person(ADMIN, "Admin", "en")
    await admin.command("sites")
    whole = (await admin.next_message()).text or ""
    assert "1 · Demo County Civilization Practice Center · 15 volunteers · 1 open" in whole


async def test_promote_then_demote_a_point_coordinator(chat: ChatHarness) -> None:
    station = await chat.person(STATION_COORDINATOR, "钱军")
    newcomer = await chat.person(800720, "杨主任")
    await station.command("promote", "800720 coordinator")
    await station.expect("用法：")
    await station.command("promote", "800999 coordinator 12")
    await station.expect("用户 800999 还没有使用过本服务")
    await station.command("promote", "800720 coordinator 10")  # its own level: no
    await station.expect("这个站点不在您可以管理的范围内")
    await station.command("promote", "800720 coordinator 12")
    await station.expect("已任命 杨主任（800720）为 西门社区新时代文明实践站 的协调员")
    await newcomer.expect("您已被任命为 西门社区新时代文明实践站 的协调员")
    await newcomer.command("help")
    assert "/reassign" in ((await newcomer.next_message()).text or "")
    await newcomer.command("volunteers")
    await newcomer.expect("西门社区新时代文明实践站的志愿者")

    await station.command("demote", "x")
    await station.expect("用法：/demote")
    await station.command("demote", "800720")
    await station.expect("已撤销 杨主任（800720）的职务：\n西门社区新时代文明实践站 协调员")
    await newcomer.expect("您的以下职务已被撤销")
    await station.command("demote", "800720")
    await station.expect("用户 800720 没有可以撤销的职务")
    await newcomer.command("volunteers")
    await newcomer.expect("只有协调员可以这样做")


async def test_admins_appoint_admins_and_settings_admins_stay(chat: ChatHarness) -> None:
    admin = await chat.person(ADMIN, "Admin", "en")
    center = await chat.person(CENTER_COORDINATOR, "高敏")
    await center.command("promote", f"{OTHER_COORDINATOR} admin")
    await center.expect("只有管理员可以这样做")
    await admin.command("promote", f"{OTHER_COORDINATOR} admin")
    await admin.expect(f"({OTHER_COORDINATOR}) is now an admin")
    roles = await chat.app.router.services.people.touch(OTHER_COORDINATOR, "邓宁", None)
    assert roles.roles.admin
    await admin.command("demote", str(OTHER_COORDINATOR))
    removed = await admin.expect("Removed from")
    assert "admin" in (removed.text or "") and "coordinator of Donghu" in (removed.text or "")
    await center.command("demote", str(ADMIN))
    await center.expect(f"用户 {ADMIN} 是在系统设置里指定的管理员")
    async with chat.app.db.transaction() as tx:
        assert await tx.roles.grants(OTHER_COORDINATOR) == []
    assert (await chat.app.router.services.people.touch(ADMIN, "Admin", None)).roles.admin


async def test_catalog_add_rename_retire_and_the_order_flow_hides_retired(
    chat: ChatHarness,
) -> None:
    center = await chat.person(CENTER_COORDINATOR, "高敏")
    await center.command("catalog")
    listing = (await center.next_message()).text or ""
    assert "【乡风文明】civility" in listing and "haircut · 爱心义剪" in listing
    await center.command("catalog", "add civility kite-repair 修风筝 | Kite repair")
    await center.expect("已添加服务 kite-repair：修风筝")
    await center.command("catalog", "add civility kite-repair 再来 | Again")
    await center.expect("编码 kite-repair 已被使用")
    await center.command("catalog", "add nosuch x-y 名字")
    await center.expect("没有编码为 nosuch 的类别")
    await center.command("catalog", "add civility Bad_Code 名字")
    await center.expect("服务编码 Bad_Code 不对")
    await center.command("catalog", "rename kite-repair 风筝维修 | Kite mending")
    await center.expect("服务 kite-repair 已改名为：风筝维修")
    await center.command("catalog", "retire haircut")
    await center.expect("服务 haircut（爱心义剪）已下线")
    await center.command("catalog", "retire")
    await center.expect("用法：")
    await center.command("catalog", "retire nosuch")
    await center.expect("没有编码为 nosuch 的服务")
    await center.command("catalog")
    assert "haircut · 爱心义剪（已下线）" in ((await center.next_message()).text or "")

    resident = await chat.person(800721, "秦大爷")
    await resident.command("order")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    services = await resident.expect("请选择具体服务")
    labels = {b.text for b in services.button_list}
    assert "风筝维修" in labels and "爱心义剪" not in labels

    station = await chat.person(STATION_COORDINATOR, "钱军")
    await station.command("catalog", "retire elder-visit")
    await station.expect("只有县中心的协调员或管理员可以修改服务目录")
