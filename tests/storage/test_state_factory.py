"""`open_state`: memory without a URL (the inbox in SQL when given the database),
one shared Redis client with one."""

from __future__ import annotations

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from domain.ports.inbox import StoredUpdate
from domain.ports.state import StateKey
from storage.inbox_memory import MemoryInbox
from storage.inbox_redis import RedisInbox
from storage.inbox_sql import SqlInbox
from storage.sql import SqlDatabase
from storage.state_factory import open_state
from storage.state_memory import MemoryStateStore
from storage.state_redis import RedisStateStore
from tests.storage.state_fixtures import TickClock, redis_or_skip, redis_url, state

KEY = StateKey(7, 1, 1)


async def test_no_url_gives_memory_backends() -> None:
    clock = TickClock()
    backends = await open_state(None, ttl=60, clock=clock)
    assert backends.kind == "memory"
    assert isinstance(backends.states, MemoryStateStore)
    assert isinstance(backends.inbox, MemoryInbox)
    assert await backends.ping()
    await backends.states.put(KEY, state(1), expected=0)
    clock.advance(60)  # the factory hands the clock on
    assert await backends.states.get(KEY) is None
    await backends.close()


async def test_no_url_with_a_database_keeps_the_inbox_in_it(db: SqlDatabase) -> None:
    backends = await open_state(None, ttl=60, database=db.engine)
    assert backends.kind == "memory"
    assert isinstance(backends.states, MemoryStateStore)
    assert isinstance(backends.inbox, SqlInbox)
    assert await backends.inbox.put(7, 1, 5, "u5")
    await backends.close()
    # What a restarted process finds: the update, on a new inbox over the same tables.
    again = await open_state(None, ttl=60, database=db.engine)
    assert await again.inbox.claim(7, 1, "turn") == StoredUpdate(5, "u5")
    await again.close()


@pytest.mark.redis
async def test_url_gives_redis_backends_on_one_client() -> None:
    async with redis_or_skip() as (client, prefix):
        backends = await open_state(redis_url(), ttl=60, prefix=prefix)
        try:
            assert backends.kind == "redis"
            assert isinstance(backends.states, RedisStateStore)
            assert isinstance(backends.inbox, RedisInbox)
            assert await backends.ping()
            await backends.states.put(KEY, state(1), expected=0)
            assert await client.exists(f"{prefix}conv:7:1:1") == 1
            assert await backends.inbox.claim(7, 1, "turn", StoredUpdate(5, "u5"))
            assert await client.get(f"{prefix}inbox:{{7}}:lease:1") == b"turn"
        finally:
            await backends.close()


async def test_unreachable_redis_fails_at_open() -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    # Without retries: with the default ones it fails all the same, 3 s later.
    with pytest.raises(RedisConnectionError):
        await open_state("redis://127.0.0.1:1/0", ttl=60, redis_retries=0)
