"""`ChatHarness`: the real bot above its transport, in process, with no HTTP.

Assembled as `bot.app.App.create` assembles it, from the same public parts: the
services (`build_services`), the router, the `PressGuard` over the messenger, the
`ChatDrainer` over the inbox and flood gate, the `Intake`, the metrics, the
sweeper and the janitor, on a SQLite database seeded from the demo county (or
any database and state backend the settings name) and a `ManualClock`. Only the
transport is replaced: `FakeMessenger` over Telegram in process. A user's
update goes in as a polled batch would (`Intake.receive`, parsed by the
transports' own `parse_update`), so chat order, the press guard and the flood
limit hold as in production.

The harness has the attribute paths of the e2e `Stack` that tests use
(`app.router.services`, `app.db`, `app.sweeper`, `app.state`, `app.settings`,
`app.metrics`, `sb.user`, `server.world`, `clock`, `person`, `order`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.app import EXPIRED_GRACE, build_services, build_sweeper, delivery_of
from bot.drainer import ChatDrainer
from bot.intake import Backlog, Intake
from bot.press_guard import PressGuard
from bot.settings import Settings
from bot.sweeper import Sweeper
from bot.transports.botapi import parse_update
from bot.web.metrics import Metrics
from domain.clock import ManualClock
from domain.models import Order
from handlers.kit.router import Router
from handlers.notices import Notices
from handlers.setup import build_router
from sandbox.objects import JSON
from storage import SqlDatabase
from storage.seed import seed_database
from storage.sql.ops import orders_by_status
from storage.state_factory import StateBackends, open_state
from tests.translator import shared_translator

from .messenger import FakeMessenger, Handler
from .settle import CountingInbox
from .telegram import InProcessServer
from .users import HarnessUser, UserFactory

SEED = Path(__file__).resolve().parents[2] / "data" / "demo-county.yaml"
ADMIN = 900201
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # a Friday morning in the county


@dataclass
class HarnessApp:
    """The parts of `bot.app.App` a test reaches, with the same names."""

    settings: Settings
    db: SqlDatabase
    state: StateBackends
    router: Router
    sweeper: Sweeper
    metrics: Metrics
    drainer: ChatDrainer
    intake: Intake
    guard: PressGuard
    inbox: CountingInbox  # the drainer's inbox, `state.inbox` counted (see settle.py)


@dataclass
class ChatHarness:
    app: HarnessApp
    clock: ManualClock
    server: InProcessServer
    sb: UserFactory
    messenger: FakeMessenger

    def user(self, user_id: int, name: str, lang: str = "zh-CN") -> HarnessUser:
        return self.sb.user(user_id, name, lang)

    async def person(self, user_id: int, name: str, lang: str = "zh-CN") -> HarnessUser:
        """A user who has started the bot: the privacy notice, then the greeting."""
        user = self.sb.user(user_id, name, lang)
        await user.command("start")
        await user.expect(lambda m: bool(m.buttons))  # the greeting with the menu
        return user

    async def order(self, order_id: int) -> Order:
        order = await self.app.router.services.desk.get(order_id)
        assert order is not None
        return order

    async def idle(self) -> None:
        """Return once every update given to the bot so far was handled (its replies,
        fan-outs and records all done): a point where no chat's turn is running."""
        await self.app.inbox.idle()

    async def deliver(self, update: JSON) -> None:
        """Hand one Bot API update to the bot, as polling hands it a batch."""
        await self.app.intake.receive([update])


async def seed(url: str, template: Path | None = None) -> None:
    """The demo county at `url`: a copy of `template` (a seeded SQLite file) when
    given and the URL is SQLite, which saves the migrations; else migrated and seeded."""
    target = make_url(url).database if url.startswith("sqlite") else None
    if template is not None and target:
        shutil.copyfile(template, target)
        return
    await seed_database(url, SEED)


@contextlib.asynccontextmanager
async def chat_harness(
    settings: Settings,
    *,
    handler: Handler | None = None,
    template: Path | None = None,
    clock: ManualClock | None = None,
    seeded: bool = False,
) -> AsyncIterator[ChatHarness]:
    """The bot on `settings`' database and state, its messenger a `FakeMessenger`
    with `handler` (see `messenger.py`). `seeded`: the database already holds the
    migrated, seeded county (a copy of one that `seed` filled), so it is used as is."""
    if not seeded:
        await seed(settings.database_url, template)
    clock = clock or ManualClock(START)
    server = InProcessServer(settings.bot_token.get_secret_value())
    messenger = FakeMessenger(handler, server)
    db = SqlDatabase.from_url(settings.database_url, timezone=settings.timezone)
    state = await open_state(
        settings.redis_url,
        ttl=settings.conversation_ttl + EXPIRED_GRACE,
        prefix=settings.redis_prefix,
        flood_window=settings.flood_window,
    )
    metrics = Metrics(partial(orders_by_status, db.engine))
    guard = PressGuard(messenger, settings.early_answer_after, metrics.press_answered_early)

    async def username() -> str:  # getMe, answered by Telegram in process
        return server.username

    services = dataclasses.replace(
        build_services(settings, db, state.states, guard, clock, shared_translator()),
        bot_username=username,
    )
    router = build_router(services)
    backlog = Backlog()
    inbox = CountingInbox(state.inbox)
    drainer = ChatDrainer(
        inbox,  # `state.inbox`, counted: the same port
        settings.bot_id,
        backlog.tracking(metrics.timed(router.handle)),
        janitor_every=settings.janitor_interval,
        delivery=delivery_of(settings),
        notices=Notices(services),
        flood=state.flood,
        count=metrics.delivery_event,
        skipped=backlog.closed,  # as bot.app: an update the flood limit drops is closed too
    )
    intake = Intake(
        partial(parse_update, bot_username=server.username),
        drainer,
        backlog,
        guard=guard,
        count_unreadable=metrics.unreadable_updates,
    )
    sweeper = build_sweeper(services, db, settings.sweep_interval)
    app = HarnessApp(settings, db, state, router, sweeper, metrics, drainer, intake, guard, inbox)

    async def deliver(update: JSON) -> None:
        await intake.receive([update])

    users = UserFactory(server, deliver, inbox.idle)
    harness = ChatHarness(app, clock, server, users, messenger)
    stop = asyncio.Event()
    background = [asyncio.create_task(task(stop)) for task in (sweeper.run, drainer.janitor)]
    try:
        yield harness
    finally:
        stop.set()
        guard.close()
        await asyncio.gather(*background, return_exceptions=True)
        await drainer.close()
        await server.close()
        await state.close()
        await db.dispose()
