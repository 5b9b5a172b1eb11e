"""Which failures are an outage of SQL or Redis (wait and retry) rather than a bug.

The one place that knows the drivers' exceptions. An update whose handler failed
because a backend was away stays in its chat's inbox and is tried again later; any
other failure is the handler's own, counted towards setting the update aside.
A Bot API failure is neither: the transports retry sends themselves, so it is
judged like any other handler error.
"""

from __future__ import annotations

import asyncpg.exceptions as pg
import redis.exceptions as rd
from sqlalchemy import exc as sa

from handlers.kit.ports import MessengerError

# asyncpg's own words for "the server is gone, restarting, or full".
_PG_OUTAGES: tuple[type[BaseException], ...] = (
    pg.PostgresConnectionError,  # SQLSTATE class 08, connection_does_not_exist included
    pg.OperatorInterventionError,  # 57P01 admin shutdown, 57P03 cannot connect now
    pg.TooManyConnectionsError,
    pg.InterfaceError,  # "connection is closed", "another operation is in progress"
)
_REDIS_OUTAGES = (rd.ConnectionError, rd.TimeoutError)
_OTHER_OUTAGES = (sa.TimeoutError, OSError, *_PG_OUTAGES, *_REDIS_OUTAGES)
_DEPTH = 8  # causes followed at most: chains are short, a cycle must not loop


def is_outage(error: BaseException) -> bool:
    """True when `error`, or what caused it, says SQL or Redis could not be reached.

    SQLAlchemy's OperationalError (SQLite's "database is locked" or "unable to open"
    among them), a DBAPI error that invalidated its connection, a pool timeout,
    asyncpg's connection errors, redis' ConnectionError / TimeoutError, and a bare
    OSError (refused, reset, timed out) all count.
    """
    if isinstance(error, MessengerError):
        return False
    seen: BaseException | None = error
    for _ in range(_DEPTH):
        if seen is None:
            return False
        if _outage_itself(seen):
            return True
        orig = getattr(seen, "orig", None) if isinstance(seen, sa.DBAPIError) else None
        seen = orig if isinstance(orig, BaseException) else (seen.__cause__ or seen.__context__)
    return False


def _outage_itself(error: BaseException) -> bool:
    if isinstance(error, sa.DBAPIError):
        return error.connection_invalidated or isinstance(
            error, sa.OperationalError | sa.InterfaceError
        )
    return isinstance(error, _OTHER_OUTAGES)
