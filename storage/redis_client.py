"""The one way the bot builds its Redis client, and what it can tell about the
server's persistence.

A pooled connection goes stale when Redis restarts: its next command fails with
"Connection closed by server". The client therefore retries connection errors and
timeouts with exponential backoff (on a fresh connection), and pings a connection
idle for `HEALTH_CHECK_INTERVAL` before using it. Longer outages are the drainer's
to ride out: these retries only bridge a restart. How many (`REDIS_RETRIES`) is a
setting; each outage longer than them costs a command that many retries' time.
"""

from __future__ import annotations

from redis.asyncio import Redis
from redis.asyncio.retry import Retry  # the asyncio one: redis.retry.Retry never awaits
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

__all__ = ["RETRIES", "connect", "persistence_problem"]

# Up to 4 retries, 0.2 + 0.4 + 0.8 + 1.6 s apart: about 3 s, a restart's length.
RETRIES = 4
BACKOFF_BASE = 0.1
BACKOFF_CAP = 2.0
HEALTH_CHECK_INTERVAL = 15  # seconds idle before a connection is pinged first
CONNECT_TIMEOUT = 5.0
COMMAND_TIMEOUT = 10.0  # no blocking commands: every one answers in milliseconds


def connect(url: str, retries: int = RETRIES) -> Redis:
    """A client for `url` that survives a Redis restart (see the module docstring):
    a command that lost its connection is tried `retries` more times."""
    return Redis.from_url(
        url,
        retry=Retry(ExponentialBackoff(cap=BACKOFF_CAP, base=BACKOFF_BASE), retries),
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
        health_check_interval=HEALTH_CHECK_INTERVAL,
        socket_connect_timeout=CONNECT_TIMEOUT,
        socket_timeout=COMMAND_TIMEOUT,
    )


async def persistence_problem(client: Redis) -> str | None:
    """Why a restart of this Redis would lose data, or None when it keeps AOF.

    Queued updates and conversations live in Redis: without the append-only file a
    restart or crash drops them. INFO is asked first since managed services often
    disable CONFIG; CONFIG only refines the answer (RDB snapshots or nothing).
    """
    try:
        info = await client.info("persistence")
    except ResponseError as error:  # INFO refused (ACL): say we could not tell
        return f"its persistence could not be read ({error})"
    if str(info.get("aof_enabled", "0")) == "1":
        return None
    try:
        answer = await client.config_get("save")
    except ResponseError:  # CONFIG renamed or disabled
        return "the append-only file is off (appendonly no)"
    if answer.get("save"):
        return "the append-only file is off: only RDB snapshots, a restart loses what came since"
    return "it has no persistence at all (appendonly no, no RDB snapshots)"
