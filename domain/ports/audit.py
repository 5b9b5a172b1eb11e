"""Port of the audit trail: append an entry, read a scope newest first.

`Tx` (`domain.ports.database`) names it. It has no update and no delete: the
trail is append-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Protocol

from domain.audit_models import AuditAction, AuditEntry, AuditValue
from domain.models import LocalName


class AuditRepo(Protocol):
    async def append(
        self,
        at: datetime,
        actor_id: int,
        action: AuditAction,
        site_id: int | None,
        subject: str,
        details: Mapping[str, AuditValue],
    ) -> AuditEntry: ...

    async def recent(
        self,
        site_ids: Iterable[int] | None,
        *,
        county: bool,
        before: int | None = None,
        limit: int = 20,
    ) -> list[AuditEntry]:
        """Newest first: entries at one of `site_ids` (None: at any site), plus the
        county-wide ones (no site) when `county`; only ids below `before` if given."""
        ...

    async def names(self, user_ids: Iterable[int]) -> dict[int, str]:
        """First names of the known users among `user_ids`; one query."""
        ...

    async def team_names(self, team_ids: Iterable[int]) -> dict[int, LocalName]:
        """Names of the existing teams among `team_ids`; one query."""
        ...
