"""The flood gate: each user's updates counted per window, shared by every worker."""

from __future__ import annotations

from typing import Protocol


class FloodGate(Protocol):
    """Counts each user's updates per window, shared by every worker (per bot)."""

    window: float  # seconds a window lasts, from the first update counted in it

    async def hit(self, bot_id: int, user_id: int) -> int:
        """Count one more update of `user_id`; how many the window now holds (1: the
        first, which opened it)."""
        ...
