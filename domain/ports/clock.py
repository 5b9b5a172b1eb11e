"""The clock port: time, injected so tests move it (`domain.clock` has both clocks)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Time, injectable so tests move it instead of sleeping. Always timezone-aware UTC."""

    def now(self) -> datetime: ...
