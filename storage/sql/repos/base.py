"""What every repository shares: the transaction's session and a dialect-aware INSERT."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

DEFAULT_TIMEZONE = "Asia/Shanghai"  # as `bot.settings.Settings.timezone`


class SqlRepo:
    def __init__(
        self, session: AsyncConnection, dialect: str, changed: set[str] | None = None
    ) -> None:
        self._s = session
        self._dialect = dialect
        # The transaction's record of which cached reference data it wrote
        # (`domain.reference`); `SqlDatabase` reports it once the transaction commits.
        self._changed = changed if changed is not None else set()

    def _mark(self, what: str) -> None:
        self._changed.add(what)

    def _insert(self, table: Table) -> Any:
        """An INSERT with `on_conflict_do_*`, which both our backends support.

        Upserts in one statement have no read-then-write race between workers.
        """
        return insert_for(self._dialect, table)


class ZonedRepo(SqlRepo):
    """A repository that places moments on county days and months (`timezone`)."""

    def __init__(
        self, session: AsyncConnection, dialect: str, timezone: ZoneInfo | str = DEFAULT_TIMEZONE
    ) -> None:
        super().__init__(session, dialect)
        self._tz = timezone if isinstance(timezone, ZoneInfo) else ZoneInfo(timezone)


def insert_for(dialect: str, table: Table) -> Any:
    """`SqlRepo._insert` for statements built once per dialect, outside a repository."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"unsupported SQL dialect {dialect!r}")
