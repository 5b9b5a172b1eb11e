"""The audit trail: one INSERT per recorded action, read newest first by subtree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from domain.audit import AuditAction, AuditEntry, AuditValue
from domain.models import LocalName
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import name_of
from storage.sql.tables import audit_log, teams, users


def _to_entry(row: Any) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor_id=row.actor_id,
        action=AuditAction(row.action),
        site_id=row.site_id,
        subject=row.subject,
        details=dict(row.details or {}),
    )


class SqlAuditRepo(SqlRepo):
    async def append(
        self,
        at: datetime,
        actor_id: int,
        action: AuditAction,
        site_id: int | None,
        subject: str,
        details: Mapping[str, AuditValue],
    ) -> AuditEntry:
        stmt = (
            audit_log.insert()
            .values(
                at=at,
                actor_id=actor_id,
                action=str(action),
                site_id=site_id,
                subject=subject,
                details=dict(details),
            )
            .returning(audit_log.c.id)
        )
        entry_id = (await self._s.execute(stmt)).scalar_one()
        return AuditEntry(entry_id, at, actor_id, action, site_id, subject, dict(details))

    async def recent(
        self,
        site_ids: Iterable[int] | None,
        *,
        county: bool,
        before: int | None = None,
        limit: int = 20,
    ) -> list[AuditEntry]:
        stmt = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if site_ids is not None:
            at_sites = audit_log.c.site_id.in_(list(site_ids))
            stmt = stmt.where(or_(at_sites, audit_log.c.site_id.is_(None)) if county else at_sites)
        elif not county:
            stmt = stmt.where(audit_log.c.site_id.is_not(None))
        if before is not None:
            stmt = stmt.where(audit_log.c.id < before)
        return [_to_entry(r) for r in await self._s.execute(stmt)]

    async def names(self, user_ids: Iterable[int]) -> dict[int, str]:
        wanted = list(user_ids)
        if not wanted:
            return {}
        rows = await self._s.execute(
            select(users.c.id, users.c.first_name).where(users.c.id.in_(wanted))
        )
        return {r.id: r.first_name for r in rows}

    async def team_names(self, team_ids: Iterable[int]) -> dict[int, LocalName]:
        wanted = list(team_ids)
        if not wanted:
            return {}
        rows = await self._s.execute(
            select(teams.c.id, teams.c.name_zh, teams.c.name_en).where(teams.c.id.in_(wanted))
        )
        return {r.id: name_of(r) for r in rows}
