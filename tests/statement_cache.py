"""One SQLAlchemy statement cache for every engine of a test process.

SQLAlchemy compiles each statement once per engine and keeps it in that engine's
cache. The bot builds one engine and runs for days, so it compiles each statement
once; the tests build an engine for nearly every test (each has its own
database), so each test compiled again the same few dozen statements: a quarter
of the flow tier's CPU.

Connections of every engine here use one cache instead (the public
`compiled_cache` execution option). Its keys start with the dialect object,
which differs per engine; the cache puts in its place the first dialect of the
same kind, configured the same way (the engines all come from
`storage.sql.engine.create_engine`). Keys it does not recognise are kept as they
are, so a new SQLAlchemy can only make it miss, never mix statements up.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.util import LRUCache


def _kind(dialect: Dialect) -> Hashable:
    """What a compiled statement depends on: the same for every engine of one backend."""
    return (
        type(dialect),
        dialect.server_version_info,
        dialect.paramstyle,
        dialect.positional,
        dialect.label_length,
        dialect.default_schema_name,
    )


class SharedStatementCache:
    """The `compiled_cache` mapping SQLAlchemy reads and writes, across engines."""

    def __init__(self, size: int = 2000) -> None:
        self._compiled: LRUCache[Any, Any] = LRUCache(size)
        self._dialects: dict[Hashable, Dialect] = {}
        self.misses = 0  # lookups that found nothing: SQLAlchemy compiles then

    def _key(self, key: Any) -> Any:
        if not (isinstance(key, tuple) and key and isinstance(key[0], Dialect)):
            return key
        first = self._dialects.setdefault(_kind(key[0]), key[0])
        return (first, *key[1:])

    def get(self, key: Any, default: Any = None) -> Any:
        found = self._compiled.get(self._key(key))
        if found is None:
            self.misses += 1
            return default
        return found

    def __getitem__(self, key: Any) -> Any:
        return self._compiled[self._key(key)]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._compiled[self._key(key)] = value

    def __contains__(self, key: Any) -> bool:
        return self._key(key) in self._compiled

    def __len__(self) -> int:
        return len(self._compiled)


SHARED = SharedStatementCache()


def share_statements() -> None:
    """From now on every connection of every engine in this process uses `SHARED`."""
    if not event.contains(Engine, "engine_connect", _use_shared):
        event.listen(Engine, "engine_connect", _use_shared)


def _use_shared(connection: Connection) -> None:
    connection.execution_options(compiled_cache=SHARED)
