"""`SqlDatabase`: the engine, and one connection per transaction handed out as a `Tx`.

Repositories speak SQLAlchemy Core, so a plain `AsyncConnection` is all they need;
the ORM `AsyncSession` cost about a quarter of the bot's CPU per update for nothing.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine

from domain.failures import described
from storage.sql.engine import MAX_OVERFLOW, POOL_SIZE, create_engine
from storage.sql.repos.base import DEFAULT_TIMEZONE
from storage.sql.tx import SqlTx

if TYPE_CHECKING:
    from domain.ports.database import Database, Tx

log = logging.getLogger(__name__)

# Told, after a commit, which cached reference data the transaction wrote.
CommitListener = Callable[[Iterable[str]], None]


class SqlDatabase:
    """Implements the `Database` port over SQLAlchemy's async engine."""

    def __init__(self, engine: AsyncEngine, timezone: str = DEFAULT_TIMEZONE) -> None:
        self.engine = engine
        self.timezone = timezone  # the county's clock: the statistics' days
        self._listeners: list[CommitListener] = []

    def on_commit(self, listener: CommitListener) -> None:
        """Call `listener(changed)` after each commit that wrote reference data
        (the catalogue, the sites), so in-process caches drop their copies."""
        self._listeners.append(listener)

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        schema: str | None = None,
        pool_size: int = POOL_SIZE,
        max_overflow: int = MAX_OVERFLOW,
        timezone: str = DEFAULT_TIMEZONE,
    ) -> SqlDatabase:
        engine = create_engine(url, schema=schema, pool_size=pool_size, max_overflow=max_overflow)
        return cls(engine, timezone)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlTx]:
        """One connection: commit on a clean exit, roll back on an exception."""
        async with self.engine.begin() as conn:
            tx = SqlTx(conn, self.dialect, self.timezone)
            yield tx
        # Reached only on a clean exit, after the COMMIT: a cache reloading now sees it.
        if tx.changed:
            for listener in self._listeners:
                try:
                    listener(frozenset(tx.changed))
                except Exception as error:  # a cache's bug must not fail a committed write
                    log.error("commit listener failed: %s", described(error))

    @asynccontextmanager
    async def read(self) -> AsyncIterator[SqlTx]:
        """One connection in autocommit for single-statement look-ups (the port's
        `read`): on PostgreSQL the statement runs without BEGIN / COMMIT around it.
        SQLite gets an ordinary transaction: there they are calls inside this
        process, and its connections' BEGIN IMMEDIATE stays the only way in."""
        if self.dialect != "postgresql":
            async with self.transaction() as tx:
                yield tx
            return
        async with self.engine.connect() as conn:
            # Reset to the pool's default when the connection goes back.
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            yield SqlTx(conn, self.dialect, self.timezone)

    async def dispose(self) -> None:
        await self.engine.dispose()


if TYPE_CHECKING:
    # mypy proves the implementation matches the port, method by method.
    def _conforms(db: SqlDatabase) -> Database:
        return db

    def _tx_conforms(tx: SqlTx) -> Tx:
        return tx
