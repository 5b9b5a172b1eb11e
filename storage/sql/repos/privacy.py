"""Everything stored about one person, read at once for /mydata and erased for /forgetme."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, or_, select, update

from domain import notes
from domain.audit_models import REASON_ERASED, AuditAction
from domain.ledger_models import AccountKind
from domain.models import Application, ApplicationStatus, Offer, Order, OrderEvent, RoleGrant
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.roles import SqlRoleRepo
from storage.sql.repos.rows import to_event, to_offer, to_order
from storage.sql.tables import (
    applications,
    audit_log,
    certificates,
    household_awards,
    household_members,
    households,
    ledger_accounts,
    ledger_entries,
    ledger_reason_erasures,
    ledger_transactions,
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

    async def forget_recognition(self, user_id: int, at: datetime) -> int:
        """The words and photos of recognition that may name the person.

        The notes and photos of every award or deduction to a household they head or
        belong to; the typed reasons of every ledger transaction on their own
        accounts (points, hours) or those households', and of every one they made.
        The ledger keeps every transaction and entry, so every sum and balance is
        as it was: its one allowed update (migration 0025) sets `reason` to NULL,
        and `ledger_reason_erasures` says so. Returns how many reasons went."""
        member = select(household_members.c.household_id).where(
            household_members.c.person_id == user_id
        )
        homes = [
            int(h)
            for h in (
                await self._s.execute(
                    select(households.c.id).where(
                        or_(households.c.head_id == user_id, households.c.id.in_(member))
                    )
                )
            ).scalars()
        ]
        if homes:
            await self._s.execute(
                update(household_awards)
                .where(household_awards.c.household_id.in_(homes))
                .values(note="", photo_file_id=None)
            )
        accounts = select(ledger_accounts.c.id).where(
            or_(
                (ledger_accounts.c.kind.in_([str(AccountKind.PERSON), str(AccountKind.HOURS)]))
                & (ledger_accounts.c.owner_id == user_id),
                (ledger_accounts.c.kind == str(AccountKind.HOUSEHOLD))
                & ledger_accounts.c.owner_id.in_(homes),
            )
        )
        touched = select(ledger_entries.c.transaction_id).where(
            ledger_entries.c.account_id.in_(accounts)
        )
        worded = (
            await self._s.execute(
                select(ledger_transactions.c.id).where(
                    ledger_transactions.c.reason.is_not(None),
                    or_(
                        ledger_transactions.c.actor_id == user_id,
                        ledger_transactions.c.id.in_(touched),
                    ),
                )
            )
        ).scalars()
        ids = sorted(int(i) for i in worded)
        if not ids:
            return 0
        await self._s.execute(
            update(ledger_transactions).where(ledger_transactions.c.id.in_(ids)).values(reason=None)
        )
        await self._s.execute(
            self._insert(ledger_reason_erasures)
            .values([{"transaction_id": i, "erased_at": at} for i in ids])
            .on_conflict_do_nothing(index_elements=[ledger_reason_erasures.c.transaction_id])
        )
        return len(ids)
