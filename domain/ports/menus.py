"""What the command menus need from storage: which menu each person was last given."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class MenuRepo(Protocol):
    async def given(self, person_id: int) -> str | None:
        """The menu code last set in the person's chat; None: the default menus."""
        ...

    async def swap(self, person_id: int, was: str | None, menu: str | None, at: datetime) -> bool:
        """Compare-and-set the person's menu code from `was` to `menu` (None: no row);
        True if this call changed it (so this caller sets it, once across workers)."""
        ...

    async def people(self) -> list[int]:
        """Everyone who may need a menu of their own: volunteers, role holders, and
        whoever was given one before."""
        ...
