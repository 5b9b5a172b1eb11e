"""`GET /healthz`: can this worker reach what it needs?

Each part is asked with a short timeout; the answer names every part that failed,
so a load balancer takes the worker out and an operator sees why.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

Probe = Callable[[], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Health:
    failing: dict[str, str]  # part -> why

    @property
    def ok(self) -> bool:
        return not self.failing

    def text(self, parts: list[str]) -> str:
        lines = [f"{part}: {self.failing.get(part, 'ok')}" for part in parts]
        return "\n".join(lines) + "\n"


async def check(probes: Mapping[str, Probe], limit: float = 2.0) -> Health:
    """Run every probe at once; a probe fails by raising, returning False or timing out."""

    async def one(probe: Probe) -> str | None:
        try:
            async with asyncio.timeout(limit):
                answer = await probe()
        except TimeoutError:
            return f"no answer within {limit:g} s"
        except Exception as exc:  # whatever the driver raises, the part is down
            return f"{type(exc).__name__}: {exc}"[:200]
        return "answered false" if answer is False else None

    results = await asyncio.gather(*(one(probe) for probe in probes.values()))
    failing = {part: why for part, why in zip(probes, results, strict=True) if why is not None}
    if failing:
        log.warning("health check failing: %s", failing)
    return Health(failing)
