"""Contract suite for `UpdateInbox`, memory, Redis and SQL (SQLite and PostgreSQL):
storing, turns and leases.

For Redis, "another worker" is a second `RedisInbox` on its own connection; for
SQL, a second `SqlInbox` on its own engine. A lease running out is made to happen
(the clock moved, or the key dropped as its expiry would), never waited for.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from domain.ports.inbox import AsideUpdate, NewUpdate, StoredUpdate, Unreadable, UpdateInbox
from storage.inbox_memory import MemoryInbox
from storage.inbox_redis import RedisInbox
from storage.inbox_sql import SqlInbox
from storage.sql import SqlDatabase
from tests.storage.conftest import empty_database
from tests.storage.state_fixtures import TickClock, other_client, redis_or_skip

BACKENDS = [
    "memory",
    pytest.param("redis", marks=pytest.mark.redis),
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.postgres),
]


@dataclass
class Backend:
    inbox: UpdateInbox
    other: UpdateInbox  # another worker's view of the same inbox
    clock: TickClock | None = None
    client: Redis | None = None
    prefix: str = ""
    # Another inbox of the same kind and store, built with these options.
    make: Callable[..., UpdateInbox] = MemoryInbox

    async def expire_lease(self, bot_id: int, chat_id: int) -> None:
        """What the lease's running out does, without waiting for it."""
        if self.clock is not None:
            self.clock.advance(self.inbox.lease + 1)
        else:
            assert self.client is not None
            await self.client.delete(f"{self.prefix}inbox:{{{bot_id}}}:lease:{chat_id}")


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "memory":
        clock = TickClock()
        inbox = MemoryInbox(clock=clock)
        yield Backend(inbox, inbox, clock=clock)
        return
    if request.param in ("sqlite", "postgresql"):
        tmp_path: Path = request.getfixturevalue("tmp_path")
        db, reopen = await empty_database(request, tmp_path, request.param)
        second = reopen()
        clock = TickClock()

        def make(**options: Any) -> UpdateInbox:
            return SqlInbox(db.engine, clock=clock, **options)

        try:
            yield Backend(make(), SqlInbox(second.engine, clock=clock), clock=clock, make=make)
        finally:
            await second.dispose()
            await db.dispose()
        return
    async with redis_or_skip() as (client, prefix):
        second = await other_client()
        try:
            yield Backend(
                RedisInbox(client, prefix=prefix),
                RedisInbox(second, prefix=prefix),
                client=client,
                prefix=prefix,
                make=lambda **options: RedisInbox(client, prefix=prefix, **options),
            )
        finally:
            await second.aclose()


def update(update_id: int) -> StoredUpdate:
    return StoredUpdate(update_id, f"u{update_id}")


async def drain(inbox: UpdateInbox, chat_id: int, holder: str) -> list[int]:
    """One whole turn; the ids it handled, in order."""
    handled = []
    upcoming = await inbox.claim(7, chat_id, holder)
    while upcoming is not None:
        handled.append(upcoming.update_id)
        upcoming = await inbox.done(7, chat_id, upcoming.update_id, holder)
    return handled


async def test_a_turn_goes_in_update_id_order_whatever_the_arrival(backend: Backend) -> None:
    inbox = backend.inbox
    for update_id in (12, 10, 11):
        assert await inbox.put(7, 501, update_id, f"u{update_id}")
    assert await inbox.claim(7, 501, "a") == update(10)
    assert await inbox.done(7, 501, 10, "a") == update(11)
    assert await inbox.done(7, 501, 11, "a") == update(12)
    assert await inbox.done(7, 501, 12, "a") is None


async def test_put_is_idempotent_by_update_id(backend: Backend) -> None:
    assert await backend.inbox.put(7, 501, 10, "first")
    assert not await backend.inbox.put(7, 501, 10, "again")
    assert await backend.inbox.claim(7, 501, "a") == StoredUpdate(10, "first")


async def test_a_done_update_is_refused_when_delivered_again(backend: Backend) -> None:
    inbox = backend.inbox
    assert await inbox.claim(7, 501, "a", update(10)) == update(10)
    assert await inbox.done(7, 501, 10, "a") is None
    assert not await inbox.put(7, 501, 10, "u10")
    assert await inbox.claim(7, 501, "b", update(10)) is None
    assert await inbox.chats(7) == []


async def test_claiming_an_empty_chat_takes_no_lease(backend: Backend) -> None:
    assert await backend.inbox.claim(7, 501, "a") is None
    await backend.other.put(7, 501, 10, "u10")
    assert await backend.other.claim(7, 501, "b") == update(10)


async def test_a_live_turn_keeps_the_chat_and_sees_what_others_store(backend: Backend) -> None:
    inbox, other = backend.inbox, backend.other
    assert await inbox.claim(7, 501, "a", update(10)) == update(10)
    # The other worker's update is stored, but the chat stays with the running turn.
    assert await other.claim(7, 501, "b", update(11)) is None
    assert await inbox.done(7, 501, 10, "a") == update(11)
    assert await inbox.done(7, 501, 11, "a") is None


async def test_the_last_done_frees_the_chat_in_the_same_step(backend: Backend) -> None:
    assert await drain(backend.inbox, 501, "a") == []
    await backend.inbox.put(7, 501, 10, "u10")
    assert await drain(backend.inbox, 501, "a") == [10]
    await backend.other.put(7, 501, 11, "u11")
    assert await drain(backend.other, 501, "b") == [11]


async def test_a_dead_turns_chat_is_claimed_once_its_lease_runs_out(backend: Backend) -> None:
    inbox, other = backend.inbox, backend.other
    await inbox.put(7, 501, 10, "u10")
    await inbox.put(7, 501, 11, "u11")
    assert await inbox.claim(7, 501, "dead") == update(10)
    assert await other.claim(7, 501, "b") is None
    await backend.expire_lease(7, 501)
    assert await drain(other, 501, "b") == [10, 11]


async def test_a_turn_that_lost_its_lease_stops_but_its_update_counts_as_done(
    backend: Backend,
) -> None:
    inbox, other = backend.inbox, backend.other
    await inbox.put(7, 501, 10, "u10")
    await inbox.put(7, 501, 11, "u11")
    assert await inbox.claim(7, 501, "slow") == update(10)
    await backend.expire_lease(7, 501)
    assert await other.claim(7, 501, "b") == update(10)  # 10 is handled twice: at least once
    assert await inbox.done(7, 501, 10, "slow") is None  # not the holder: the turn ends
    assert await other.done(7, 501, 10, "b") == update(11)
    assert await other.done(7, 501, 11, "b") is None


async def test_renew_keeps_own_leases_and_names_the_lost_ones(backend: Backend) -> None:
    inbox, other = backend.inbox, backend.other
    await inbox.put(7, 501, 10, "u10")
    await inbox.put(7, 502, 11, "u11")
    assert await inbox.claim(7, 501, "a") == update(10)
    assert await inbox.claim(7, 502, "a2") == update(11)
    assert await inbox.renew(7, {501: "a", 502: "someone else"}) == {502}
    assert await inbox.renew(7, {}) == set()
    assert await other.claim(7, 501, "b") is None


async def test_release_only_lets_go_of_the_holders_own_lease(backend: Backend) -> None:
    inbox, other = backend.inbox, backend.other
    await inbox.put(7, 501, 10, "u10")
    assert await inbox.claim(7, 501, "a") == update(10)
    await other.release(7, 501, "b")
    assert await other.claim(7, 501, "b") is None
    await inbox.release(7, 501, "a")
    assert await other.claim(7, 501, "b") == update(10)


async def test_chats_lists_exactly_those_with_work(backend: Backend) -> None:
    inbox = backend.inbox
    await inbox.put(7, 501, 10, "a")
    await inbox.put(7, 502, 11, "b")
    await inbox.put(7, 502, 12, "c")
    await inbox.put(8, 503, 13, "other bot")
    assert sorted(await inbox.chats(7)) == [501, 502]
    assert await drain(inbox, 501, "x") == [10]
    assert await inbox.chats(7) == [502]
    assert await drain(inbox, 502, "y") == [11, 12]
    assert await inbox.chats(7) == []
    assert await inbox.chats(8) == [503]


async def test_chats_are_separate(backend: Backend) -> None:
    await backend.inbox.put(7, 501, 10, "a")
    await backend.inbox.put(7, 502, 11, "b")
    assert await backend.inbox.claim(7, 501, "x") == StoredUpdate(10, "a")
    assert await backend.other.claim(7, 502, "y") == StoredUpdate(11, "b")


async def test_concurrent_redelivery_is_stored_once(backend: Backend) -> None:
    results = await asyncio.gather(*(backend.inbox.put(7, 501, 10, "u") for _ in range(8)))
    assert results.count(True) == 1


async def test_concurrent_turns_handle_each_update_once_in_order(backend: Backend) -> None:
    """Eight workers' turns race for one chat while its updates arrive."""
    handled: list[int] = []
    holders: set[str] = set()  # turns inside a handler right now
    overlaps = 0

    async def worker(inbox: UpdateInbox, index: int) -> None:
        nonlocal overlaps
        for round_ in range(5):
            holder = f"w{index}:{round_}"
            upcoming = await inbox.claim(7, 501, holder, update(100 + round_ * 8 + index))
            while upcoming is not None:
                overlaps += bool(holders)
                holders.add(holder)
                handled.append(upcoming.update_id)
                await asyncio.sleep(0)  # let the others race while this turn holds the chat
                holders.discard(holder)
                upcoming = await inbox.done(7, 501, upcoming.update_id, holder)

    inboxes = [backend.inbox, backend.other]
    await asyncio.gather(*(worker(inboxes[i % 2], i) for i in range(8)))
    assert sorted(handled) == list(range(100, 140))  # each once, none left behind
    assert overlaps == 0
    assert await backend.inbox.chats(7) == []


async def test_memory_forgets_done_ids_after_the_ttl() -> None:
    clock = TickClock()
    inbox = MemoryInbox(done_ttl=60, clock=clock)
    await inbox.claim(7, 501, "a", update(10))
    await inbox.done(7, 501, 10, "a")
    clock.advance(61)
    assert await inbox.put(7, 501, 10, "u")


async def test_each_chat_remembers_only_its_newest_handled_ids(backend: Backend) -> None:
    inbox = backend.make(keep_done=3)
    for update_id in range(10, 15):
        await inbox.put(7, 501, update_id, f"u{update_id}")
    assert await drain(inbox, 501, "a") == [10, 11, 12, 13, 14]
    assert not await inbox.put(7, 501, 12, "again")
    assert await inbox.put(7, 501, 11, "forgotten")  # older than the newest 3


@pytest.mark.redis
async def test_redis_keeps_one_small_done_set_per_chat_with_a_ttl() -> None:
    async with redis_or_skip() as (client, prefix):
        inbox = RedisInbox(client, prefix=prefix)
        for update_id in range(10, 20):
            await inbox.put(7, 501, update_id, f"u{update_id}")
        assert len(await drain(inbox, 501, "a")) == 10
        done = f"{prefix}inbox:{{7}}:done:501"
        assert await client.zcard(done) == 10
        assert 0 < await client.pttl(done) <= 86_400_000
        # Nothing per update is left behind: the queue, payloads and lease are gone.
        keys = [key.decode() async for key in client.scan_iter(match=prefix + "*")]
        assert keys == [done]


async def test_put_many_stores_a_whole_batch_once_and_says_which_were_new(
    backend: Backend,
) -> None:
    inbox = backend.inbox
    assert await inbox.claim(7, 501, "a", update(10)) == update(10)
    assert await inbox.done(7, 501, 10, "a") is None  # 10 is handled already
    await inbox.put(7, 502, 12, "u12")  # 12 is stored already
    batch = [
        NewUpdate(501, 10, "u10"),
        NewUpdate(501, 11, "u11"),
        NewUpdate(502, 12, "again"),
        NewUpdate(502, 13, "u13"),
        NewUpdate(503, 14, "u14"),
    ]
    assert await inbox.put_many(7, batch) == [False, True, False, True, True]
    assert await inbox.put_many(7, batch) == [False] * 5
    assert await inbox.put_many(7, []) == []
    assert sorted(await inbox.chats(7)) == [501, 502, 503]
    assert await drain(backend.other, 501, "b") == [11]
    assert await backend.other.claim(7, 502, "c") == StoredUpdate(12, "u12")
    assert await backend.other.done(7, 502, 12, "c") == StoredUpdate(13, "u13")


async def test_unreadable_updates_are_kept_apart_newest_last(backend: Backend) -> None:
    inbox = backend.inbox
    assert await inbox.unreadable(7) == []
    await inbox.put_unreadable(7, [Unreadable(21, '{"update_id": 21}', "TypeError: poll")])
    await inbox.put_unreadable(7, [Unreadable(20, "{}", "KeyError"), Unreadable(22, "{}", "x")])
    assert [u.update_id for u in await inbox.unreadable(7)] == [20, 21, 22]
    assert await inbox.unreadable(7, limit=1) == [Unreadable(22, "{}", "x")]
    assert (await inbox.unreadable(7))[1].error == "TypeError: poll"
    assert await inbox.unreadable(8) == []
    assert await inbox.chats(7) == []  # never handled: no chat has work


async def test_unreadable_updates_are_bounded(backend: Backend) -> None:
    inbox = backend.make(keep_unreadable=3)
    await inbox.put_unreadable(7, [Unreadable(i, "{}", "e") for i in range(1, 6)])
    assert [u.update_id for u in await inbox.unreadable(7)] == [3, 4, 5]


async def test_a_set_aside_update_is_kept_for_inspection_and_its_chat_goes_on(
    backend: Backend,
) -> None:
    inbox = backend.inbox
    for update_id in (10, 11):
        await inbox.put(7, 501, update_id, f"u{update_id}")
    assert await inbox.claim(7, 501, "a") == update(10)
    assert await inbox.set_aside(7, 501, 10, "a", "handler") == update(11)
    assert await backend.other.aside(7) == [AsideUpdate(10, 501, "handler", "u10")]
    assert not await inbox.put(7, 501, 10, "u10")  # a redelivery is refused, as if done
    assert await inbox.done(7, 501, 11, "a") is None
    assert await inbox.chats(7) == []
    assert await inbox.aside(8) == []


@pytest.mark.redis
async def test_telegram_updates_stay_under_the_keys_of_before_and_channels_apart() -> None:
    async with redis_or_skip() as (client, prefix):
        telegram, web = (
            RedisInbox(client, prefix=prefix),
            RedisInbox(client, prefix=prefix, channel="web"),
        )
        await telegram.put(7, 501, 10, "telegram")
        # Where an inbox of before channels stored it: a deploy reads it on, as it is.
        assert await client.zcard(f"{prefix}inbox:{{7}}:q:501") == 1
        assert await web.claim(7, 501, "w") is None  # the same chat number elsewhere
        await web.put(7, 501, 10, "web")
        assert await web.claim(7, 501, "w") == StoredUpdate(10, "web")
        assert await telegram.claim(7, 501, "t") == StoredUpdate(10, "telegram")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def sql(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[SqlDatabase]:
    db, _ = await empty_database(request, tmp_path, request.param)
    try:
        yield db
    finally:
        await db.dispose()


async def test_sql_forgets_handled_ids_past_the_ttl(sql: SqlDatabase) -> None:
    clock = TickClock()
    inbox = SqlInbox(sql.engine, done_ttl=60, clock=clock)
    await inbox.claim(7, 501, "a", update(10))
    await inbox.done(7, 501, 10, "a")
    assert await inbox.chats(7) == []  # the first round purges nothing yet
    assert not await inbox.put(7, 501, 10, "u")
    clock.advance(61)
    assert await inbox.chats(7) == []  # the janitor's round purges the old ids
    assert await inbox.put(7, 501, 10, "u")


async def test_sql_inbox_waits_for_the_apps_own_transaction_and_goes_on(
    sql: SqlDatabase,
) -> None:
    """On SQLite both take the one write lock: neither may wait on the other forever."""
    inbox = SqlInbox(sql.engine)
    async with asyncio.timeout(20):
        async with sql.transaction() as tx:
            await tx.users.upsert(500, "居民", None)
            stored = asyncio.create_task(inbox.put_many(7, [NewUpdate(501, 10, "u10")]))
            await asyncio.sleep(0)  # let the store start: on SQLite it now waits for the lock
            await tx.users.upsert(501, "居民2", None)
        assert await stored == [True]
        assert await inbox.claim(7, 501, "a") == update(10)
        async with sql.transaction() as tx:
            assert await tx.users.get(501) is not None


async def test_sql_channels_are_apart(sql: SqlDatabase) -> None:
    telegram, web = SqlInbox(sql.engine), SqlInbox(sql.engine, channel="web")
    await telegram.put(7, 501, 10, "telegram")
    assert await web.claim(7, 501, "w") is None  # the same chat number elsewhere
    assert await web.put(7, 501, 10, "web")
    assert await web.claim(7, 501, "w") == StoredUpdate(10, "web")
    assert await telegram.claim(7, 501, "t") == StoredUpdate(10, "telegram")
    assert await web.chats(7) == await telegram.chats(7) == [501]
