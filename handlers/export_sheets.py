"""Writing `/export`'s file, row by row, to a temporary file (see `handlers.exports`).

Synchronous on purpose: `handlers.exports` runs every call in a worker thread
(`asyncio.to_thread`), so the event loop keeps serving other chats. Memory stays
flat: XlsxWriter's `constant_memory` mode writes each row out as soon as the next
one starts, CSV goes straight to the file, and the summary keeps one tally per site
and category (`domain.exports.Summary`).

The xlsx has two sheets: the orders (one row each, its events compact in one
cell), and the sums by site and category with a subtotal per site and the total,
the shape a county sends upward. The CSV is the orders sheet alone (UTF-8 with a
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

from domain.exports import Summary, Tally
from domain.ports.exports import ExportRow

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


class SheetWriter(Protocol):
    def write(self, rows: Sequence[ExportRow]) -> None: ...

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

    def write(self, rows: Sequence[ExportRow]) -> None:
        for row in rows:
            self._orders.write_row(self._next, 0, order_cells(row, self._words))
            self._next += 1
        self.summary.add(rows)

    def close(self) -> list[Path]:
        sheet = self._book.add_worksheet(self._words.summary_sheet)
        sheet.write_row(0, 0, self._words.summary_headers, self._bold)
        sheet.set_column(1, 2, 24)
        for number, cells in enumerate(summary_rows(self.summary, self._words), start=1):
            sheet.write_row(number, 0, cells)
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

    def close(self) -> list[Path]:
        self._file.close()
        summary_path = self._path.with_name(f"{self._path.stem}-summary.csv")
        with summary_path.open("w", encoding="utf-8-sig", newline="") as file:
            out = csv.writer(file)
            out.writerow(self._words.summary_headers)
            out.writerows(summary_rows(self.summary, self._words))
        return [self._path, summary_path]


def open_writer(fmt: str, path: Path, words: SheetWords) -> SheetWriter:
    return CsvWriter(path, words) if fmt == "csv" else XlsxWriter(path, words)
