"""`SqlDatabase`: the engine, and one connection per transaction handed out as a `Tx`.

Repositories speak SQLAlchemy Core, so a plain `AsyncConnection` is all they need;
the ORM `AsyncSession` cost about a quarter of the bot's CPU per update for nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.sql.engine import create_engine
from storage.sql.tx import SqlTx

if TYPE_CHECKING:
    from domain.ports import Database, Tx


class SqlDatabase:
    """Implements the `Database` port over SQLAlchemy's async engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @classmethod
    def from_url(cls, url: str, *, schema: str | None = None, echo: bool = False) -> SqlDatabase:
        return cls(create_engine(url, schema=schema, echo=echo))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlTx]:
        """One connection: commit on a clean exit, roll back on an exception."""
        async with self.engine.begin() as conn:
            yield SqlTx(conn, self.dialect)

    async def dispose(self) -> None:
        await self.engine.dispose()


if TYPE_CHECKING:
    # mypy proves the implementation matches the port, method by method.
    def _conforms(db: SqlDatabase) -> Database:
        return db

    def _tx_conforms(tx: SqlTx) -> Tx:
        return tx
