"""The desk's statistics and exports count activities and the ledger's hours, in chat:
`/stats` shows hours by source (orders, activities, adjustments) and points, the
activities held with their attendance and beneficiaries, and per site below; the
`/export` workbook has an activities sheet and a volunteers sheet, in both languages.

The county (data/demo-county.yaml): point 11 (大桥社区) under station 10 (城关镇); the
harness's clock starts on Friday 20 November 2026.
"""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl

from domain.activity_models import ActivityDraft, SignupRole, Visibility
from domain.models import LocalName
from tests.flows.powers import BARBERS, READER, STATION_COORDINATOR, County
from tests.harness import ADMIN, ChatHarness
from tests.harness.chat import START

WALK_IN = 800899  # checked in by the coordinator, signed up for nothing


async def _held(chat: ChatHarness) -> int:
    """A closed activity at point 11 on 22 November: two barbers signed up to serve, one
    came (2 h credited); a resident signed up and came; one walk-in; 12 elderly and 3
    children served. And one order done by the reader (1 h)."""
    county = County(chat)
    resident = await county.user("居民")
    await county.done(resident)
    services = chat.app.router.services
    async with chat.app.db.transaction() as tx:
        team = await tx.teams.by_code("HAIR-DQ")
    assert team is not None
    start = START + timedelta(days=2)
    published = await services.activities.publish(
        ActivityDraft(
            title=LocalName("健康知识讲座", "Health talk"),
            category_code="civility",
            team_id=team.id,
            site_id=11,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            volunteer_quota=2,
            resident_quota=20,
            visibility=Visibility.SUBTREE,
            created_by=STATION_COORDINATOR,
        )
    )
    activity_id = published.activity.id
    for person, role in (
        (BARBERS[0], SignupRole.VOLUNTEER),
        (BARBERS[1], SignupRole.VOLUNTEER),
        (resident, SignupRole.RESIDENT),
    ):
        await services.activities.sign_up(activity_id, person, role)
    chat.clock.advance(days=2, minutes=10)
    for person in (BARBERS[0], resident, WALK_IN):
        await services.activities.checkins.check_in_for(STATION_COORDINATOR, activity_id, person)
    chat.clock.advance(hours=2)
    closed = await services.activities.checkins.close(
        STATION_COORDINATOR, activity_id, {"elderly": 12, "children": 3}, "", []
    )
    assert closed.credited == [BARBERS[0]]
    return activity_id


def _sheets(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


async def test_stats_counts_the_ledgers_hours_and_the_activities_held(chat: ChatHarness) -> None:
    await _held(chat)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("stats")
    summary = await coordinator.expect("📊 城关")
    caption = summary.caption or ""
    assert "志愿服务时长 3 小时" in caption
    assert "其中订单 1 小时，活动 2 小时，调整 0 小时；获得积分 30" in caption
    assert "活动 1 场：签到 2，临时参加 1，缺席 1；受益群众 15 人" in caption
    assert "受益群众：老年人 12，儿童 3" in caption
    await coordinator.expect("📈 城关")
    by_site = await coordinator.expect("各站点活动与时长")
    said = by_site.text or ""
    assert "大桥社区新时代文明实践站：活动 1 场，签到 2，临时 1，缺席 1，受益 15 人" in said
    assert "受益 15 人；时长 3 小时（活动 2）" in said
    # Last month: nothing held, no hours.
    await coordinator.command("stats", "2026-10")
    october = await coordinator.expect("📊 城关")
    assert "活动 0 场" in (october.caption or "")
    assert "志愿服务时长 0 小时" in (october.caption or "")


async def test_a_years_trend_says_how_many_activities_each_month_held(chat: ChatHarness) -> None:
    await _held(chat)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("stats", "2026")
    await coordinator.expect("📊 城关")
    trend = await coordinator.expect("📈 城关")
    assert (trend.caption or "").split("\n") == [
        "📈 城关镇新时代文明实践所 · 2026年 趋势",
        "每月举办活动：11月 1 场",
    ]
    # A month's trend is by day, and its caption only names it.
    await coordinator.command("stats", "2026-11")
    await coordinator.expect("📊 城关")
    assert (
        await coordinator.expect("📈 城关")
    ).caption == "📈 城关镇新时代文明实践所 · 2026年11月 趋势"
    admin = await chat.person(ADMIN, "Admin", "en")
    await admin.command("stats", "10 2026")
    await admin.expect("📊")
    caption = (await admin.expect("📈")).caption or ""
    assert caption.endswith("the trend\nActivities held by month: Nov: 1")


async def test_stats_in_english(chat: ChatHarness) -> None:
    await _held(chat)
    admin = await chat.person(ADMIN, "Admin", "en")
    await admin.command("stats", "10 2026-11")
    caption = (await admin.expect("📊")).caption or ""
    assert "Of which orders 1 h, activities 2 h, adjustments 0 h; points earned: 30" in caption
    assert "Activities held: 1; checked in 2, walk-ins 1, no-shows 1; beneficiaries: 15" in caption
    assert "Beneficiaries: Elderly 12, Children 3" in caption


async def test_the_export_has_the_activities_and_the_volunteers_hours(chat: ChatHarness) -> None:
    activity_id = await _held(chat)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("export")
    await coordinator.expect("个订单")
    [document] = [
        c for c in chat.messenger.sent(STATION_COORDINATOR) if c.method == "send_document"
    ]
    sheets = _sheets(document.file or b"")
    assert list(sheets) == ["订单", "汇总", "活动", "志愿者"]
    header, *rows = sheets["活动"]
    assert header[:3] == ("活动编号", "活动名称", "站点")
    assert "受益：老年人" in header and header[-1] == "记入服务时长（小时）"
    [row] = rows
    line = dict(zip(header, row, strict=True))
    assert line["活动编号"] == activity_id and line["活动名称"] == "健康知识讲座"
    assert line["站点"] == "大桥社区新时代文明实践站" and line["状态"] == "已结项"
    assert (line["志愿者名额"], line["群众名额"]) == (2, 20)
    assert (line["已报名志愿者"], line["已报名群众"]) == (2, 1)
    assert (line["签到"], line["临时参加"], line["缺席"], line["实到人数"]) == (2, 1, 1, 3)
    assert (line["受益：老年人"], line["受益：儿童"], line["受益：其他"]) == (12, 3, 0)
    assert line["受益群众合计"] == 15 and line["记入服务时长（小时）"] == 2
    assert str(line["开始时间"]).startswith("2026-11-22")

    header, *rows = sheets["志愿者"]
    assert header[:4] == ("志愿者编号", "站点编号", "站点", "队伍")
    people = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    barber, reader = people[BARBERS[0]], people[READER]
    assert (barber["活动时长（小时）"], barber["本期时长（小时）"], barber["本期积分"]) == (
        2,
        2,
        20,
    )
    assert (reader["订单时长（小时）"], reader["活动时长（小时）"], reader["本期积分"]) == (
        1,
        0,
        10,
    )
    assert people[BARBERS[1]]["本期时长（小时）"] == 0  # signed up, never came
    # The orders sheet's hours are the ledger's too.
    orders_header, *orders = sheets["订单"]
    done = [dict(zip(orders_header, o, strict=True)) for o in orders]
    assert [o["服务时长（小时）"] for o in done if o["状态"] == "已完成"] == [1]


async def test_an_export_in_english_and_a_period_with_only_activities(chat: ChatHarness) -> None:
    await _held(chat)
    admin = await chat.person(ADMIN, "Admin", "en")
    await admin.command("export", "10 2026-11-22")  # the activity's day: no order placed
    await admin.expect("0 orders from")
    [document] = [c for c in chat.messenger.sent(ADMIN) if c.method == "send_document"]
    sheets = _sheets(document.file or b"")
    assert list(sheets) == ["Orders", "Summary", "Activities", "Volunteers"]
    header, row = sheets["Activities"]
    assert header[:2] == ("Activity", "Title") and "Beneficiaries: Elderly" in header
    assert row[1] == "Health talk" and row[7] == "Closed"
    assert sheets["Volunteers"][0][-2:] == ("Hours in all", "Points balance")
