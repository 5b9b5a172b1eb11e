"""The bot's Prometheus metrics, on a registry of its own (one per App: tests build many).

Counters and the latency histogram move as the bot works; orders by status is
a SQL count taken when Prometheus scrapes, so it is never stale nor kept in memory.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from handlers.ports import Inbound

CountOrders = Callable[[], Awaitable[dict[str, int]]]
Handler = Callable[[Inbound], Awaitable[None]]

# Handlers talk to SQL and the Bot API: milliseconds to a few seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self, count_orders: CountOrders | None = None) -> None:
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
        self._count_orders = count_orders

    def api_error(self, code: int) -> None:
        self.api_errors.labels(code=str(code)).inc()

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
        """The text exposition format, orders counted now."""
        if self._count_orders is not None:
            counts = await self._count_orders()
            self.orders.clear()  # a status with no orders left must not keep its last value
            for status, count in counts.items():
                self.orders.labels(status=status).set(count)
        return generate_latest(self.registry)
