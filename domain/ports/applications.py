"""Applications to volunteer, the invites that skip them, and the notices sent about them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from domain.models import Application, ApplicationStatus, Notice


class ApplicationRepo(Protocol):
    async def create(
        self, user_id: int, site_id: int, now: datetime, team_id: int | None = None
    ) -> Application | None:
        """File a pending application; None when the user already has one pending."""
        ...

    async def get(self, application_id: int) -> Application | None: ...

    async def pending_of(self, user_id: int) -> Application | None: ...

    async def pending_at(self, site_ids: Iterable[int], limit: int = 50) -> list[Application]:
        """Pending applications at one of `site_ids`, oldest first."""
        ...

    async def decide(
        self,
        application_id: int,
        status: ApplicationStatus,
        decided_by: int,
        now: datetime,
        team_id: int | None = None,
        reason_code: str | None = None,
        reason: str | None = None,
    ) -> Application | None:
        """Compare-and-set from pending; None when someone decided it first.

        `team_id` None keeps the team the application already names."""
        ...

    async def add_notices(self, application_id: int, notices: Iterable[Notice]) -> None:
        """Remember the Approve / Reject messages sent about an application."""
        ...

    async def notices(self, application_id: int) -> list[Notice]:
        """Those messages, by coordinator."""
        ...


class InviteRepo(Protocol):
    async def use(self, token_id: str, team_id: int, user_id: int, now: datetime) -> bool:
        """Mark an invite token used; False when it already was (even by a racing use)."""
        ...
