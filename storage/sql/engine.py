"""Building the async engine, with the per-backend settings that make it safe to share.

Our engines keep personal data out of the logs at every level: parameters are
hidden (`hide_parameters`, also in the text of a failed statement's exception),
and nothing below WARNING leaves their logger, so a root logger at DEBUG prints
neither statements nor result rows (SQLAlchemy logs both whenever its logger is
enabled for INFO / DEBUG, echo or not).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

# How long a SQLite writer waits for another one before giving up, in milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Our engines log under their own name, below SQLAlchemy's engine logger.
LOGGING_NAME = "civic"
LOGGER = f"sqlalchemy.engine.Engine.{LOGGING_NAME}"
# aiosqlite logs every call it runs, with the statement's parameters, at DEBUG.
DRIVER_LOGGERS = ("aiosqlite",)


class _WarningsOnly(logging.Filter):
    """Drops a record below WARNING whatever level the logger is set to: statements
    (INFO) and rows (DEBUG) of our engines never reach a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


def _quiet(logger: logging.Logger) -> None:
    # The level spares the hot path: SQLAlchemy then does not even format a
    # statement's log line. The filter holds should anyone lower the level.
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)
    if not any(isinstance(f, _WarningsOnly) for f in logger.filters):
        logger.addFilter(_WarningsOnly())


# Room for the drainer's concurrent chats (bot/drainer.py) and the sweeper, while
# several workers still fit under PostgreSQL's default max_connections of 100.
POOL_SIZE = 10
MAX_OVERFLOW = 10


def create_engine(
    url: str,
    *,
    schema: str | None = None,
    pool_size: int = POOL_SIZE,
    max_overflow: int = MAX_OVERFLOW,
) -> AsyncEngine:
    """An async engine for `sqlite+aiosqlite` or `postgresql+asyncpg` URLs.

    `schema` (PostgreSQL only) puts that schema first on the search path, so one
    database can hold isolated copies of the tables (tests, parallel CI runs).
    `pool_size` and `max_overflow` (PostgreSQL only) bound its connections: tests
    that run many engines at once keep them small.
    """
    parsed = make_url(url)
    for name in (LOGGER, *DRIVER_LOGGERS):
        _quiet(logging.getLogger(name))
    kwargs: dict[str, Any] = {"hide_parameters": True, "logging_name": LOGGING_NAME}
    if parsed.get_backend_name() == "sqlite":
        if schema is not None:
            raise ValueError("schema is only supported on PostgreSQL")
        if parsed.database in (None, "", ":memory:"):
            # Every transaction needs its own connection for the locking below to
            # work; an in-memory database exists only on one connection.
            raise ValueError("in-memory SQLite is not supported: use a file, e.g. tmp_path")
        engine = create_async_engine(url, **kwargs)
        _tune_sqlite(engine)
        return engine
    kwargs["pool_pre_ping"] = True
    kwargs["pool_size"] = pool_size
    kwargs["max_overflow"] = max_overflow
    # asyncpg prepares every statement and keeps it; from its sixth run PostgreSQL may
    # switch to a generic plan, blind to the parameters. For /stats' sums over a
    # subtree's 198 site ids that plan gave up the parallel scan: 814 ms instead of
    # 93 ms for a year of `ledger_rollups`. Planning each run costs some tens of
    # microseconds on the hot path's small statements.
    settings = {"plan_cache_mode": "force_custom_plan"}
    if schema is not None:
        settings["search_path"] = schema
    kwargs["connect_args"] = {"server_settings": settings}
    return create_async_engine(url, **kwargs)


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We emit BEGIN ourselves (below), so the driver must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL lets readers run beside the writer; in-memory databases answer "memory".
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes gets SQLITE_BUSY at once
        # (no busy wait) when another writer committed since its read. Taking the
        # write lock up front makes concurrent writers queue on busy_timeout instead.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
