"""The bot's Prometheus metrics, on a registry of its own (one per App: tests build many).

Counters and the latency histogram move as the bot works; orders by status is
a SQL count taken when Prometheus scrapes, so it is never stale nor kept in memory.
Each scrape also asks the backends (the `/healthz` probes) and says which are up, so
the page answers while PostgreSQL or Redis is down: that is when it matters most.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from handlers.kit.ports import Inbound

from .health import Probe, check

log = logging.getLogger(__name__)

CountOrders = Callable[[], Awaitable[dict[str, int]]]
Handler = Callable[[Inbound], Awaitable[None]]

# Handlers talk to SQL and the Bot API: milliseconds to a few seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST
SCRAPE_LIMIT = 2.0  # seconds for each backend, and for counting the orders


class Metrics:
    def __init__(
        self,
        count_orders: CountOrders | None = None,
        probes: Mapping[str, Probe] | None = None,
    ) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.updates = Counter(
            "civic_updates_handled",
            "Updates handled, by kind.",
            ["kind"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "civic_handler_seconds",
            "Time to handle one update.",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.api_errors = Counter(
            "civic_botapi_errors",
            "Bot API calls answered with an error, by error code.",
            ["code"],
            registry=self.registry,
        )
        self.delivery = Counter(
            "civic_delivery_events",
            "Updates not simply handled: kept after an outage or a failure (retried),"
            " set aside, or dropped by the flood limit.",
            ["event"],
            registry=self.registry,
        )
        self.orders = Gauge(
            "civic_orders",
            "Orders by status (counted at scrape).",
            ["status"],
            registry=self.registry,
        )
        self.unreadable = Counter(
            "civic_updates_unreadable",
            "Updates the transport could not parse, set aside in the inbox.",
            registry=self.registry,
        )
        self.early_answers = Counter(
            "civic_presses_answered_early",
            "Button presses answered with no text because their turn came too late.",
            registry=self.registry,
        )
        self.backends_up = Gauge(
            "civic_backend_up",
            "1 when the backend answered at scrape, 0 when it did not.",
            ["backend"],
            registry=self.registry,
        )
        self._count_orders = count_orders
        self._probes = dict(probes or {})

    def api_error(self, code: int) -> None:
        self.api_errors.labels(code=str(code)).inc()

    def unreadable_updates(self, count: int) -> None:
        self.unreadable.inc(count)

    def press_answered_early(self) -> None:
        self.early_answers.inc()

    def delivery_event(self, event: str) -> None:
        """One of "outage", "failure", "set_aside", "flood" (see bot/drainer.py)."""
        self.delivery.labels(event=event).inc()

    def timed(self, handle: Handler) -> Handler:
        """`handle`, counted by kind and timed."""

        async def measured(inbound: Inbound) -> None:
            started = time.perf_counter()
            try:
                await handle(inbound)
            finally:
                self.latency.observe(time.perf_counter() - started)
                self.updates.labels(kind=inbound.kind.value).inc()

        return measured

    async def render(self) -> bytes:
        """The text exposition format, backends asked and orders counted now. A
        backend down is a 0, never an error; orders that could not be counted are
        left out rather than shown stale."""
        health = await check(self._probes, SCRAPE_LIMIT)
        for backend in self._probes:
            self.backends_up.labels(backend=backend).set(0 if backend in health.failing else 1)
        if self._count_orders is not None:
            self.orders.clear()  # a status with no orders left must not keep its last value
            for status, count in (await self._orders()).items():
                self.orders.labels(status=status).set(count)
        return generate_latest(self.registry)

    async def _orders(self) -> dict[str, int]:
        assert self._count_orders is not None
        try:
            async with asyncio.timeout(SCRAPE_LIMIT):
                return await self._count_orders()
        except Exception as exc:  # SQL down: the page still answers, without the counts
            log.warning("orders not counted for /metrics: %s", type(exc).__name__)
            return {}
