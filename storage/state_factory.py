"""Open the conversation-state store, the update inbox and the flood gate: Redis when
a URL is given; otherwise in-process memory, but for the inbox, which goes to the
app's SQL database when one is given (`bot/` always gives it), so a killed process
loses no update it had confirmed. `bot/` calls `open_state` once at start-up.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from domain.ports.flood import FloodGate
from domain.ports.inbox import UpdateInbox
from domain.ports.state import StateStore
from storage.flood_memory import MemoryFloodGate
from storage.flood_redis import RedisFloodGate
from storage.inbox_memory import DEDUP_TTL, LOCK_LEASE, MemoryInbox
from storage.inbox_redis import RedisInbox
from storage.inbox_sql import SqlInbox
from storage.redis_client import RETRIES, connect, persistence_problem
from storage.state_memory import MemoryStateStore
from storage.state_redis import RedisStateStore

__all__ = ["StateBackends", "open_state"]

log = logging.getLogger(__name__)


async def _always_up() -> bool:
    return True


async def _nothing() -> None:
    return None


@dataclass(frozen=True, slots=True)
class StateBackends:
    states: StateStore
    inbox: UpdateInbox
    kind: str  # "memory" or "redis" (the conversation state), for logs and the health page
    flood: FloodGate
    # The Redis client the stores share (None in memory mode), for the send limiter.
    redis: Any = None
    _ping: Callable[[], Awaitable[bool]] = field(default=_always_up, repr=False)
    _close: Callable[[], Awaitable[None]] = field(default=_nothing, repr=False)

    async def ping(self) -> bool:
        """True when the backend answers; raises (e.g. `redis.ConnectionError`) when not."""
        return await self._ping()

    async def close(self) -> None:
        await self.states.close()
        await self._close()


async def open_state(
    redis_url: str | None,
    *,
    ttl: float,
    clock: Callable[[], float] = time.monotonic,
    prefix: str = "",
    dedup_ttl: float = DEDUP_TTL,
    lock_lease: float = LOCK_LEASE,
    flood_window: float = 10.0,
    database: AsyncEngine | None = None,
    redis_retries: int = RETRIES,
) -> StateBackends:
    """`ttl` is the conversation TTL in seconds. `clock` drives memory expiry only
    (Redis keeps its own time); `prefix` namespaces every Redis key (tests use it).
    `database`, without Redis, holds the inbox (`SqlInbox`, on the wall clock);
    without either, the inbox is memory too (unit tests). `redis_retries` is how
    often the client tries a command again on a lost connection (`redis_client`).

    With Redis, one client is shared by both and pinged here, so a wrong URL
    fails at start-up rather than on the first update; a Redis that would lose
    what it holds on a restart (no append-only file) is warned about.
    """
    if redis_url is None:
        return StateBackends(
            states=MemoryStateStore(ttl, clock),
            inbox=(
                MemoryInbox(dedup_ttl, clock=clock, lease=lock_lease)
                if database is None
                else SqlInbox(database, dedup_ttl, lease=lock_lease)
            ),
            kind="memory",
            flood=MemoryFloodGate(flood_window, clock),
        )
    client = connect(redis_url, redis_retries)
    try:
        await client.ping()
        problem = await persistence_problem(client)
    except BaseException:
        await client.aclose()
        raise
    if problem is not None:
        # No URL in the line: it may carry a password.
        log.warning(
            "Redis persistence: %s; a restart loses queued updates and conversations. "
            "Run it with appendonly yes, appendfsync everysec (docs/deploy.md)",
            problem,
        )
    return StateBackends(
        states=RedisStateStore(client, ttl, prefix),
        inbox=RedisInbox(client, dedup_ttl, prefix, lease=lock_lease),
        kind="redis",
        flood=RedisFloodGate(client, flood_window, prefix),
        redis=client,
        _ping=client.ping,
        _close=client.aclose,
    )
