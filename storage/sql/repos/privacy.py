"""Everything stored about one person, read at once for /mydata and erased for /forgetme."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, or_, select, update

from domain import notes
from domain.audit_models import REASON_ERASED, AuditAction
from domain.models import Application, ApplicationStatus, Offer, Order, OrderEvent, RoleGrant
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.roles import SqlRoleRepo
from storage.sql.repos.rows import to_event, to_offer, to_order
from storage.sql.tables import (
    applications,
    audit_log,
    certificates,
    offers,
    order_details,
    order_events,
    orders,
    users,
    visit_notes,
    volunteers,
)


class SqlPrivacyRepo(SqlRepo):
    async def mark_notice(self, user_id: int, at: datetime) -> None:
        await self._s.execute(update(users).where(users.c.id == user_id).values(notice_at=at))

    async def grants(self, user_id: int) -> list[RoleGrant]:
        return await SqlRoleRepo(self._s, self._dialect).grants(user_id)

    async def orders_of(self, resident_id: int) -> list[Order]:
        rows = await self._s.execute(
            select(orders)
            .where(orders.c.resident_id == resident_id)
            .order_by(orders.c.created_at, orders.c.id)
        )
        return [to_order(r) for r in rows]

    async def tasks_of(self, volunteer_id: int) -> list[Order]:
        rows = await self._s.execute(
            select(orders)
            .where(orders.c.volunteer_id == volunteer_id)
            .order_by(orders.c.created_at, orders.c.id)
        )
        return [to_order(r) for r in rows]

    async def events_of(self, order_ids: Iterable[int]) -> list[OrderEvent]:
        wanted = sorted(set(order_ids))
        if not wanted:
            return []
        rows = await self._s.execute(
            select(order_events)
            .where(order_events.c.order_id.in_(wanted))
            .order_by(order_events.c.order_id, order_events.c.id)
        )
        return [to_event(r) for r in rows]

    async def offers_to(self, volunteer_id: int) -> list[Offer]:
        rows = await self._s.execute(
            select(offers).where(offers.c.volunteer_id == volunteer_id).order_by(offers.c.id)
        )
        return [to_offer(r) for r in rows]

    async def applications_of(self, user_id: int) -> list[Application]:
        rows = await self._s.execute(
            select(applications)
            .where(applications.c.user_id == user_id)
            .order_by(applications.c.created_at, applications.c.id)
        )
        return [
            Application(
                id=r.id,
                user_id=r.user_id,
                site_id=r.site_id,
                status=ApplicationStatus(r.status),
                created_at=r.created_at,
                team_id=r.team_id,
                decided_by=r.decided_by,
                decided_at=r.decided_at,
            )
            for r in rows
        ]

    async def erase(self, user_id: int) -> None:
        await self._s.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(first_name="", username=None, phone=None, home_site_id=None, notice_at=None)
        )
        await self._s.execute(
            update(orders)
            .where(orders.c.resident_id == user_id)
            .values(phone=None, details="", lat=None, lon=None, comment=None)
        )
        await self._s.execute(
            update(volunteers).where(volunteers.c.user_id == user_id).values(active=False)
        )
        # Their certificates keep the hours (a `/verify` still answers), not the name.
        issued = await self._s.execute(
            select(certificates.c.id, certificates.c.record).where(
                certificates.c.person_id == user_id, certificates.c.record.is_not(None)
            )
        )
        for cert_id, record in issued.all():
            await self._s.execute(
                update(certificates)
                .where(certificates.c.id == cert_id)
                .values(record={**dict(record), "name": ""})
            )
        # Notes volunteers left about their home ("家里有狗") go with them.
        await self._s.execute(delete(visit_notes).where(visit_notes.c.person_id == user_id))
        # The house, the pin and the person it was for, on orders they placed or that
        # were placed for them; what stays (at home or not, the part of the day, who
        # entered it) names nobody.
        placed = select(orders.c.id).where(orders.c.resident_id == user_id)
        await self._s.execute(
            update(order_details)
            .where(
                or_(order_details.c.order_id.in_(placed), order_details.c.beneficiary_id == user_id)
            )
            .values(
                address="",
                pinned=False,
                beneficiary_name=None,
                beneficiary_relation=None,
                beneficiary_phone=None,
                beneficiary_id=None,
            )
        )
        await self._scrub_reasons(user_id)

    async def _scrub_reasons(self, user_id: int) -> None:
        """Typed reasons by or about the person lose their words, keep who/what/when.

        About them: the reasons on orders they placed or served, and on their own
        applications; by them: every reason they typed. The rows stay (ids, codes,
        times); only the free text goes, for a marker the readers render."""
        order_ids = [
            r.id
            for r in await self._s.execute(
                select(orders.c.id).where(
                    or_(orders.c.resident_id == user_id, orders.c.volunteer_id == user_id)
                )
            )
        ]
        application_ids = [
            str(r.id)
            for r in await self._s.execute(
                select(applications.c.id).where(applications.c.user_id == user_id)
            )
        ]
        # The rejection's typed words are on the application too; its code stays.
        await self._s.execute(
            update(applications).where(applications.c.user_id == user_id).values(reason=None)
        )
        about = or_(
            (audit_log.c.action == str(AuditAction.CANCEL))
            & audit_log.c.subject.in_([str(i) for i in order_ids]),
            (audit_log.c.action == str(AuditAction.REJECT))
            & audit_log.c.subject.in_(application_ids),
            (audit_log.c.action == str(AuditAction.ADJUST)) & (audit_log.c.subject == str(user_id)),
        )
        rows = await self._s.execute(
            select(audit_log.c.id, audit_log.c.details).where(
                or_(audit_log.c.actor_id == user_id, about)
            )
        )
        for row in rows.all():
            details = dict(row.details or {})
            if not details.get("reason"):
                continue
            details.update(reason=None, **{REASON_ERASED: True})
            await self._s.execute(
                update(audit_log).where(audit_log.c.id == row.id).values(details=details)
            )
        # The order history carries the same words in its notes.
        events = await self._s.execute(
            select(order_events.c.id, order_events.c.note).where(
                or_(order_events.c.order_id.in_(order_ids), order_events.c.actor_id == user_id)
            )
        )
        for row in events.all():
            scrubbed = notes.without_reason(row.note)
            if scrubbed != row.note:
                await self._s.execute(
                    update(order_events).where(order_events.c.id == row.id).values(note=scrubbed)
                )
