"""Volunteer applications: filed by a resident, decided once by a coordinator; the
coordinators' notices about each; and the invite tokens already used."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update

from domain.models import Application, ApplicationStatus, Notice
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import application_notices, applications, invite_uses, users

_PENDING = str(ApplicationStatus.PENDING)


def _select() -> Select[Any]:
    return select(*applications.c, users.c.first_name).join(
        users, users.c.id == applications.c.user_id
    )


def _to_application(row: Any) -> Application:
    return Application(
        id=row.id,
        user_id=row.user_id,
        site_id=row.site_id,
        status=ApplicationStatus(row.status),
        created_at=row.created_at,
        team_id=row.team_id,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        first_name=row.first_name or "",
        reason_code=row.reason_code,
        reason=row.reason,
    )


class SqlApplicationRepo(SqlRepo):
    async def create(
        self, user_id: int, site_id: int, now: datetime, team_id: int | None = None
    ) -> Application | None:
        # The partial unique index (one pending per user) turns a second filing,
        # even one racing this, into a no-op instead of an error.
        stmt = self._insert(applications).values(
            user_id=user_id, site_id=site_id, team_id=team_id, status=_PENDING, created_at=now
        )
        row = (
            await self._s.execute(stmt.on_conflict_do_nothing().returning(applications.c.id))
        ).first()
        return None if row is None else await self.get(row.id)

    async def get(self, application_id: int) -> Application | None:
        row = (await self._s.execute(_select().where(applications.c.id == application_id))).first()
        return None if row is None else _to_application(row)

    async def pending_of(self, user_id: int) -> Application | None:
        stmt = _select().where(applications.c.user_id == user_id, applications.c.status == _PENDING)
        row = (await self._s.execute(stmt)).first()
        return None if row is None else _to_application(row)

    async def pending_at(self, site_ids: Iterable[int], limit: int = 50) -> list[Application]:
        stmt = (
            _select()
            .where(applications.c.status == _PENDING, applications.c.site_id.in_(list(site_ids)))
            .order_by(applications.c.created_at, applications.c.id)
            .limit(limit)
        )
        return [_to_application(r) for r in await self._s.execute(stmt)]

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
        values: dict[str, Any] = {
            "status": str(status),
            "decided_by": decided_by,
            "decided_at": now,
            "reason_code": reason_code,
            "reason": reason,
        }
        if team_id is not None:  # else the team asked for stays on record
            values["team_id"] = team_id
        stmt = (
            update(applications)
            .where(applications.c.id == application_id, applications.c.status == _PENDING)
            .values(**values)
            .returning(applications.c.id)
        )
        row = (await self._s.execute(stmt)).first()
        return None if row is None else await self.get(row.id)

    async def add_notices(self, application_id: int, notices: Iterable[Notice]) -> None:
        rows = [
            {"application_id": application_id, "user_id": n.user_id, "message_id": n.message_id}
            for n in notices
        ]
        if rows:
            stmt = self._insert(application_notices).values(rows)
            await self._s.execute(
                stmt.on_conflict_do_update(
                    index_elements=[
                        application_notices.c.application_id,
                        application_notices.c.user_id,
                    ],
                    set_={"message_id": stmt.excluded.message_id},
                )
            )

    async def notices(self, application_id: int) -> list[Notice]:
        stmt = (
            select(application_notices.c.user_id, application_notices.c.message_id)
            .where(application_notices.c.application_id == application_id)
            .order_by(application_notices.c.user_id)
        )
        return [Notice(r.user_id, r.message_id) for r in await self._s.execute(stmt)]


class SqlInviteRepo(SqlRepo):
    async def use(self, token_id: str, team_id: int, user_id: int, now: datetime) -> bool:
        # The primary key decides a race: a second insert, even a concurrent one,
        # inserts nothing and so returns no row.
        stmt = (
            self._insert(invite_uses)
            .values(token_id=token_id, team_id=team_id, user_id=user_id, used_at=now)
            .on_conflict_do_nothing()
            .returning(invite_uses.c.token_id)
        )
        return (await self._s.execute(stmt)).first() is not None
