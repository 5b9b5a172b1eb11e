"""Orders keep the day wanted as a date, and event notes become codes, not English.

`orders.when` held "today", "tomorrow", "week" or a typed ISO date, so "tomorrow"
meant tomorrow for ever. It becomes `when_day` (a date in the county's time zone)
and `when_by` (any day up to it: "this week"). Existing rows are read by their
`created_at` in the county's time zone: today -> that day, tomorrow -> the day
after, this week -> that week's Sunday (by), typed dates stay.

`order_events.note` held English ("wave 0", "assigned", "released: ..."); each
known form becomes the JSON of `domain.notes` (e.g. `{"code":"wave","round":"1"}`),
free text (a coordinator's cancel reason) is kept as the reason or as text.

The county's time zone comes from `config.attributes["timezone"]` (what
`storage.migrate` passes from the settings), else `TIMEZONE`, else Asia/Shanghai.
Downgrading writes dates back as ISO text and "week", and notes back in English.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import context, op
from alembic.operations import BatchOperations

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Like 0001, this never imports the live tables nor the domain: it must keep
# describing this revision.
_orders = sa.table(
    "orders",
    sa.column("id", sa.Integer()),
    sa.column("when", sa.String(32)),
    sa.column("when_day", sa.Date()),
    sa.column("when_by", sa.Boolean()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
_events = sa.table(
    "order_events",
    sa.column("id", sa.Integer()),
    sa.column("to_status", sa.String(16)),
    sa.column("note", sa.Text()),
)
_LEVELS = {"1": "point", "2": "station", "3": "center"}


def _timezone() -> ZoneInfo:
    given = context.config.attributes.get("timezone") or os.environ.get("TIMEZONE")
    return ZoneInfo(str(given or "Asia/Shanghai"))


def _local_day(created_at: datetime, zone: ZoneInfo) -> date:
    if created_at.tzinfo is None:  # SQLite keeps naive UTC
        created_at = created_at.replace(tzinfo=UTC)
    return created_at.astimezone(zone).date()


def when_of(word: str, created_at: datetime, zone: ZoneInfo) -> tuple[date, bool]:
    """(day, by) for an old `when` value of an order created at `created_at`."""
    created = _local_day(created_at, zone)
    if word == "today":
        return created, False
    if word == "tomorrow":
        return created + timedelta(days=1), False
    if word == "week":
        return created + timedelta(days=6 - created.weekday()), True
    try:
        return date.fromisoformat(word), False
    except ValueError:  # nothing we wrote; the day it was ordered is the honest guess
        return created, False


def _note(code: str, **args: str) -> str:
    return json.dumps({"code": code, **args}, ensure_ascii=False, separators=(",", ":"))


_FIXED = {
    "declined": _note("declined"),
    "assigned": _note("assigned"),
    "released": _note("released"),
    "by resident": _note("cancelled-by-resident"),
    "by coordinator": _note("cancelled-by-coordinator"),
    "wave timed out": _note("wave-timed-out"),
    "no volunteers left": _note("no-volunteers"),
}
_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"wave (\d+)"), lambda m: _note("wave", round=str(int(m[1]) + 1))),
    (re.compile(r"escalated to ([123])"), lambda m: _note("escalated", level=_LEVELS[m[1]])),
    (re.compile(r"reassigned from (\d+)"), lambda m: _note("reassigned", previous=m[1])),
    (re.compile(r"released: (.*)", re.S), lambda m: _note("released-reason", reason=m[1])),
]


def note_of(old: str, to_status: str) -> str:
    """The coded form of an old English note ("" stays "")."""
    if not old or old.startswith("{"):
        return old
    if old in _FIXED:
        return _FIXED[old]
    for pattern, coded in _PATTERNS:
        match = pattern.fullmatch(old)
        if match:
            return coded(match)
    if to_status == "cancelled":  # a coordinator's reason, as typed
        return _note("cancelled-reason", reason=old)
    return _note("text", text=old)


_ENGLISH = {
    "declined": lambda a: "declined",
    "assigned": lambda a: "assigned",
    "released": lambda a: "released",
    "cancelled-by-resident": lambda a: "by resident",
    "cancelled-by-coordinator": lambda a: "by coordinator",
    "wave-timed-out": lambda a: "wave timed out",
    "no-volunteers": lambda a: "no volunteers left",
    "wave": lambda a: f"wave {int(a.get('round', '1')) - 1}",
    "escalated": lambda a: (
        "escalated to " + {v: k for k, v in _LEVELS.items()}.get(a.get("level", ""), "1")
    ),
    "reassigned": lambda a: f"reassigned from {a.get('previous', '')}",
    "released-reason": lambda a: f"released: {a.get('reason', '')}",
    "cancelled-reason": lambda a: a.get("reason", ""),
    "text": lambda a: a.get("text", ""),
}


def english_of(coded: str) -> str:
    """The old English form of a coded note, for the downgrade."""
    try:
        value: Any = json.loads(coded) if coded.startswith("{") else None
    except ValueError:
        value = None
    if not isinstance(value, dict) or value.get("code") not in _ENGLISH:
        return coded
    code = value.pop("code")
    return str(_ENGLISH[code]({str(k): str(v) for k, v in value.items()}))


def _rewrite_notes(convert: Callable[[Any], str]) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_events).where(_events.c.note != "")).all()
    changes = [{"i": r.id, "n": convert(r._mapping)} for r in rows]
    changes = [c for c, r in zip(changes, rows, strict=True) if c["n"] != r.note]
    if changes:
        bind.execute(
            _events.update()
            .where(_events.c.id == sa.bindparam("i"))
            .values(note=sa.bindparam("n")),
            changes,
        )


@contextlib.contextmanager
def _orders_rebuilt() -> Iterator[BatchOperations]:
    """`batch_alter_table("orders")`, safe for the rows that point at orders.

    On SQLite the batch copies `orders` and drops the old table. With foreign keys
    on (they cannot be switched off inside the migration's transaction), dropping
    a table that order_events and offers rows point at fails. So the rows of every
    table referring to `orders` are set aside first and put back once the new
    `orders` holds the same ids: all in the one transaction, nothing is lost.
    """
    bind = op.get_bind()
    children: list[str] = []
    if bind.dialect.name == "sqlite":
        inspector = sa.inspect(bind)
        children = [
            name
            for name in inspector.get_table_names()
            if any(fk["referred_table"] == "orders" for fk in inspector.get_foreign_keys(name))
        ]
    for child in children:
        op.execute(f'CREATE TEMP TABLE "_0006_{child}" AS SELECT * FROM "{child}"')
        op.execute(f'DELETE FROM "{child}"')
    with op.batch_alter_table("orders") as batch:
        yield batch
    for child in children:
        op.execute(f'INSERT INTO "{child}" SELECT * FROM "_0006_{child}"')
        op.execute(f'DROP TABLE "_0006_{child}"')


def upgrade() -> None:
    with _orders_rebuilt() as batch:
        batch.add_column(sa.Column("when_day", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("when_by", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    bind, zone = op.get_bind(), _timezone()
    rows = bind.execute(sa.select(_orders.c.id, _orders.c.when, _orders.c.created_at)).all()
    days = []
    for row in rows:
        day, by = when_of(row.when, row.created_at, zone)
        days.append({"i": row.id, "d": day, "b": by})
    if days:
        bind.execute(
            _orders.update()
            .where(_orders.c.id == sa.bindparam("i"))
            .values(when_day=sa.bindparam("d"), when_by=sa.bindparam("b")),
            days,
        )
    with _orders_rebuilt() as batch:
        batch.alter_column("when_day", existing_type=sa.Date(), nullable=False)
        batch.drop_column("when")
    _rewrite_notes(lambda row: note_of(row["note"], row["to_status"]))


def downgrade() -> None:
    _rewrite_notes(lambda row: english_of(row["note"]))
    with _orders_rebuilt() as batch:
        batch.add_column(sa.Column("when", sa.String(32), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.select(_orders.c.id, _orders.c.when_day, _orders.c.when_by)).all()
    words = [{"i": r.id, "w": "week" if r.when_by else r.when_day.isoformat()} for r in rows]
    if words:
        bind.execute(
            _orders.update()
            .where(_orders.c.id == sa.bindparam("i"))
            .values(when=sa.bindparam("w")),
            words,
        )
    with _orders_rebuilt() as batch:
        batch.alter_column("when", existing_type=sa.String(32), nullable=False)
        batch.drop_column("when_by")
        batch.drop_column("when_day")
