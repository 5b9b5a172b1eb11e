"""Checking in and closing an activity: the venue's rotating code, a shared location
inside the venue's radius, a volunteer checking in someone without a phone; then
the attendance list (checked in, no-show, walk-in; correctable), the beneficiaries,
the 结项 report, and the volunteers' hours.

One check-in per person per activity: the check-ins table's primary key. The close
is a compare-and-set on the activity's status, so hours are credited once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain import activity_codes, ledger
from domain.activity_models import (
    REMIND_KIND,
    Activity,
    ActivityStatus,
    CheckIn,
    CheckInHow,
    SignupRole,
    SignupStatus,
)
from domain.audit import record_action
from domain.audit_models import AuditAction
from domain.errors import Refused
from domain.geo import haversine_km
from domain.models import Site
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.roles import Authority

# Defaults of the settings `ACTIVITY_CHECKIN_WINDOW` (the window opens this long
# before the start and closes this long after the end) and `ACTIVITY_VENUE_RADIUS`.
CHECK_IN_WINDOW = timedelta(minutes=30)
VENUE_RADIUS_KM = 0.3
MAX_HOURS = 24.0
BENEFICIARY_KINDS = ("elderly", "children", "others")  # what 结项 asks, in that order


@dataclass(frozen=True, slots=True)
class CheckedIn:
    activity: Activity
    person_id: int
    fresh: bool  # False: they were checked in already (one check-in per person)


@dataclass(frozen=True, slots=True)
class AttendanceLine:
    person_id: int
    first_name: str
    role: SignupRole | None  # None: a walk-in (checked in without signing up)
    present: bool


@dataclass(frozen=True, slots=True)
class Attendance:
    activity: Activity
    lines: list[AttendanceLine]

    @property
    def present(self) -> int:
        return sum(line.present for line in self.lines)

    @property
    def no_shows(self) -> int:
        return sum(not line.present for line in self.lines)

    @property
    def walk_ins(self) -> int:
        return sum(line.role is None for line in self.lines)


@dataclass(frozen=True, slots=True)
class Closed:
    activity: Activity
    credited: list[int] = field(default_factory=list)  # volunteers whose hours were credited
    # Volunteers whose hours took them to a new star level: congratulated, and their
    # coordinators told, as with done orders.
    levels: list[ledger.LevelReached] = field(default_factory=list)


async def credit_hours(
    tx: Tx, person_id: int, hours: float, source: str, at: datetime | None = None
) -> bool:
    """Service hours (and their points) to a volunteer, as ledger entries (the one way
    activities credit them). False when the person is no volunteer (nothing to credit)."""
    return await _credit(tx, person_id, hours, source, at) is not None


async def _credit(
    tx: Tx, person_id: int, hours: float, source: str, at: datetime | None
) -> ledger.Credited | None:
    if await tx.volunteers.get(person_id) is None:
        return None
    return await ledger.credit_hours(tx, person_id, min(hours, MAX_HOURS), source, at=at)


async def manageable(
    authority: Authority, tx: Tx, coordinator_id: int, activity_id: int
) -> Activity:
    """The activity, if this coordinator acts on its site; else Refused."""
    activity = await tx.activities.get(activity_id)
    if activity is None:
        raise Refused("activity-not-found", id=activity_id)
    await authority.require_over(tx, coordinator_id, activity.site_id, "activity-outside")
    return activity


class CheckIns:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        authority: Authority,
        check_key: bytes,
        *,
        venue_radius_km: float = VENUE_RADIUS_KM,
        window: timedelta = CHECK_IN_WINDOW,
    ) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._key = check_key
        self._radius_km = venue_radius_km
        self._window = window

    async def _over(self, tx: Tx, coordinator_id: int, activity_id: int) -> Activity:
        return await manageable(self._authority, tx, coordinator_id, activity_id)

    # --- check-in -----------------------------------------------------------------

    async def check_in_code(self, staff_id: int, activity_id: int) -> tuple[Activity, str]:
        """The code the venue's QR shows now (it rotates every minute)."""
        async with self._db.transaction() as tx:
            activity = await self._staff(tx, staff_id, activity_id)
            return activity, activity_codes.encode(activity.id, self._clock.now(), self._key)

    async def check_in_by_code(self, person_id: int, token: str) -> CheckedIn:
        activity_id = activity_codes.decode(token, self._clock.now(), self._key)
        if activity_id is None:
            raise Refused("activity-code-stale")
        return await self._check_in(activity_id, person_id, CheckInHow.QR, None)

    async def check_in_by_location(
        self, person_id: int, activity_id: int, lat: float, lon: float
    ) -> CheckedIn:
        async with self._db.read() as tx:
            activity = await tx.activities.get(activity_id)
            site = await tx.sites.get(activity.site_id) if activity else None
        if activity is None:
            raise Refused("activity-not-open")
        venue = venue_of(activity, site)
        if venue is None:
            raise Refused("activity-no-venue")
        if haversine_km(lat, lon, venue[0], venue[1]) > self._radius_km:
            raise Refused("activity-too-far")
        return await self._check_in(activity_id, person_id, CheckInHow.LOCATION, None)

    async def check_in_for(self, staff_id: int, activity_id: int, person_id: int) -> CheckedIn:
        """A volunteer or coordinator checks in someone without a phone."""
        async with self._db.transaction() as tx:
            await self._staff(tx, staff_id, activity_id)
        return await self._check_in(activity_id, person_id, CheckInHow.STAFF, staff_id)

    async def _check_in(
        self, activity_id: int, person_id: int, how: CheckInHow, by_id: int | None
    ) -> CheckedIn:
        now = self._clock.now()
        async with self._db.transaction() as tx:
            activity = await tx.activities.get(activity_id)
            if activity is None or activity.status is not ActivityStatus.PUBLISHED:
                raise Refused("activity-not-open")
            if not activity.starts_at - self._window <= now <= activity.ends_at + self._window:
                raise Refused("activity-not-now", minutes=round(self._window.total_seconds() / 60))
            fresh = await tx.activities.check_in(activity_id, person_id, how, by_id, now)
            return CheckedIn(activity, person_id, fresh)

    # --- after the event ------------------------------------------------------------

    async def attendance(self, coordinator_id: int, activity_id: int) -> Attendance:
        async with self._db.transaction() as tx:
            activity = await self._over(tx, coordinator_id, activity_id)
            return await _attendance(tx, activity)

    async def correct(self, coordinator_id: int, activity_id: int, person_id: int) -> Attendance:
        """Turn one line of the attendance list over: present <-> no-show."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            activity = await self._over(tx, coordinator_id, activity_id)
            present = not await tx.activities.uncheck(activity_id, person_id)
            if present:
                await tx.activities.check_in(
                    activity_id, person_id, CheckInHow.STAFF, coordinator_id, now
                )
            await record_action(
                tx,
                now,
                AuditAction.ACTIVITY_ATTENDANCE,
                coordinator_id,
                activity.site_id,
                activity_id,
                user=person_id,
                present=present,
            )
            return await _attendance(tx, activity)

    async def closable(self, coordinator_id: int, activity_id: int) -> Activity:
        """Refuse at once what `close` would refuse at the end of its questions."""
        async with self._db.transaction() as tx:
            activity = await self._over(tx, coordinator_id, activity_id)
        if activity.status is not ActivityStatus.PUBLISHED:
            raise Refused("activity-not-open")
        if self._clock.now() < activity.starts_at:
            raise Refused("activity-not-started")
        return activity

    async def close(
        self,
        coordinator_id: int,
        activity_id: int,
        beneficiaries: Mapping[str, int],
        report_text: str,
        report_photos: Sequence[str],
    ) -> Closed:
        """结项: the beneficiaries and the report recorded, and every volunteer who was
        there credited the activity's hours, once (the close is a compare-and-set)."""
        now = self._clock.now()
        if any(n < 0 for n in beneficiaries.values()):
            raise Refused("activity-bad-number")
        async with self._db.transaction() as tx:
            activity = await self._over(tx, coordinator_id, activity_id)
            if now < activity.starts_at:
                raise Refused("activity-not-started")
            closed = await tx.activities.close(
                activity_id, beneficiaries, report_text, report_photos, now
            )
            if closed is None:
                raise Refused("activity-not-open")
            await tx.deadlines.cancel(REMIND_KIND, activity_id, now)
            present = {c.person_id for c in await tx.activities.checkins(activity_id)}
            credited, levels = [], []
            for signup in await tx.activities.signups(activity_id, [SignupStatus.SIGNED]):
                if signup.role is SignupRole.VOLUNTEER and signup.person_id in present:
                    source = f"activity:{activity_id}"
                    done = await _credit(tx, signup.person_id, closed.hours, source, now)
                    if done is None:
                        continue
                    credited.append(signup.person_id)
                    news = await ledger.level_news(tx, self._authority, done)
                    if news is not None:
                        levels.append(news)
            await _audit_close(tx, now, coordinator_id, closed, credited)
            return Closed(closed, credited, levels)

    async def _staff(self, tx: Tx, staff_id: int, activity_id: int) -> Activity:
        """A coordinator over the activity, or a volunteer signed up to serve it."""
        activity = await tx.activities.get(activity_id)
        if activity is None:
            raise Refused("activity-not-found", id=activity_id)
        signup = await tx.activities.signup(activity_id, staff_id)
        serving = (
            signup is not None
            and signup.role is SignupRole.VOLUNTEER
            and signup.status is SignupStatus.SIGNED
        )
        if not serving:
            await self._authority.require_over(tx, staff_id, activity.site_id, "activity-not-staff")
        return activity


async def _audit_close(
    tx: Tx, now: datetime, coordinator_id: int, closed: Activity, credited: list[int]
) -> None:
    """结项 leaves three entries: the beneficiaries entered, the hours credited (when
    any volunteer was), and the report attached (when there is one): its photos and
    whether it has words, never the words themselves."""
    where, subject = closed.site_id, closed.id
    counts = {kind: int(closed.beneficiaries.get(kind, 0)) for kind in BENEFICIARY_KINDS}
    await record_action(
        tx, now, AuditAction.ACTIVITY_BENEFICIARIES, coordinator_id, where, subject, **counts
    )
    if credited:
        minutes = round(min(closed.hours, MAX_HOURS) * 60)
        await record_action(
            tx,
            now,
            AuditAction.ACTIVITY_HOURS,
            coordinator_id,
            where,
            subject,
            volunteers=len(credited),
            minutes=minutes,
        )
    if closed.report_text or closed.report_photos:
        await record_action(
            tx,
            now,
            AuditAction.ACTIVITY_REPORT,
            coordinator_id,
            where,
            subject,
            photos=len(closed.report_photos),
            words=bool(closed.report_text),
        )


def venue_of(activity: Activity, site: Site | None) -> tuple[float, float] | None:
    """Where the activity is: its pinned venue, else its site's place, else unknown."""
    if activity.lat is not None and activity.lon is not None:
        return activity.lat, activity.lon
    if site is not None and site.lat is not None and site.lon is not None:
        return site.lat, site.lon
    return None


async def _attendance(tx: Tx, activity: Activity) -> Attendance:
    checks: dict[int, CheckIn] = {c.person_id: c for c in await tx.activities.checkins(activity.id)}
    lines = [
        AttendanceLine(s.person_id, s.first_name, s.role, s.person_id in checks)
        for s in await tx.activities.signups(activity.id, [SignupStatus.SIGNED])
    ]
    signed = {line.person_id for line in lines}
    walk_in_ids = [p for p in checks if p not in signed]
    names = {}
    for person_id in walk_in_ids:
        profile = await tx.users.get(person_id)
        names[person_id] = profile.first_name if profile else ""
    lines += [AttendanceLine(p, names[p], None, True) for p in walk_in_ids]
    return Attendance(activity, lines)
