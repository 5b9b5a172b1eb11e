"""The port of the privacy part: reading all of a person's data, and erasing it.

`Tx` (`domain.ports.database`) names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from domain.models import Application, Offer, Order, OrderEvent, RoleGrant


class PrivacyRepo(Protocol):
    async def mark_notice(self, user_id: int, at: datetime) -> None:
        """Record that the privacy notice was shown to the user."""
        ...

    async def grants(self, user_id: int) -> list[RoleGrant]: ...

    async def orders_of(self, resident_id: int) -> list[Order]:
        """Every order the user placed, oldest first (not only the latest few)."""
        ...

    async def tasks_of(self, volunteer_id: int) -> list[Order]:
        """Every order the user served or holds as a volunteer, oldest first."""
        ...

    async def events_of(self, order_ids: Iterable[int]) -> list[OrderEvent]:
        """The audit rows of these orders, by order and then in their sequence."""
        ...

    async def offers_to(self, volunteer_id: int) -> list[Offer]:
        """Every offer made to the user, by id."""
        ...

    async def applications_of(self, user_id: int) -> list[Application]:
        """The user's volunteer applications, oldest first."""
        ...

    async def erase(self, user_id: int) -> None:
        """Blank the user's name, username, phone, home site and notice, the phone,
        details, location and comment of every order they placed, and take their
        volunteer row (if any) out of dispatch. Orders, statuses, categories, sites,
        ratings and hours stay, for the statistics. Typed reasons by or about them
        (audit_log `reason`, order notes) lose their words for an erased marker; the
        entries' ids, actions and times stay for the auditor."""
        ...

    async def forget_recognition(self, user_id: int, at: datetime) -> int:
        """Blank the notes and photos of awards to the households they head or belong
        to, and erase (to NULL, recorded at `at`) the typed reasons of ledger
        transactions on their accounts, those households', or made by them. Every
        transaction and entry stays: the sums do not move. How many reasons went."""
        ...
