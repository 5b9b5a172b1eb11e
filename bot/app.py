"""Assembly: one place builds everything the bot needs, and tears it down.

Nothing is created at import time. `App.create` wires settings -> SQL database,
state backends, transport, domain services and the router; `App.handle` is the
single entry point every transport feeds.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.settings import Settings
from bot.transports.base import Transport
from bot.transports.factory import make_transport
from bot.transports.ratelimit import RateLimits
from conversations.engine import Engine
from conversations.flows import ALL_FLOWS
from domain.clock import SystemClock
from domain.orders import OrderDesk
from domain.people import Directory, People
from domain.ports import Clock
from domain.roles import Authority
from handlers import render
from handlers.context import Services
from handlers.ports import Inbound
from handlers.router import Router
from handlers.setup import build_router
from locales import Translator
from storage import SqlDatabase
from storage.migrate import upgrade
from storage.state_factory import LockTimeout, StateBackends, open_state

log = logging.getLogger(__name__)

# Keep expired conversations a day past their TTL so the user can be told they expired.
EXPIRED_GRACE = 24 * 3600.0


@dataclass(slots=True)
class App:
    settings: Settings
    db: SqlDatabase
    state: StateBackends
    transport: Transport
    router: Router

    @classmethod
    async def create(
        cls,
        settings: Settings,
        *,
        clock: Clock | None = None,
        limits: RateLimits | None = None,
        migrate: bool = True,
    ) -> App:
        clock = clock or SystemClock()
        if migrate:
            await upgrade(settings.database_url)
        db = SqlDatabase.from_url(settings.database_url)
        state = await open_state(
            settings.redis_url,
            ttl=settings.conversation_ttl + EXPIRED_GRACE,
            prefix=settings.redis_prefix,
        )
        transport = make_transport(settings, limits)
        await transport.start()
        tr = Translator()
        authority = Authority(settings.admin_ids)
        services = Services(
            people=People(db, authority),
            desk=OrderDesk(db, clock, authority),
            directory=Directory(db),
            engine=Engine(
                state.states,
                ALL_FLOWS,
                clock,
                settings.conversation_ttl,
                lambda locale, choice: render.label(tr, locale, choice),
            ),
            tr=tr,
            messenger=transport.messenger,
            clock=clock,
            bot_id=settings.bot_id,
            default_locale=settings.default_locale,
            timezone=ZoneInfo(settings.timezone),
        )
        return cls(settings, db, state, transport, build_router(services))

    async def handle(self, inbound: Inbound) -> None:
        """Handle one update once, in its chat's order, whichever worker got it."""
        bot_id = self.settings.bot_id
        if not await self.state.deduper.first_time(bot_id, inbound.update_id):
            log.info("update %s already handled", inbound.update_id)
            return
        try:
            async with self.state.locks.hold(bot_id, inbound.chat_id):
                await self.router.handle(inbound)
        except LockTimeout:
            log.error(
                "chat %s stayed locked; update %s dropped", inbound.chat_id, inbound.update_id
            )

    async def run(self, stop: asyncio.Event) -> None:
        await self.transport.run_polling(self.handle, stop)

    async def close(self) -> None:
        await self.transport.close()
        await self.state.close()
        await self.db.dispose()
