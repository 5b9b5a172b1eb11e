"""Assembly: one place builds everything the bot needs, and tears it down.

Nothing is created at import time. `App.create` wires settings -> SQL database,
state backends, transport, domain services and the router. Every update enters
through the `Intake` (polled batches and webhook posts alike: parsed one by one,
stored, then drained by the `ChatDrainer` in its chat's order, once); `App.run`
serves polling or the webhook server, plus the background tasks in `App.background`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from bot.broadcaster import Broadcaster
from bot.drainer import ChatDrainer, Delivery
from bot.identity import BotIdentity
from bot.intake import Backlog, Intake
from bot.logs import hold_library_logs
from bot.poller import Poller
from bot.press_guard import PressGuard
from bot.settings import Settings
from bot.sweeper import Notifiers, Sweeper
from bot.transports.base import Transport, TransportOptions
from bot.transports.factory import make_transport
from bot.transports.ratelimit import RateLimits
from bot.transports.ratelimit_redis import RedisRateLimiter
from bot.transports.retry import Backoff
from bot.web.health import Probe
from bot.web.metrics import Metrics
from bot.web.server import WebServer
from bot.web.webhook import serve_webhook, web_server
from conversations.engine import Engine
from conversations.flows import ALL_FLOWS
from domain import activity_codes
from domain.activities import Activities, OfferLapsed, Reminded
from domain.applications import Applications
from domain.audit import Audit
from domain.broadcasts import Broadcasts
from domain.candidates import Candidates
from domain.catalog import CatalogEditor
from domain.certificate_models import PURPOSE as CERTIFICATES
from domain.certificates import Certificates
from domain.checkin import Checkins
from domain.clock import SystemClock
from domain.complaints import Complaints, Unclaimed, UnclaimedDigest
from domain.deadlines import DeadlineKinds
from domain.digests import Digest, Digests
from domain.exports import Exports
from domain.failures import described
from domain.honour import Honour
from domain.households import Households
from domain.invite_tokens import derive_key
from domain.invites import Invites
from domain.ledger import Ledger
from domain.menus import Menus
from domain.models import TELEGRAM
from domain.offers import Dispatched, Dispatcher, Policy
from domain.orders import OrderDesk
from domain.people import People
from domain.ports.clock import Clock
from domain.ports.state import StateStore
from domain.posters import Posters
from domain.privacy import Privacy
from domain.reference import Reference
from domain.relay import Relay
from domain.roles import Authority
from domain.shop import Shop
from domain.staff import Staff
from domain.stats import StatsDesk
from domain.sweep import Sweep
from domain.visits import ArrivalDue, VisitDesk
from domain.voice import VoiceNotes
from domain.wishes import WishDesk
from handlers import activity_notices, complaints, digests, menus
from handlers import visits as visit_handlers
from handlers.kit import render
from handlers.kit.context import Services
from handlers.kit.ports import Messenger
from handlers.kit.router import Router
from handlers.notices import Notices
from handlers.setup import build_router
from locales import Translator, default_translator
from storage import SqlDatabase
from storage.migrate import upgrade
from storage.sql.ops import orders_by_status, ping
from storage.state_factory import StateBackends, open_state

log = logging.getLogger(__name__)

# Keep expired conversations a day past their TTL so the user can be told they expired.
EXPIRED_GRACE = 24 * 3600.0

# A task that runs beside the update loop until the event is set (sweeper, janitor, ...).
Background = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


def _policy(settings: Settings, timezone: ZoneInfo) -> Policy:
    return Policy(
        wave_size=settings.dispatch_wave_size,
        offer_timeout=timedelta(seconds=settings.offer_timeout),
        dispatch_deadline=timedelta(seconds=settings.dispatch_deadline),
        escalation_deadline=timedelta(seconds=settings.escalation_deadline),
        rating_reminder=timedelta(seconds=settings.rating_reminder),
        timezone=timezone,
    )


def delivery_of(settings: Settings) -> Delivery:
    """How the drainer retries, gives up and floods, as the settings say (the test
    harness builds its drainer with the same)."""
    return Delivery(
        max_tries=settings.handler_max_tries,
        backoff=settings.retry_backoff,
        backoff_max=settings.retry_backoff_max,
        turn_updates=settings.drain_turn_updates,
        flood_limit=settings.flood_limit,
    )


def build_services(
    settings: Settings,
    db: SqlDatabase,
    states: StateStore,
    messenger: Messenger,
    clock: Clock,
    tr: Translator | None = None,
) -> Services:
    """Everything the handlers use, on one database, state store and messenger: the
    app's assembly, and the in-process tests' too, so the two cannot drift apart.
    `tr` replaces the process's shared `Translator` (other locale files)."""
    tr = tr or default_translator()
    timezone = ZoneInfo(settings.timezone)
    # The catalogue and site tree, cached once per process for the flows, the
    # desk, the dispatcher and every power's scope; every commit that edits them
    # drops the copy.
    reference = Reference(db, clock)
    db.on_commit(reference.changed)
    authority = Authority(settings.admin_ids, reference)
    dispatcher = Dispatcher(
        clock, _policy(settings, timezone), settings.admin_ids, reference=reference
    )
    desk = OrderDesk(db, clock, authority, dispatcher, reference=reference)
    return Services(
        people=People(db, authority),
        desk=desk,
        reference=reference,
        engine=Engine(
            states,
            ALL_FLOWS,
            clock,
            settings.conversation_ttl,
            lambda locale, choice: render.label(tr, locale, choice),
        ),
        tr=tr,
        messengers={TELEGRAM: messenger},  # the one channel served today
        clock=clock,
        bot_id=settings.bot_id,
        default_locale=settings.default_locale,
        timezone=timezone,
        applications=Applications(db, clock, authority),
        invites=Invites(
            db, clock, authority, settings.invite_key(), timedelta(seconds=settings.invite_ttl)
        ),
        bot_username=BotIdentity(settings).username,
        privacy=Privacy(db, clock, desk),
        staff=Staff(db, authority, clock),
        catalog=CatalogEditor(db, authority, clock),
        audit=Audit(db, authority),
        visits=VisitDesk(db, clock, dispatcher, reference, timezone),
        activities=Activities(
            db,
            clock,
            authority,
            derive_key(settings.invite_key().hex(), activity_codes.PURPOSE),
            offer_ttl=timedelta(seconds=settings.activity_offer_time),
            venue_radius_km=settings.activity_venue_radius / 1000,
            check_in_window=timedelta(seconds=settings.activity_checkin_window),
        ),
        complaints=Complaints(db, clock, dispatcher, settings.admin_ids, reference=reference),
        relay=Relay(db, clock, authority),
        checkins=Checkins(
            db,
            clock,
            authority,
            reference,
            settings.checkin_key(),
            settings.checkin_radius,
            timedelta(seconds=settings.checkin_token_ttl),
        ),
        digests=Digests(db, clock, authority, timezone),
        candidates=Candidates(db, authority, dispatcher),
        ledger=Ledger(db, clock, authority, timezone),
        shop=Shop(db, clock, authority),
        broadcasts=Broadcasts(db, clock, authority),
        menus=Menus(db, authority, clock),
        voice=VoiceNotes(db),
        wishes=WishDesk(db, clock, authority, desk, reference),
        stats=StatsDesk(db, authority, reference, timezone),
        exports=Exports(db, clock, authority, timezone),
        posters=Posters(db, authority),
        households=Households(db, clock, authority),
        honour=Honour(db, clock, authority, timezone),
        certificates=Certificates(
            db, clock, authority, derive_key(settings.invite_key().hex(), CERTIFICATES)
        ),
    )


def build_sweeper(services: Services, db: SqlDatabase, interval: float) -> Sweeper:
    """The deadline kinds, each registered by the module that owns it, and who tells
    people about each kind of outcome. A new kind registers here and, if it returns
    a new outcome type, brings that type's notifier."""
    kinds = DeadlineKinds()
    services.desk.dispatcher.register(kinds)
    services.visits.register(kinds)
    services.activities.register(kinds)
    services.complaints.register(kinds)
    services.digests.register(kinds)
    # `notify.dispatched`, but a rating reminder asks "did it happen?" first if unanswered.
    notifiers = (
        Notifiers()
        .add(Dispatched, visit_handlers.dispatched)
        .add(ArrivalDue, visit_handlers.remind)
        .add(OfferLapsed, activity_notices.lapsed)
        .add(Reminded, activity_notices.reminded)
        .add(Unclaimed, complaints.unclaimed)
        .add(UnclaimedDigest, complaints.digest)
        .add(Digest, digests.digest)
    )
    return Sweeper(services, Sweep(db, services.clock, kinds), notifiers, interval)


async def _sync_menus(services: Services, stop: asyncio.Event) -> None:
    """Once at start-up: the command menus of everyone whose role or language changed
    (`handlers.menus`), paced by the send limiter beside the replies."""
    try:
        await menus.sync_all(services)
    except Exception as error:  # the next start-up, or the next change, tries again
        log.error("command menus not synced: %s", described(error))


@dataclass(slots=True)
class App:
    settings: Settings
    db: SqlDatabase
    state: StateBackends
    transport: Transport
    router: Router
    sweeper: Sweeper
    metrics: Metrics
    drainer: ChatDrainer
    intake: Intake
    poller: Poller
    guard: PressGuard
    web: WebServer | None = None  # webhook mode only: the webhook, /healthz, /metrics
    background: list[Background] = field(default_factory=list)
    # Set once the webhook is registered and served (webhook mode only).
    serving: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    async def create(
        cls,
        settings: Settings,
        *,
        clock: Clock | None = None,
        limits: RateLimits | None = None,
        migrate: bool = True,
        tr: Translator | None = None,
    ) -> App:
        hold_library_logs()
        clock = clock or SystemClock()
        if migrate:
            await upgrade(settings.database_url, timezone=settings.timezone)
        db = SqlDatabase.from_url(
            settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            timezone=settings.timezone,
        )
        state = await open_state(
            settings.redis_url,
            ttl=settings.conversation_ttl + EXPIRED_GRACE,
            prefix=settings.redis_prefix,
            flood_window=settings.flood_window,
            database=db.engine,  # the inbox, when there is no Redis
            lock_lease=settings.chat_lease,
            redis_retries=settings.redis_retries,
        )
        probes: dict[str, Probe] = {"sql": partial(ping, db.engine), state.kind: state.ping}
        metrics = Metrics(partial(orders_by_status, db.engine), probes)
        if limits is None:
            limits = RateLimits.unlimited() if settings.send_limits == "off" else RateLimits.paced()
        # With Redis, every worker of this bot token paces against the same buckets.
        shared = None
        if state.redis is not None and settings.send_limits != "off":
            shared = RedisRateLimiter(
                state.redis,
                settings.bot_token.get_secret_value(),
                limits,
                prefix=settings.redis_prefix,
            )
        options = TransportOptions(
            limits=limits,
            on_error=metrics.api_error,
            send_budget=settings.send_budget,
            backoff=Backoff(settings.send_backoff, settings.send_backoff_max),
            limiter=shared,
        )
        transport = make_transport(settings, options)
        await transport.start()
        # Answers a press that waited too long for its turn; handlers speak through it.
        guard = PressGuard(
            transport.messenger, settings.early_answer_after, metrics.press_answered_early
        )
        services = build_services(settings, db, state.states, guard, clock, tr)
        sweeper = build_sweeper(services, db, settings.sweep_interval)
        router = build_router(services)
        backlog = Backlog()
        drainer = ChatDrainer(
            state.inbox,
            settings.bot_id,
            backlog.tracking(metrics.timed(router.handle)),
            janitor_every=settings.janitor_interval,
            delivery=delivery_of(settings),
            notices=Notices(services),
            flood=state.flood,
            count=metrics.delivery_event,
            skipped=backlog.closed,  # else each update the flood limit drops stays counted
        )
        intake = Intake(
            transport.parse,
            drainer,
            backlog,
            guard=guard,
            count_unreadable=metrics.unreadable_updates,
            track=not settings.webhook_url,
        )
        poller = Poller(transport, intake, wait=options.poll_timeout, backoff=options.backoff)
        web = web_server(settings, intake, probes, metrics) if settings.webhook_url else None
        app = cls(
            settings,
            db,
            state,
            transport,
            router,
            sweeper,
            metrics,
            drainer,
            intake,
            poller,
            guard,
            web,
        )
        app.add_background(sweeper.run)
        app.add_background(Broadcaster(services, settings.broadcast_interval).run)
        app.add_background(partial(_sync_menus, services))
        app.add_background(drainer.janitor)
        return app

    def add_background(self, task: Background) -> None:
        """Run `task(stop)` beside the update loop from `run` on; it must return once
        `stop` is set."""
        self.background.append(task)

    async def run(self, stop: asyncio.Event) -> None:
        """Serve updates (polling, or the webhook server when WEBHOOK_URL is set) and
        the background tasks until `stop` is set."""
        tasks = [asyncio.create_task(task(stop)) for task in self.background]
        try:
            if self.web is not None:
                await serve_webhook(self.settings, self.transport, self.web, stop, self.serving)
            else:
                await self.poller.run(stop)
        finally:
            stop.set()
            self.guard.close()
            for failed in await asyncio.gather(*tasks, return_exceptions=True):
                if isinstance(failed, BaseException):
                    log.error("background task failed: %s", described(failed))
            if self.state.kind == "memory":
                # The inbox keeps what is left (SQL), but the conversations it
                # continues die with the process: finish it while they are here.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.settings.stop_grace):
                        await self.intake.backlog.below(1)
            await self.drainer.close(self.settings.stop_grace)

    async def close(self) -> None:
        await self.transport.close()
        await self.state.close()
        await self.db.dispose()
