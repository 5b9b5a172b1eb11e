"""SQL `UpdateInbox`: the inbox without Redis, on the app's own database, so a killed
process loses no update it had confirmed to Telegram.

Rows follow the Redis inbox key for key (storage/inbox_redis.py): `inbox_updates`
holds each chat's pending updates and its newest `keep_done` handled ids (one
primary key over both, so a redelivery of either is refused by the INSERT itself),
`inbox_leases` whose turn a chat is, `inbox_unreadable` and `inbox_aside` what was
not handled. Every step of a turn is one transaction. On PostgreSQL the lease row is
the chat's lock: `claim` and `done` take it before they look for the next update, so
an update stored while a turn runs is seen by that turn or finds the chat free, as
with the Redis scripts. On SQLite every transaction already runs alone (the engine's
BEGIN IMMEDIATE), queued on the busy timeout behind the app's own writes.

Times are epoch seconds from `clock` (the wall clock: workers on several hosts
compare them). Handled ids past `done_ttl` are purged now and then, so they are
refused for at least that long.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain.models import TELEGRAM
from domain.ports.inbox import AsideUpdate, NewUpdate, StoredUpdate, Unreadable
from storage.inbox_memory import (
    DEDUP_TTL,
    KEEP_DONE,
    KEEP_UNREADABLE,
    LOCK_LEASE,
    UNREADABLE_TTL,
)
from storage.sql.repos.base import insert_for
from storage.sql.tables import inbox_aside, inbox_leases, inbox_unreadable, inbox_updates

PENDING, DONE = "pending", "done"
# Rows per INSERT of a polled batch: far below SQLite's bound-parameter limit.
_CHUNK = 200

_u, _l = inbox_updates.c, inbox_leases.c
T = TypeVar("T")


class SqlInbox:
    def __init__(
        self,
        engine: AsyncEngine,
        done_ttl: float = DEDUP_TTL,
        clock: Callable[[], float] = time.time,
        lease: float = LOCK_LEASE,
        keep_done: int = KEEP_DONE,
        unreadable_ttl: float = UNREADABLE_TTL,
        keep_unreadable: int = KEEP_UNREADABLE,
        channel: str = TELEGRAM,
    ) -> None:
        self._engine = engine
        self.channel = channel  # one inbox per channel, as `RedisInbox`: a column of every row
        self._dialect = engine.dialect.name
        self._done_ttl = done_ttl
        self._clock = clock
        self.lease = lease
        self._keep_done = keep_done
        self._unreadable_ttl = unreadable_ttl
        self._keep_unreadable = keep_unreadable
        self._next_purge = 0.0
        # SQLite only: steps waiting for the next grouped transaction (`_flush`).
        self._queue: list[
            tuple[Callable[[AsyncConnection], Awaitable[Any]], asyncio.Future[Any]]
        ] = []
        self._flusher: asyncio.Task[None] | None = None

    def _insert(self, table: Any) -> Any:
        return insert_for(self._dialect, table)

    async def _tx(self, step: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Run `step` in a transaction of its own (PostgreSQL), or in the next one of
        the group this process commits together (SQLite)."""
        if self._dialect != "sqlite":
            async with self._engine.begin() as conn:
                return await step(conn)
        done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queue.append((step, done))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return cast(T, await done)

    async def _flush(self) -> None:
        """Commit the queued steps, in order, one transaction per round.

        SQLite has one writer at a time; each transaction queues for the lock behind
        the app's own, and waiting on it backs off in steps of up to 100 ms. One
        transaction for every step that queued meanwhile takes the lock once for
        all of them. A step that fails fails its whole round (each is retried by
        its caller, as after any error of the database)."""
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                async with self._engine.begin() as conn:
                    results = [await step(conn) for step, _ in batch]
            except Exception as error:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(error)
                continue
            except BaseException:
                for _, done in batch:
                    done.cancel()
                raise
            for (_, done), result in zip(batch, results, strict=True):
                if not done.done():  # its caller may have been cancelled meanwhile
                    done.set_result(result)

    async def put(self, bot_id: int, chat_id: int, update_id: int, payload: str) -> bool:
        return (await self.put_many(bot_id, [NewUpdate(chat_id, update_id, payload)]))[0]

    async def put_many(self, bot_id: int, updates: Sequence[NewUpdate]) -> list[bool]:
        if not updates:
            return []
        stored = await self._tx(lambda conn: self._store(conn, bot_id, updates))
        # Only the first of an update delivered twice in one batch is new.
        new = []
        for u in updates:
            key = (u.chat_id, u.update_id)
            new.append(key in stored)
            stored.discard(key)
        return new

    async def _store(
        self, conn: AsyncConnection, bot_id: int, updates: Sequence[NewUpdate]
    ) -> set[tuple[int, int]]:
        """Insert what is neither pending nor done; the (chat, update) pairs inserted."""
        stored: set[tuple[int, int]] = set()
        # In key order: two workers storing one redelivered batch (PostgreSQL) then
        # take the rows' locks in the same order, so they cannot deadlock.
        updates = sorted(updates, key=lambda u: (u.chat_id, u.update_id))
        for start in range(0, len(updates), _CHUNK):
            rows = [
                {
                    "channel": self.channel,
                    "bot_id": bot_id,
                    "chat_id": u.chat_id,
                    "update_id": u.update_id,
                    "state": PENDING,
                    "payload": u.payload,
                }
                for u in updates[start : start + _CHUNK]
            ]
            stmt = (
                self._insert(inbox_updates)
                .values(rows)
                .on_conflict_do_nothing()
                .returning(_u.chat_id, _u.update_id)
            )
            stored.update((int(c), int(i)) for c, i in (await conn.execute(stmt)).all())
        return stored

    async def put_unreadable(self, bot_id: int, updates: Sequence[Unreadable]) -> None:
        if not updates:
            return
        now = self._clock()
        t = inbox_unreadable.c
        rows = {
            u.update_id: {
                "channel": self.channel,
                "bot_id": bot_id,
                "update_id": u.update_id,
                "raw": u.raw,
                "error": u.error,
                "expires_at": now + self._unreadable_ttl,
            }
            for u in updates
        }

        async def step(conn: AsyncConnection) -> None:
            stmt = self._insert(inbox_unreadable).values(list(rows.values()))
            stmt = stmt.on_conflict_do_update(
                index_elements=[t.channel, t.bot_id, t.update_id],
                set_={
                    "raw": stmt.excluded.raw,
                    "error": stmt.excluded.error,
                    "expires_at": stmt.excluded.expires_at,
                },
            )
            await conn.execute(stmt)
            # Keep the newest `keep_unreadable`: a flood of them must not fill the disk.
            cutoff = (
                select(t.update_id)
                .where(t.channel == self.channel, t.bot_id == bot_id)
                .order_by(t.update_id.desc())
                .limit(1)
                .offset(self._keep_unreadable)
                .scalar_subquery()
            )
            old = (t.update_id <= cutoff) | (t.expires_at <= now)
            await conn.execute(
                delete(inbox_unreadable).where(t.channel == self.channel, t.bot_id == bot_id, old)
            )

        await self._tx(step)

    async def unreadable(self, bot_id: int, limit: int = 100) -> list[Unreadable]:
        t = inbox_unreadable.c
        query = (
            select(t.update_id, t.raw, t.error)
            .where(t.channel == self.channel, t.bot_id == bot_id, t.expires_at > self._clock())
            .order_by(t.update_id.desc())
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [Unreadable(int(i), raw, error) for i, raw, error in reversed(rows)]

    async def claim(
        self, bot_id: int, chat_id: int, holder: str, first: StoredUpdate | None = None
    ) -> StoredUpdate | None:

        async def step(conn: AsyncConnection) -> StoredUpdate | None:
            if first is not None:
                await self._store(
                    conn, bot_id, [NewUpdate(chat_id, first.update_id, first.payload)]
                )
            now = self._clock()
            stmt = self._insert(inbox_leases).values(
                channel=self.channel,
                bot_id=bot_id,
                chat_id=chat_id,
                holder=holder,
                expires_at=now + self.lease,
            )
            # The upsert locks the row (PostgreSQL) even where another's live lease
            # keeps it unchanged: a `done` of that turn then waits for this store.
            stmt = stmt.on_conflict_do_update(
                index_elements=[_l.channel, _l.bot_id, _l.chat_id],
                set_={"holder": stmt.excluded.holder, "expires_at": stmt.excluded.expires_at},
                where=(_l.holder == holder) | (_l.expires_at <= now),
            ).returning(_l.holder)
            if (await conn.execute(stmt)).first() is None:
                return None  # another turn's live lease: it sees what was stored
            return await self._next_or_free(conn, bot_id, chat_id)

        return await self._tx(step)

    async def done(
        self, bot_id: int, chat_id: int, update_id: int, holder: str
    ) -> StoredUpdate | None:
        return await self._tx(lambda conn: self._finish(conn, bot_id, chat_id, update_id, holder))

    async def set_aside(
        self, bot_id: int, chat_id: int, update_id: int, holder: str, reason: str
    ) -> StoredUpdate | None:

        async def step(conn: AsyncConnection) -> StoredUpdate | None:
            payload = await conn.scalar(
                select(_u.payload).where(
                    _u.channel == self.channel,
                    _u.bot_id == bot_id,
                    _u.chat_id == chat_id,
                    _u.update_id == update_id,
                    _u.state == PENDING,
                )
            )
            if payload is not None:
                a = inbox_aside.c
                stmt = self._insert(inbox_aside).values(
                    channel=self.channel,
                    bot_id=bot_id,
                    update_id=update_id,
                    chat_id=chat_id,
                    reason=reason,
                    payload=payload,
                )
                stmt = stmt.on_conflict_do_update(
                    index_elements=[a.channel, a.bot_id, a.update_id],
                    set_={
                        "chat_id": stmt.excluded.chat_id,
                        "reason": stmt.excluded.reason,
                        "payload": stmt.excluded.payload,
                    },
                )
                await conn.execute(stmt)
            return await self._finish(conn, bot_id, chat_id, update_id, holder)

        return await self._tx(step)

    async def _renew(
        self, conn: AsyncConnection, bot_id: int, chat_id: int, holder: str, now: float
    ) -> bool:
        """Extend `holder`'s unexpired lease on the chat; False: it is not theirs now."""
        renewed = await conn.execute(
            update(inbox_leases)
            .where(
                _l.channel == self.channel,
                _l.bot_id == bot_id,
                _l.chat_id == chat_id,
                _l.holder == holder,
                _l.expires_at > now,
            )
            .values(expires_at=now + self.lease)
        )
        return bool(renewed.rowcount)

    async def _finish(
        self, conn: AsyncConnection, bot_id: int, chat_id: int, update_id: int, holder: str
    ) -> StoredUpdate | None:
        now = self._clock()
        # The lease first: renewing it locks the chat for the rest of this step.
        renewed = await self._renew(conn, bot_id, chat_id, holder, now)
        stmt = self._insert(inbox_updates).values(
            channel=self.channel,
            bot_id=bot_id,
            chat_id=chat_id,
            update_id=update_id,
            state=DONE,
            payload="",
            done_at=now,
        )
        await conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[_u.channel, _u.bot_id, _u.chat_id, _u.update_id],
                set_={"state": DONE, "payload": "", "done_at": now},
            )
        )
        if not renewed:
            await self._trim(conn, bot_id, chat_id)
            return None  # the lease went to someone else or ran out: the turn ends
        following = await self._next_or_free(conn, bot_id, chat_id)
        # Trimming costs a statement: at a turn's end, and now and then in a long one.
        if following is None or update_id % self._keep_done == 0:
            await self._trim(conn, bot_id, chat_id)
        return following

    async def _trim(self, conn: AsyncConnection, bot_id: int, chat_id: int) -> None:
        """Remember only the chat's newest `keep_done` handled ids."""
        cutoff = (
            select(_u.update_id)
            .where(
                _u.channel == self.channel,
                _u.bot_id == bot_id,
                _u.chat_id == chat_id,
                _u.state == DONE,
            )
            .order_by(_u.update_id.desc())
            .limit(1)
            .offset(self._keep_done)
            .scalar_subquery()
        )
        await conn.execute(
            delete(inbox_updates).where(
                _u.channel == self.channel,
                _u.bot_id == bot_id,
                _u.chat_id == chat_id,
                _u.state == DONE,
                _u.update_id <= cutoff,
            )
        )

    async def _next_or_free(
        self, conn: AsyncConnection, bot_id: int, chat_id: int
    ) -> StoredUpdate | None:
        """The chat's oldest pending update, or None with the lease let go (the
        caller holds it)."""
        row = (
            await conn.execute(
                select(_u.update_id, _u.payload)
                .where(
                    _u.channel == self.channel,
                    _u.bot_id == bot_id,
                    _u.chat_id == chat_id,
                    _u.state == PENDING,
                )
                .order_by(_u.update_id)
                .limit(1)
            )
        ).first()
        if row is None:
            await conn.execute(
                delete(inbox_leases).where(
                    _l.channel == self.channel, _l.bot_id == bot_id, _l.chat_id == chat_id
                )
            )
            return None
        return StoredUpdate(int(row[0]), row[1])

    async def aside(self, bot_id: int, limit: int = 100) -> list[AsideUpdate]:
        a = inbox_aside.c
        query = (
            select(a.update_id, a.chat_id, a.reason, a.payload)
            .where(a.channel == self.channel, a.bot_id == bot_id)
            .order_by(a.update_id)
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [AsideUpdate(int(i), int(c), reason, payload) for i, c, reason, payload in rows]

    async def release(self, bot_id: int, chat_id: int, holder: str) -> None:
        await self._tx(
            lambda conn: conn.execute(
                delete(inbox_leases).where(
                    _l.channel == self.channel,
                    _l.bot_id == bot_id,
                    _l.chat_id == chat_id,
                    _l.holder == holder,
                )
            )
        )

    async def renew(self, bot_id: int, leases: Mapping[int, str]) -> set[int]:
        if not leases:
            return set()

        async def step(conn: AsyncConnection) -> set[int]:
            lost = set()
            now = self._clock()
            for chat_id, holder in leases.items():
                if not await self._renew(conn, bot_id, chat_id, holder, now):
                    lost.add(chat_id)
            return lost

        return await self._tx(step)

    async def chats(self, bot_id: int, limit: int = 100) -> list[int]:
        # The janitor calls this every few seconds: a cheap place for the rare purge.
        now = self._clock()
        if now >= self._next_purge:
            self._next_purge = now + min(self._done_ttl / 24, 3_600.0)
            await self._purge(bot_id, now)
        query = (
            select(_u.chat_id)
            .where(_u.channel == self.channel, _u.bot_id == bot_id, _u.state == PENDING)
            .distinct()
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            return [int(chat) for chat in (await conn.scalars(query)).all()]

    async def _purge(self, bot_id: int, now: float) -> None:
        """Forget handled ids older than the dedupe TTL, in chats gone quiet (the
        per-chat bound keeps the others small)."""

        async def step(conn: AsyncConnection) -> None:
            await conn.execute(
                delete(inbox_updates).where(
                    _u.channel == self.channel,
                    _u.bot_id == bot_id,
                    _u.state == DONE,
                    _u.done_at <= now - self._done_ttl,
                )
            )
            await conn.execute(
                delete(inbox_unreadable).where(
                    inbox_unreadable.c.channel == self.channel,
                    inbox_unreadable.c.bot_id == bot_id,
                    inbox_unreadable.c.expires_at <= now,
                )
            )

        await self._tx(step)
