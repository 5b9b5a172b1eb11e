"""`/export` in chat: a coordinator gets the orders of their subtree and period as an
.xlsx (orders, and the sums by site and category) or as CSV with a BOM; outside
their sites, or for a resident, it is refused; a slow export shows its progress."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, timedelta

import openpyxl
import pytest

from domain.models import OrderDraft
from handlers import exports as export_handlers
from tests.days import TOMORROW
from tests.flows.powers import (
    OTHER_POINT,
    READER,
    RESIDENT,
    STATION,
    STATION_COORDINATOR,
    County,
)
from tests.harness import ADMIN, ChatHarness
from tests.harness.messenger import Call


async def _orders(chat: ChatHarness) -> tuple[County, list[int]]:
    """At point 11 (station 10): one rated (5 stars, 1 h), one waiting; one at point 21."""
    county = County(chat)
    resident = await county.user("居民")
    rated = await county.done(resident)
    await county.services.desk.rate(rated, resident, 5)
    waiting = await county.order()
    service = await county.service_id("haircut")
    await county.services.desk.place(OrderDraft(resident, service, OTHER_POINT, TOMORROW))
    return county, [rated, waiting]


def _documents(chat: ChatHarness, chat_id: int) -> list[Call]:
    return [c for c in chat.messenger.sent(chat_id) if c.method == "send_document"]


def _sheets(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


async def test_a_station_exports_its_orders_and_the_sums_as_xlsx(chat: ChatHarness) -> None:
    _, (rated, waiting) = await _orders(chat)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("export")
    caption = await coordinator.expect("个订单")
    said = caption.caption or ""
    assert "城关镇新时代文明实践所" in said and "2 个订单" in said
    [document] = _documents(chat, STATION_COORDINATOR)
    assert document.filename is not None and document.filename.endswith(".xlsx")
    assert document.filename.startswith(f"订单-{STATION}-")
    sheets = _sheets(document.file or b"")
    assert list(sheets) == ["订单", "汇总", "活动", "志愿者"]
    header, *rows = sheets["订单"]
    assert header[:3] == ("订单号", "站点编号", "站点") and header[-1] == "过程"
    assert [r[0] for r in rows] == [rated, waiting]  # not the order at point 21
    first = dict(zip(header, rows[0], strict=True))
    assert first["站点"] == "大桥社区新时代文明实践站" and first["类别"] == "文化服务"
    assert first["状态"] == "已评价" and first["评分"] == 5 and first["服务时长（小时）"] == 1
    assert first["志愿者编号"] == READER
    assert str(first["过程"]).count(" → ") >= 3 and "已完成" in str(first["过程"])
    # The summary: one row per site and category, the site's subtotal, the total.
    summary_header, *summary = sheets["汇总"]
    assert summary_header[:4] == ("站点编号", "站点", "类别", "订单数")
    cells = {(r[0], r[2]): r[3:] for r in summary}
    categories = {c for (site, c) in cells if site == 11} - {"小计"}
    assert cells[(11, "小计")][:4] == (2, 1, 0, 1)  # orders, done, cancelled, rated
    assert cells[(11, "小计")][4:] == (5, 1)  # the average rating, the hours
    assert len(categories) >= 1 and summary[-1][1] == "合计" and summary[-1][3] == 2


async def test_csv_has_a_bom_and_a_summary_file(chat: ChatHarness) -> None:
    _, (rated, waiting) = await _orders(chat)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("export", "csv")
    await coordinator.expect("个订单")
    await chat.idle()
    orders, summary = _documents(chat, STATION_COORDINATOR)
    assert (orders.file or b"").startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8
    assert (summary.file or b"").startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO((orders.file or b"").decode("utf-8-sig"))))
    assert rows[0][2] == "站点" and [int(r[0]) for r in rows[1:]] == [rated, waiting]
    assert "大桥社区新时代文明实践站" in rows[1]
    assert "合计" in (summary.file or b"").decode("utf-8-sig")


async def test_an_admin_reads_english_headers_and_a_given_period(chat: ChatHarness) -> None:
    await _orders(chat)
    admin = await chat.person(ADMIN, "Admin", "en")
    month = f"{chat.clock.now():%Y-%m}"
    await admin.command("export", f"1 {month}")
    await admin.expect("3 orders from")
    [document] = _documents(chat, ADMIN)
    # The file is named in the reader's language too, as every file the bot sends.
    assert document.filename == f"orders-1-{month.replace('-', '')}01-{_month_end(month)}.xlsx"
    sheets = _sheets(document.file or b"")
    assert list(sheets) == ["Orders", "Summary", "Activities", "Volunteers"]
    assert sheets["Orders"][0][:3] == ("Order", "Site id", "Site")
    assert sheets["Summary"][-1][1] == "Total" and sheets["Summary"][-1][3] == 3


async def test_a_period_without_orders_says_so(chat: ChatHarness) -> None:
    await _orders(chat)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("export", "2020-01-01 2020-01-31")
    await coordinator.expect("没有订单")
    assert _documents(chat, STATION_COORDINATOR) == []


@pytest.mark.parametrize(
    ("who", "args", "said"),
    [
        (STATION_COORDINATOR, str(OTHER_POINT), "不在您可以管理的范围内"),
        (STATION_COORDINATOR, "999", "没有这个站点"),
        (STATION_COORDINATOR, "2026-13", "看不懂日期“2026-13”"),
        (STATION_COORDINATOR, "2026-11-20 2026-11-01", "结束日期要在开始日期之后"),
        (STATION_COORDINATOR, "10 2026-11 2026-12 2027-01", "用法：/export"),
        (RESIDENT, "", "只有协调员可以这样做"),
    ],
)
async def test_refusals_are_said_and_send_nothing(
    chat: ChatHarness, who: int, args: str, said: str
) -> None:
    user = await chat.person(who, "某人")
    await user.command("export", args)
    await user.expect(said)
    await chat.idle()
    assert _documents(chat, who) == []


async def test_a_slow_export_edits_its_progress_message(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Slow" made immediate: progress from the first page on, one order per page.
    monkeypatch.setattr(export_handlers, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(export_handlers, "PROGRESS_EVERY", 0.0)
    monkeypatch.setattr(chat.app.router.services.exports, "page_size", 1)
    await _orders(chat)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("export")
    await coordinator.expect("个订单")
    calls = [c for c in chat.messenger.calls if c.chat_id == STATION_COORDINATOR]
    progress = [c for c in calls if c.text and "正在导出" in c.text]
    assert [c.method for c in progress] == ["send", "edit"]
    assert [c.text for c in progress] == ["⏳ 正在导出：1 / 2 单", "⏳ 正在导出：2 / 2 单"]
    finished = [c for c in calls if c.method == "edit" and c.text and "已导出 2 单" in c.text]
    assert len(finished) == 1
    [document] = _documents(chat, STATION_COORDINATOR)
    assert len(_sheets(document.file or b"")["订单"]) == 3  # the header and two orders


async def test_a_csv_past_the_upload_limit_goes_zipped_and_an_xlsx_is_refused(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The orders CSV is over the limit, its summary under.
    monkeypatch.setattr(export_handlers, "MAX_UPLOAD", 500)
    _, (rated, waiting) = await _orders(chat)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("export", "csv")
    await coordinator.expect("个订单")
    await chat.idle()
    zipped, summary = _documents(chat, STATION_COORDINATOR)
    assert zipped.filename is not None and zipped.filename.endswith(".csv.zip")
    assert summary.filename is not None and summary.filename.endswith("-汇总.csv")
    with zipfile.ZipFile(io.BytesIO(zipped.file or b"")) as archive:
        [name] = archive.namelist()
        text = archive.read(name).decode("utf-8-sig")
    assert [int(r[0]) for r in list(csv.reader(io.StringIO(text)))[1:]] == [rated, waiting]
    monkeypatch.setattr(export_handlers, "MAX_UPLOAD", 100)
    await coordinator.command("export")
    await coordinator.expect("超过 Telegram 的 50 MB 上限")


def _month_end(month: str) -> str:
    """The last day of "YYYY-MM" as YYYYMMDD."""
    year, number = (int(part) for part in month.split("-"))
    first_next = date(year + number // 12, number % 12 + 1, 1)
    return f"{first_next - timedelta(days=1):%Y%m%d}"
