"""In-process `FloodGate`: each user's updates counted per window, as Redis does.

A window opens with a user's first update and lasts `window` seconds on the
injected clock. Windows are kept in the order they opened, which with one length
for all is the order they end, so dropping ended ones is popping from the front.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class MemoryFloodGate:
    def __init__(self, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        if window <= 0:
            raise ValueError("window must be positive")
        self.window = window
        self._clock = clock
        self._counts: OrderedDict[tuple[int, int], tuple[float, int]] = OrderedDict()

    def __len__(self) -> int:
        """Windows held (for tests: ended ones are dropped as others are counted)."""
        return len(self._counts)

    async def hit(self, bot_id: int, user_id: int) -> int:
        now = self._clock()
        while self._counts:
            ends, _ = next(iter(self._counts.values()))
            if ends > now:
                break
            self._counts.popitem(last=False)
        key = (bot_id, user_id)
        ends, count = self._counts.get(key, (now + self.window, 0))
        self._counts[key] = (ends, count + 1)
        return count + 1
