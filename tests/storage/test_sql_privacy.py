"""Contract tests for the privacy repository and the engines' log hygiene, on every backend."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from domain import notes
from domain.audit_models import REASON_ERASED, AuditAction
from domain.models import ApplicationStatus, OfferStatus, OrderDraft, OrderStatus, Role
from storage.sql import SqlDatabase
from tests.days import TODAY

if TYPE_CHECKING:
    from tests.storage.conftest import World

S = OrderStatus
NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
PHONE = "13800001234"
ADDRESS = "家住3号楼2单元"


async def _orders(db: SqlDatabase, world: World) -> tuple[int, int, int]:
    """A rated order and an open one of the resident; an order of someone else."""
    draft = OrderDraft(world.resident, world.service_id, 11, TODAY, ADDRESS, 30.1, 120.2, PHONE)
    async with db.transaction() as tx:
        await tx.users.set_phone(world.resident, PHONE)
        await tx.users.set_home_site(world.resident, 11)
        await tx.users.upsert(600, "别人", None)
        rated = await tx.orders.create(draft, "civility", NOW)
        await tx.orders.transition(rated.id, [S.NEW], S.ACCEPTED, 901, NOW, volunteer_id=901)
        await tx.orders.transition(rated.id, [S.ACCEPTED], S.DONE, 901, NOW, hours=1.5)
        await tx.orders.transition(rated.id, [S.DONE], S.RATED, 500, NOW, rating=4, comment="好")
        later = NOW + timedelta(minutes=1)
        open_ = await tx.orders.create(draft, "civility", later)
        await tx.offers.create(open_.id, 902, 0, later)
        other = await tx.orders.create(
            OrderDraft(600, world.service_id, 12, TODAY, "别人的地址", None, None, "13900001111"),
            "civility",
            later,
        )
        await tx.orders.transition(other.id, [S.NEW], S.ACCEPTED, 901, later, volunteer_id=901)
    return rated.id, open_.id, other.id


async def test_notice_is_due_until_marked(db: SqlDatabase, world: World) -> None:
    async with db.transaction() as tx:
        assert (await tx.users.get(world.resident)).notice_at is None  # type: ignore[union-attr]
        await tx.privacy.mark_notice(world.resident, NOW)
    async with db.read() as reader:
        view = await reader.users.view(world.resident)
    assert view is not None and view.profile.notice_at == NOW


async def test_everything_of_one_person_is_read(db: SqlDatabase, world: World) -> None:
    rated, open_, other = await _orders(db, world)
    async with db.transaction() as tx:
        await tx.roles.grant(901, Role.COORDINATOR, 11)
        assert [o.id for o in await tx.privacy.orders_of(world.resident)] == [rated, open_]
        assert [o.id for o in await tx.privacy.tasks_of(901)] == [rated, other]
        events = await tx.privacy.events_of([open_, rated])
        assert [(e.order_id, e.to_status) for e in events] == [
            (rated, S.NEW),
            (rated, S.ACCEPTED),
            (rated, S.DONE),
            (rated, S.RATED),
            (open_, S.NEW),
        ]
        assert await tx.privacy.events_of([]) == []
        offers = await tx.privacy.offers_to(902)
        assert [(o.order_id, o.status) for o in offers] == [(open_, OfferStatus.OPEN)]
        assert [(g.role, g.site_id) for g in await tx.privacy.grants(901)] == [
            (Role.COORDINATOR, 11)
        ]
        await tx.applications.create(world.resident, 12, NOW)
        applications = await tx.privacy.applications_of(world.resident)
    assert [(a.user_id, a.site_id) for a in applications] == [(world.resident, 12)]


async def test_erase_blanks_the_person_and_keeps_anonymous_counts(
    db: SqlDatabase, world: World
) -> None:
    rated, open_, other = await _orders(db, world)
    async with db.transaction() as tx:
        await tx.privacy.mark_notice(world.resident, NOW)
        await tx.privacy.erase(world.resident)
        await tx.privacy.erase(901)  # a volunteer: out of dispatch
    async with db.transaction() as tx:
        user = await tx.users.get(world.resident)
        orders = await tx.privacy.orders_of(world.resident)
        untouched = await tx.orders.get(other)
        volunteer = await tx.volunteers.get(901)
    assert user is not None
    assert (user.first_name, user.username, user.phone, user.home_site_id, user.notice_at) == (
        "",
        None,
        None,
        None,
        None,
    )
    assert [(o.phone, o.details, o.lat, o.lon, o.comment) for o in orders] == [
        (None, "", None, None, None)
    ] * 2
    # What statistics count stays: status, category, site, rating, hours.
    assert [(o.id, o.status, o.category_code, o.site_id, o.rating, o.hours) for o in orders] == [
        (rated, S.RATED, "civility", 11, 4, 1.5),
        (open_, S.NEW, "civility", 11, None, None),
    ]
    assert untouched is not None and (untouched.phone, untouched.details) == (
        "13900001111",
        "别人的地址",
    )
    assert volunteer is not None and not volunteer.active and volunteer.hours == 0


async def test_erase_left_typed_reasons_about_the_person_in_the_audit_log(
    db: SqlDatabase, world: World
) -> None:
    # /forgetme blanked the orders but kept a coordinator's typed cancel reason
    # ("her phone is ...") word for word in audit_log and in the order's history.
    _rated, open_, other = await _orders(db, world)
    reason = f"居民说打 {PHONE}"
    async with db.transaction() as tx:
        cancel = await tx.audit.append(
            NOW, 700, AuditAction.CANCEL, 11, str(open_), {"reason": reason}
        )
        elsewhere = await tx.audit.append(
            NOW, 700, AuditAction.CANCEL, 12, str(other), {"reason": "别人的事"}
        )
        grant = await tx.audit.append(
            NOW, 700, AuditAction.PROMOTE, 11, str(world.resident), {"role": "coordinator"}
        )
        await tx.orders.transition(
            open_, [S.NEW], S.CANCELLED, 700, NOW, notes.cancelled_by_coordinator(reason)
        )
        application = await tx.applications.create(world.resident, 11, NOW)
        assert application is not None
        await tx.applications.decide(
            application.id, ApplicationStatus.REJECTED, 700, NOW, reason=reason
        )
        rejection = await tx.audit.append(
            NOW, 700, AuditAction.REJECT, 11, str(application.id), {"reason": reason}
        )
        await tx.privacy.erase(world.resident)
    async with db.transaction() as tx:
        entries = {e.id: e for e in await tx.audit.recent(None, county=True)}
        events = await tx.privacy.events_of([open_])
        rejected = await tx.applications.get(application.id)
    # Who did what, when, to which order stays; the words go, for the marker.
    scrubbed = entries[cancel.id]
    assert (scrubbed.actor_id, scrubbed.action, scrubbed.subject, scrubbed.at) == (
        700,
        AuditAction.CANCEL,
        str(open_),
        NOW,
    )
    assert scrubbed.details == {"reason": None, REASON_ERASED: True}
    assert entries[rejection.id].details == {"reason": None, REASON_ERASED: True}
    assert rejected is not None
    assert (rejected.status, rejected.decided_by, rejected.reason) == (
        ApplicationStatus.REJECTED,
        700,
        None,
    )
    assert entries[elsewhere.id].details == {"reason": "别人的事"}
    assert entries[grant.id].details == {"role": "coordinator"}  # by id only: kept
    assert all(PHONE not in e.note for e in events)
    assert notes.decode(events[-1].note) == notes.Note(
        notes.REASON_ERASED, {"was": notes.CANCELLED_REASON}
    )


async def test_a_failed_statement_never_shows_its_parameters(
    db: SqlDatabase, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """The issue saw a failed INSERT logged with the phone, details and coordinates."""
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy", "sqlalchemy.engine", "aiosqlite", "asyncpg"):
        caplog.set_level(logging.DEBUG, logger=name)
    draft = OrderDraft(world.resident, 999_999, 11, TODAY, ADDRESS, 30.27413, 120.15521, PHONE)
    with pytest.raises(Exception, match=r"(?i)foreign key") as failed:
        async with db.transaction() as tx:
            await tx.orders.create(draft, "civility", NOW)
    shown = f"{caplog.text}\n{failed.value}"
    for secret in (PHONE, ADDRESS, "30.2741", "120.1552"):
        assert secret not in shown
    assert "INSERT INTO orders" in str(failed.value)  # the statement itself is still told
