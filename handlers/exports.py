"""`/export [csv] [site] [from] [to]`: the orders of a subtree and period as a file.

The rows come from SQL a page at a time (`Exports.pages`, keyset pagination) and go
straight into a temporary file (`handlers.export_sheets`), each page written in a
worker thread so other chats never wait on it. When the export takes longer than
`PROGRESS_AFTER` seconds, a progress message appears and is edited as it goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
import zipfile
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path

from domain.exports import ExportPlan, Exports, parse_request
from domain.stats_models import BENEFICIARY_CATEGORIES
from handlers.export_sheets import SheetWords, open_writer
from handlers.kit.context import Ctx
from handlers.kit.ports import BadRequest
from handlers.kit.router import Router

PROGRESS_AFTER = 2.0  # seconds before the progress message appears
PROGRESS_EVERY = 1.5  # seconds between its edits (within Telegram's edit limits)
MAX_UPLOAD = 50 * 1024 * 1024  # what the Bot API takes from a bot in one file
ORDER_COLUMNS = (
    "id",
    "site-id",
    "site",
    "category",
    "service",
    "status",
    "created",
    "day",
    "volunteer",
    "rating",
    "hours",
    "events",
)
SUMMARY_COLUMNS = (
    "site-id",
    "site",
    "category",
    "orders",
    "finished",
    "cancelled",
    "rated",
    "average-rating",
    "hours",
)


class Progress:
    """The "1,200 / 5,000" message: sent once the export is slow, then edited."""

    def __init__(self, ctx: Ctx, total: int) -> None:
        self._ctx = ctx
        self._total = total
        self._started = time.monotonic()
        self._shown_at = 0.0
        self.message_id: int | None = None

    async def tick(self, done: int) -> None:
        now = time.monotonic()
        if now - self._started < PROGRESS_AFTER:
            return
        text = self._ctx.t("export-progress", done=done, total=self._total)
        if self.message_id is None:
            self.message_id = await self._ctx.messenger.send(self._ctx.chat_id, text)
            self._shown_at = now
        elif now - self._shown_at >= PROGRESS_EVERY:
            await self._edit(text)
            self._shown_at = now

    async def finish(self, done: int) -> None:
        if self.message_id is not None:
            await self._edit(self._ctx.t("export-progress-done", done=done))

    async def _edit(self, text: str) -> None:
        assert self.message_id is not None
        with contextlib.suppress(BadRequest):  # unchanged or deleted: the file still follows
            await self._ctx.messenger.edit(self._ctx.chat_id, self.message_id, text)


async def words_for(ctx: Ctx, plan: ExportPlan) -> SheetWords:
    locale = ctx.locale
    tree = await ctx.services.reference.sites()
    catalogue = await ctx.services.reference.catalogue()

    def site(site_id: int) -> str:
        found = tree.get(site_id)
        return found.name.pick(locale) if found else str(site_id)

    def category(code: str) -> str:
        found = catalogue.category(code)
        return found.name.pick(locale) if found else code

    def service(service_id: int) -> str:
        found = catalogue.service(service_id)
        return found.name.pick(locale) if found else str(service_id)

    statuses = {code: ctx.t(f"status-{code}") for code in _STATUSES}
    activity_statuses = {code: ctx.t(f"activity-status-{code}") for code in _ACTIVITY_STATUSES}
    known = set(BENEFICIARY_CATEGORIES)

    def beneficiary(code: str) -> str:
        name = ctx.t(f"beneficiary-{code}") if code in known else code
        return ctx.t("export-activity-beneficiaries", category=name)

    return SheetWords(
        orders_sheet=ctx.t("export-sheet-orders"),
        summary_sheet=ctx.t("export-sheet-summary"),
        order_headers=tuple(ctx.t(f"export-col-{c}") for c in ORDER_COLUMNS),
        summary_headers=tuple(ctx.t(f"export-col-{c}") for c in SUMMARY_COLUMNS),
        subtotal=ctx.t("export-subtotal"),
        total=ctx.t("export-total"),
        site=site,
        category=category,
        service=service,
        status=lambda code: statuses.get(code, code),
        timezone=ctx.services.timezone,
        site_order=[s.id for s, _ in tree.walk([plan.site_id])],
        activities_sheet=ctx.t("export-sheet-activities"),
        activity_headers=tuple(ctx.t(f"export-activity-col-{c}") for c in ACTIVITY_COLUMNS),
        activity_tail=tuple(ctx.t(f"export-activity-col-{c}") for c in ACTIVITY_TAIL),
        beneficiary=beneficiary,
        activity_status=lambda code: activity_statuses.get(code, code),
        volunteers_sheet=ctx.t("export-sheet-volunteers"),
        volunteer_headers=tuple(ctx.t(f"export-volunteer-col-{c}") for c in VOLUNTEER_COLUMNS),
        pick=lambda name: name.pick(locale),
        # Strings, not numbers: Fluent would group a number's digits (20,261,101).
        file_stem=ctx.t(
            "export-file-name",
            site=str(plan.site_id),
            start=f"{plan.start:%Y%m%d}",
            end=f"{last_day(plan):%Y%m%d}",
        ),
    )


_STATUSES = ("new", "offered", "accepted", "done", "rated", "cancelled")
_ACTIVITY_STATUSES = ("published", "closed", "cancelled")
ACTIVITY_COLUMNS = (
    "id",
    "title",
    "site",
    "category",
    "team",
    "start",
    "end",
    "status",
    "volunteer-quota",
    "resident-quota",
    "volunteers-signed",
    "residents-signed",
    "checked-in",
    "walk-ins",
    "no-shows",
    "attended",
)  # then one column per beneficiary category
ACTIVITY_TAIL = ("beneficiaries", "hours")
VOLUNTEER_COLUMNS = (
    "id",
    "site-id",
    "site",
    "team",
    "order-hours",
    "activity-hours",
    "adjust-hours",
    "hours",
    "points",
    "all-hours",
    "balance",
)


def last_day(plan: ExportPlan) -> date:
    return plan.end - timedelta(days=1)


async def write_file(
    exports: Exports,
    plan: ExportPlan,
    words: SheetWords,
    folder: Path,
    tick: Callable[[int], Awaitable[None]],
) -> tuple[int, list[Path]]:
    """Stream the plan's orders into a file under `folder`: each SQL page is written
    in a worker thread, then `tick(done so far)`. The count and the paths to send."""
    path = folder / f"{words.file_stem}.{plan.format}"
    writer = await asyncio.to_thread(open_writer, plan.format, path, words)
    done = 0
    try:
        async for rows in exports.pages(plan):
            await asyncio.to_thread(writer.write, rows)
            done += len(rows)
            await tick(done)
        if plan.format == "xlsx":
            writer.extras(await exports.extras(plan))
    finally:
        paths = await asyncio.to_thread(writer.close)
    return done, paths


async def export(ctx: Ctx) -> None:
    request = parse_request(ctx.inbound.args, ctx.services.today())
    exports = ctx.services.exports
    plan = await exports.plan(ctx.user_id, request)
    if plan.total == 0 and plan.activities == 0:
        await ctx.reply("export-empty")
        return
    words = await words_for(ctx, plan)
    progress = Progress(ctx, plan.total)
    with tempfile.TemporaryDirectory(prefix="civic-export-") as folder:
        done, paths = await write_file(exports, plan, words, Path(folder), progress.tick)
        await progress.finish(done)
        caption = ctx.t(
            "export-caption-csv" if plan.format == "csv" else "export-caption",
            count=done,
            site=words.site(plan.site_id),
            start=plan.start.isoformat(),
            end=last_day(plan).isoformat(),
        )
        for number, sent in enumerate(paths):
            await _send(ctx, sent, caption if number == 0 else None)


def zipped(path: Path) -> Path:
    """`path` deflated into a ZIP beside it (a CSV shrinks about eightfold)."""
    archive = path.with_suffix(f"{path.suffix}.zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(path, path.name)
    return archive


async def _send(ctx: Ctx, path: Path, caption: str | None) -> None:
    size = (await asyncio.to_thread(path.stat)).st_size
    if size > MAX_UPLOAD and path.suffix == ".csv":  # an .xlsx is a ZIP already
        path = await asyncio.to_thread(zipped, path)
        size = (await asyncio.to_thread(path.stat)).st_size
    if size > MAX_UPLOAD:
        await ctx.reply("export-too-big", size=round(size / 1024 / 1024))
        return
    # From the file: the raw transport streams it, never holding it all in memory.
    await ctx.messenger.send_document_path(ctx.chat_id, path, path.name, caption)


def register(router: Router) -> None:
    router.command("export", export)
