"""Writing `/export`'s file, row by row, to a temporary file (see `handlers.exports`).

Synchronous on purpose: `handlers.exports` runs every call in a worker thread
(`asyncio.to_thread`), so the event loop keeps serving other chats. Memory stays
flat: XlsxWriter's `constant_memory` mode writes each row out as soon as the next
one starts, CSV goes straight to the file, and the summary keeps one tally per site
and category (`domain.exports.Summary`).

The xlsx has four sheets: the orders (one row each, its events compact in one
cell, the hours the ledger credited for it), the sums by site and category with a
subtotal per site and the total, the shape a county sends upward; the activities
(one row each: quotas, sign-ups, attendance, beneficiaries by category, hours
credited); and the volunteers of the subtree (by id) with the period's hours by
source and points, from the ledger. The CSV is the orders sheet alone (UTF-8 with a
BOM, so Excel shows the Chinese); its summary goes out as a second small CSV.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol
from zoneinfo import ZoneInfo

import xlsxwriter

from domain.exports import Extras, Summary, Tally
from domain.ledger_models import MINUTES
from domain.models import LocalName
from domain.ports.exports import ExportRow, VolunteerLine
from domain.stats_models import BENEFICIARY_CATEGORIES, SOURCES, ActivityLine

EVENT_SEPARATOR = " → "


@dataclass(frozen=True, slots=True)
class SheetWords:
    """Everything the file says, in the reader's language (built by the handler)."""

    orders_sheet: str
    summary_sheet: str
    order_headers: tuple[str, ...]
    summary_headers: tuple[str, ...]
    subtotal: str
    total: str
    site: Callable[[int], str]
    category: Callable[[str], str]
    service: Callable[[int], str]
    status: Callable[[str], str]
    timezone: ZoneInfo
    site_order: Sequence[int]  # the subtree in the tree's listing order
    # The xlsx's activities and volunteers sheets (`activity_cells`, `volunteer_cells`).
    activities_sheet: str = ""
    activity_headers: tuple[str, ...] = ()  # before the beneficiary columns
    activity_tail: tuple[str, ...] = ()  # after them
    beneficiary: Callable[[str], str] = str  # a category's column header
    activity_status: Callable[[str], str] = str
    volunteers_sheet: str = ""
    volunteer_headers: tuple[str, ...] = ()
    pick: Callable[[LocalName], str] = lambda name: name.zh
    file_stem: str = "orders"  # the sent file's name before its suffix


def order_cells(row: ExportRow, words: SheetWords) -> list[Any]:
    """One order's row: the cells in `SheetWords.order_headers`' order."""
    tz = words.timezone
    events = EVENT_SEPARATOR.join(
        f"{e.at.astimezone(tz):%m-%d %H:%M} {words.status(e.to_status)}" for e in row.events
    )
    return [
        row.order_id,
        row.site_id,
        words.site(row.site_id),
        words.category(row.category_code),
        words.service(row.service_id),
        words.status(row.status),
        f"{row.created_at.astimezone(tz):%Y-%m-%d %H:%M}",
        row.when_day.isoformat(),
        row.volunteer_id if row.volunteer_id is not None else "",
        row.rating if row.rating is not None else "",
        row.hours if row.hours is not None else "",
        events,
    ]


def _tally_cells(tally: Tally) -> list[Any]:
    average = tally.average_rating
    return [
        tally.orders,
        tally.finished,
        tally.cancelled,
        tally.rated,
        "" if average is None else round(average, 2),
        round(tally.hours, 2),
    ]


def summary_rows(summary: Summary, words: SheetWords) -> list[list[Any]]:
    """The second sheet: site, category, then the tallies; a subtotal per site."""
    out: list[list[Any]] = []
    for site_id, cats, subtotal in summary.by_site(list(words.site_order)):
        name = words.site(site_id)
        for code, tally in cats:
            out.append([site_id, name, words.category(code), *_tally_cells(tally)])
        out.append([site_id, name, words.subtotal, *_tally_cells(subtotal)])
    out.append(["", words.total, "", *_tally_cells(summary.total())])
    return out


def beneficiary_codes(lines: Sequence[ActivityLine]) -> list[str]:
    """The beneficiary columns: the close's categories, then any other code seen."""
    seen = {code for line in lines for code in line.beneficiaries}
    return [*BENEFICIARY_CATEGORIES, *sorted(seen - set(BENEFICIARY_CATEGORIES))]


def activity_header(words: SheetWords, codes: Sequence[str]) -> list[str]:
    return [*words.activity_headers, *(words.beneficiary(c) for c in codes), *words.activity_tail]


def _hours(minutes: int) -> float:
    return round(minutes / MINUTES, 2)


def activity_cells(
    line: ActivityLine, words: SheetWords, codes: Sequence[str], teams: dict[int, LocalName]
) -> list[Any]:
    """One activity's row, in `activity_header`'s order."""
    tz = words.timezone
    team = teams.get(line.team_id) if line.team_id is not None else None
    return [
        line.id,
        words.pick(LocalName(line.title_zh, line.title_en)),
        words.site(line.site_id),
        words.category(line.category_code),
        words.pick(team) if team else ("" if line.team_id is None else line.team_id),
        f"{line.starts_at.astimezone(tz):%Y-%m-%d %H:%M}",
        f"{line.ends_at.astimezone(tz):%Y-%m-%d %H:%M}",
        words.activity_status(line.status),
        line.volunteer_quota,
        line.resident_quota,
        line.volunteers_signed,
        line.residents_signed,
        line.checked_in,
        line.walk_ins,
        line.no_shows,
        line.attended,
        *(line.beneficiaries.get(code, 0) for code in codes),
        sum(line.beneficiaries.values()),
        _hours(line.minutes),
    ]


def volunteer_cells(
    line: VolunteerLine, words: SheetWords, teams: dict[int, LocalName]
) -> list[Any]:
    """One volunteer's row: by id (no name), the period's hours by source, its points,
    and the balances."""
    team = teams.get(line.team_id)
    return [
        line.volunteer_id,
        line.site_id,
        words.site(line.site_id),
        words.pick(team) if team else line.team_id,
        *(_hours(line.minutes.get(source, 0)) for source in SOURCES),
        _hours(sum(line.minutes.values())),
        line.points,
        _hours(line.minutes_all),
        line.balance,
    ]


class SheetWriter(Protocol):
    def write(self, rows: Sequence[ExportRow]) -> None: ...

    def extras(self, extras: Extras) -> None:
        """The activities and volunteers (the xlsx's last two sheets)."""
        ...

    def close(self) -> list[Path]:
        """Finish the file(s); the paths to send, the orders first."""
        ...


class XlsxWriter:
    def __init__(self, path: Path, words: SheetWords) -> None:
        self._path = path
        self._words = words
        self.summary = Summary()
        self._book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        self._bold = self._book.add_format({"bold": True})
        self._orders = self._book.add_worksheet(words.orders_sheet)
        self._orders.write_row(0, 0, words.order_headers, self._bold)
        self._orders.freeze_panes(1, 0)
        self._orders.set_column(2, 4, 24)
        self._orders.set_column(6, 6, 17)
        self._orders.set_column(11, 11, 60)
        self._next = 1
        self._extras: Extras | None = None

    def write(self, rows: Sequence[ExportRow]) -> None:
        for row in rows:
            self._orders.write_row(self._next, 0, order_cells(row, self._words))
            self._next += 1
        self.summary.add(rows)

    def extras(self, extras: Extras) -> None:
        self._extras = extras

    def close(self) -> list[Path]:
        words = self._words
        sheet = self._book.add_worksheet(words.summary_sheet)
        sheet.write_row(0, 0, words.summary_headers, self._bold)
        sheet.set_column(1, 2, 24)
        for number, cells in enumerate(summary_rows(self.summary, words), start=1):
            sheet.write_row(number, 0, cells)
        if (extras := self._extras) is not None:
            codes = beneficiary_codes(extras.activities)
            sheet = self._book.add_worksheet(words.activities_sheet)
            sheet.write_row(0, 0, activity_header(words, codes), self._bold)
            sheet.freeze_panes(1, 0)
            sheet.set_column(1, 4, 24)
            sheet.set_column(5, 6, 17)
            for number, line in enumerate(extras.activities, start=1):
                sheet.write_row(number, 0, activity_cells(line, words, codes, extras.teams))
            sheet = self._book.add_worksheet(words.volunteers_sheet)
            sheet.write_row(0, 0, words.volunteer_headers, self._bold)
            sheet.freeze_panes(1, 0)
            sheet.set_column(2, 3, 24)
            for number, volunteer in enumerate(extras.volunteers, start=1):
                sheet.write_row(number, 0, volunteer_cells(volunteer, words, extras.teams))
        self._book.close()
        return [self._path]


class CsvWriter:
    def __init__(self, path: Path, words: SheetWords) -> None:
        self._path = path
        self._words = words
        self.summary = Summary()
        # utf-8-sig: a BOM first, so Excel reads the file as UTF-8 and shows the Chinese.
        self._file: IO[str] = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file)
        self._csv.writerow(words.order_headers)

    def write(self, rows: Sequence[ExportRow]) -> None:
        self._csv.writerows(order_cells(row, self._words) for row in rows)
        self.summary.add(rows)

    def extras(self, extras: Extras) -> None:
        """The CSV export stays the orders and their summary (the xlsx has the rest)."""

    def close(self) -> list[Path]:
        self._file.close()
        summary_path = self._path.with_name(f"{self._path.stem}-{self._words.summary_sheet}.csv")
        with summary_path.open("w", encoding="utf-8-sig", newline="") as file:
            out = csv.writer(file)
            out.writerow(self._words.summary_headers)
            out.writerows(summary_rows(self.summary, self._words))
        return [self._path, summary_path]


def open_writer(fmt: str, path: Path, words: SheetWords) -> SheetWriter:
    return CsvWriter(path, words) if fmt == "csv" else XlsxWriter(path, words)
