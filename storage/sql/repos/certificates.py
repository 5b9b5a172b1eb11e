"""Volunteer service certificates: requests and decisions, and the facts a record holds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from domain.certificate_models import CategoryMinutes, Certificate, CertStatus, ServiceFacts
from domain.ledger_models import AccountKind
from domain.models import OrderStatus
from storage.sql.repos import ledger_rollups
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import (
    categories,
    certificates,
    ledger_accounts,
    ledger_balances,
    ledger_entries,
    orders,
    teams,
    users,
    volunteers,
)

DONE = (str(OrderStatus.DONE), str(OrderStatus.RATED))


def _cert(row: Any) -> Certificate:
    return Certificate(
        id=row.id,
        person_id=row.person_id,
        status=CertStatus(row.status),
        requested_at=row.requested_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        code=row.code,
        minutes=row.minutes,
        record=row.record,
    )


class SqlCertificateRepo(SqlRepo):
    async def add(self, person_id: int, at: datetime) -> Certificate:
        stmt = (
            certificates.insert()
            .values(person_id=person_id, status=str(CertStatus.PENDING), requested_at=at)
            .returning(*certificates.c)
        )
        return _cert((await self._s.execute(stmt)).one())

    async def get(self, cert_id: int) -> Certificate | None:
        row = (
            await self._s.execute(select(certificates).where(certificates.c.id == cert_id))
        ).first()
        return None if row is None else _cert(row)

    async def pending_of(self, person_id: int) -> Certificate | None:
        stmt = select(certificates).where(
            certificates.c.person_id == person_id,
            certificates.c.status == str(CertStatus.PENDING),
        )
        row = (await self._s.execute(stmt.limit(1))).first()
        return None if row is None else _cert(row)

    async def decide(
        self,
        cert_id: int,
        status: CertStatus,
        by: int,
        at: datetime,
        code: str | None = None,
        minutes: int | None = None,
        record: dict[str, Any] | None = None,
    ) -> bool:
        done = await self._s.execute(
            update(certificates)
            .where(certificates.c.id == cert_id, certificates.c.status == str(CertStatus.PENDING))
            .values(
                status=str(status),
                decided_by=by,
                decided_at=at,
                code=code,
                minutes=minutes,
                record=record,
            )
        )
        return done.rowcount == 1

    async def of_person(self, person_id: int) -> list[Certificate]:
        stmt = (
            select(certificates)
            .where(certificates.c.person_id == person_id)
            .order_by(certificates.c.id)
        )
        return [_cert(r) for r in await self._s.execute(stmt)]

    async def facts(self, person_id: int) -> ServiceFacts | None:
        who = (
            await self._s.execute(
                select(users.c.first_name, teams.c.name_zh, teams.c.name_en, teams.c.site_id)
                .select_from(volunteers)
                .join(users, users.c.id == volunteers.c.user_id)
                .join(teams, teams.c.id == volunteers.c.team_id)
                .where(volunteers.c.user_id == person_id)
            )
        ).first()
        if who is None:
            return None
        hours = (
            select(ledger_accounts.c.id)
            .where(
                ledger_accounts.c.kind == str(AccountKind.HOURS),
                ledger_accounts.c.owner_id == person_id,
            )
            .scalar_subquery()
        )
        minutes = (
            await self._s.execute(
                select(ledger_balances.c.balance).where(ledger_balances.c.account_id == hours)
            )
        ).scalar_one_or_none()
        span = (
            await self._s.execute(
                select(func.min(ledger_entries.c.at), func.max(ledger_entries.c.at)).where(
                    ledger_entries.c.account_id == hours, ledger_entries.c.amount > 0
                )
            )
        ).one()
        done = orders.c.volunteer_id == person_id, orders.c.status.in_(DONE)
        by_minutes = await ledger_rollups.person_minutes_by_category(self._s, person_id)
        names = await self._s.execute(
            select(categories.c.code, categories.c.name_zh, categories.c.name_en)
            .where(categories.c.code.in_(sorted(by_minutes)))
            .order_by(categories.c.code)
        )
        tally = (
            await self._s.execute(select(func.count(), func.avg(orders.c.rating)).where(*done))
        ).one()
        return ServiceFacts(
            name=who.first_name or "",
            team_zh=who.name_zh,
            team_en=who.name_en,
            site_id=int(who.site_id),
            minutes=int(minutes or 0),
            categories=[CategoryMinutes(code, zh, en, by_minutes[code]) for code, zh, en in names],
            first_at=span[0],
            last_at=span[1],
            tasks=int(tally[0]),
            rating=None if tally[1] is None else round(float(tally[1]), 1),
        )
