"""Helpers for the roles-and-powers end-to-end tests: the demo county's cast, state
set up straight through the domain (fast, no chat), SQL snapshots, planted buttons.

The cast (see data/demo-county.yaml): point 11 (Daqiao) under station 10
(Chengguan); station 20 (Donghu) is elsewhere; ADMIN comes from ADMIN_IDS.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from sqlalchemy import text

from domain.models import LocalName, OrderDraft, Role
from handlers.kit import render
from handlers.kit.presses import Press, pack
from storage.sql import metadata
from tests.days import TOMORROW
from tests.harness import ADMIN, ChatHarness, HarnessUser

POINT, STATION, OTHER_STATION, OTHER_POINT = 11, 10, 20, 21
RESIDENT = 800500
READER = 900005  # READ-DQ (culture) at point 11
BARBERS = (900001, 900002)  # HAIR-DQ (civility) at point 11
POINT_COORDINATOR, STATION_COORDINATOR, OTHER_COORDINATOR = 900103, 900102, 900104
CENTER_COORDINATOR = 900101
ROLES: dict[str, int] = {
    "resident": RESIDENT,
    "volunteer": READER,
    "point coordinator": POINT_COORDINATOR,
    "station coordinator": STATION_COORDINATOR,
    "other station coordinator": OTHER_COORDINATOR,
    "admin": ADMIN,
}
PLANTED = "🧪 planted button"

_ids = itertools.count(810000)


class County:
    """Sets up what a test needs through the domain, as the bot's own services would."""

    def __init__(self, chat: ChatHarness) -> None:
        self.harness = chat
        self.services = chat.app.router.services
        self._chats: set[int] = set()

    async def user(self, name: str = "测试") -> int:
        user_id = next(_ids)
        async with self.harness.app.db.transaction() as tx:
            await tx.users.upsert(user_id, name, None)
            # No chat in the sandbox: as the bot finds when it first writes to them.
            await tx.users.set_unreachable(user_id, True)
        return user_id

    async def service_id(self, code: str) -> int:
        catalogue = await self.services.reference.catalogue()
        return next(s.id for s in catalogue.services if s.code == code)

    async def order(self, code: str = "haircut", resident: int | None = None) -> int:
        """An order at point 11, placed (and offered) as the flow would place it."""
        if resident is None:
            resident = await self.user("居民")
        else:  # the resident role may not have started the bot in this test
            async with self.harness.app.db.transaction() as tx:
                if await tx.users.get(resident) is None:
                    await tx.users.upsert(resident, "居民", None)
        draft = OrderDraft(resident, await self.service_id(code), POINT, TOMORROW, "测试订单")
        placed = await self.services.desk.place(draft)
        return placed.order.id

    async def assigned(self, code: str = "read-for-blind", resident: int | None = None) -> int:
        order_id = await self.order(code, resident)
        await self.started(READER)
        await self.services.desk.assign(order_id, READER, ADMIN)
        return order_id

    async def chat(self, user_id: int, name: str) -> None:
        """The person starts the bot (once per test), so messages to them arrive."""
        if user_id not in self._chats:
            await self.harness.person(user_id, name)
            self._chats.add(user_id)

    async def started(self, user_id: int) -> None:
        """As if a seeded person had written to the bot: reachable, so assignable."""
        async with self.harness.app.db.transaction() as tx:
            await tx.users.set_unreachable(user_id, False)

    async def done(self, resident: int) -> int:
        order_id = await self.assigned(resident=resident)
        await self.services.desk.finish(order_id, READER, 1.0)
        return order_id

    async def application(self, site_id: int = POINT) -> int:
        filed = await self.services.applications.file(await self.user("申请人"), site_id)
        return filed.application.id

    async def coordinator(self, site_id: int) -> int:
        user_id = await self.user("副协调员")
        async with self.harness.app.db.transaction() as tx:
            await tx.roles.grant(user_id, Role.COORDINATOR, site_id)
        return user_id

    async def service(self) -> str:
        code = f"svc-{next(_ids)}"
        async with self.harness.app.db.transaction() as tx:
            await tx.catalogue.upsert_service(code, "civility", LocalName("测试服务", "Test"))
        return code

    async def team_id(self, code: str) -> int:
        async with self.harness.app.db.transaction() as tx:
            team = await tx.teams.by_code(code)
        assert team is not None
        return team.id

    async def snapshot(self) -> dict[str, list[Any]]:
        """Every row of every table, as stored, to prove a refusal changed nothing.

        Taken once every update given so far was handled, so a write the handler
        makes after its reply is seen too. On SQLite (the `chat` fixture) the rows
        are read by a sqlite3 connection of its own straight from the file: the
        same committed rows the engine's pool would read (WAL lets it read beside
        the bot's writers), in about a millisecond instead of one round trip
        through aiosqlite's thread per table, which was most of the matrix's time.
        """
        await self.harness.idle()
        db = self.harness.app.db
        file = db.engine.url.database if db.dialect == "sqlite" else None
        out: dict[str, list[Any]] = {}
        if file and file != ":memory:":
            with contextlib.closing(sqlite3.connect(file)) as conn:
                return _rows(conn)
        async with db.engine.connect() as aconn:
            for table in metadata.sorted_tables:
                result = await aconn.execute(text(f'SELECT * FROM "{table.name}" ORDER BY 1'))
                out[table.name] = [tuple(r) for r in result]
        return out

    @contextlib.asynccontextmanager
    async def unchanged(self) -> AsyncIterator[Callable[[], Awaitable[bool]]]:
        """Whether the database changed from entering to asking: yields `changed`,
        which answers once every update given so far was handled.

        On SQLite two connections of its own: one holds a read transaction, so it
        keeps seeing the database as it was on entering (WAL gives each reader its
        snapshot); the other reads `PRAGMA data_version`, which moves only when
        another connection committed. Unmoved, nothing was committed, so every row
        is as it was; moved, every row of every table is compared, before against
        after, as `snapshot` reads them. Elsewhere, two snapshots are compared.
        """
        db = self.harness.app.db
        file = db.engine.url.database if db.dialect == "sqlite" else None
        if not file or file == ":memory:":
            await self.harness.idle()
            before = await self.snapshot()

            async def differs() -> bool:
                return await self.snapshot() != before

            yield differs
            return
        await self.harness.idle()
        with (
            contextlib.closing(sqlite3.connect(file, isolation_level=None)) as then,
            contextlib.closing(sqlite3.connect(file, isolation_level=None)) as now,
        ):
            then.execute("BEGIN")
            then.execute("SELECT count(*) FROM sqlite_master").fetchall()  # the snapshot
            version = now.execute("PRAGMA data_version").fetchone()

            async def changed() -> bool:
                await self.harness.idle()
                if now.execute("PRAGMA data_version").fetchone() == version:
                    return False
                return _rows(then) != _rows(now)

            try:
                yield changed
            finally:
                then.execute("ROLLBACK")

    async def plant(self, user: HarnessUser, press: Press) -> None:
        """Give `user` a message carrying `press`, as if the bot had sent it, and press it.

        That is how a stale, forwarded or tampered button reaches the bot: its data
        alone must never be enough.
        """
        markup = render.inline([("▶", press)])
        await self.services.messenger.send(user.id, PLANTED, markup)
        message = await user.expect(PLANTED)
        await user.press(message, pack(press))


def _rows(conn: sqlite3.Connection) -> dict[str, list[Any]]:
    """Every row of every table, as stored, as `conn` sees them."""
    return {
        table.name: conn.execute(f'SELECT * FROM "{table.name}" ORDER BY 1').fetchall()
        for table in metadata.sorted_tables
    }
