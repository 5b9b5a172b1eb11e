"""Activities, their sign-ups, follows and check-ins.

A quota holds because the place is taken in the activity row's own UPDATE
(`… WHERE residents_signed < resident_quota`): on PostgreSQL a concurrent UPDATE
waits for the row lock and re-checks the condition on the committed row; on SQLite
writers queue on `BEGIN IMMEDIATE`. The sign-up row is inserted first (its unique
key per person and activity), so one person pressing twice at once takes one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, select, update

from domain.activity_models import (
    ACTIVE,
    Activity,
    ActivityDraft,
    ActivityStatus,
    CheckIn,
    CheckInHow,
    Signup,
    SignupRole,
    SignupStatus,
    Visibility,
)
from domain.models import LocalName
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import (
    activities,
    activity_checkins,
    activity_follows,
    activity_signups,
    users,
    volunteers,
)

_PUBLISHED = str(ActivityStatus.PUBLISHED)


def _to_activity(row: Any) -> Activity:
    return Activity(
        id=row.id,
        title=LocalName(row.title_zh, row.title_en or ""),
        category_code=row.category_code,
        team_id=row.team_id,
        site_id=row.site_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        volunteer_quota=row.volunteer_quota,
        resident_quota=row.resident_quota,
        visibility=Visibility(row.visibility),
        status=ActivityStatus(row.status),
        created_by=row.created_by,
        lat=row.lat,
        lon=row.lon,
        poster_file_id=row.poster_file_id,
        volunteers_signed=row.volunteers_signed,
        residents_signed=row.residents_signed,
        beneficiaries=dict(row.beneficiaries or {}),
        report_text=row.report_text,
        report_photos=tuple(row.report_photos or ()),
    )


def _signups() -> Select[Any]:
    return select(*activity_signups.c, users.c.first_name).join(
        users, users.c.id == activity_signups.c.person_id
    )


def _to_signup(row: Any) -> Signup:
    return Signup(
        id=row.id,
        activity_id=row.activity_id,
        person_id=row.person_id,
        role=SignupRole(row.role),
        status=SignupStatus(row.status),
        position=row.position,
        offered_until=row.offered_until,
        first_name=row.first_name or "",
    )


def _counter(role: SignupRole) -> tuple[Any, Any]:
    if role is SignupRole.VOLUNTEER:
        return activities.c.volunteers_signed, activities.c.volunteer_quota
    return activities.c.residents_signed, activities.c.resident_quota


class SqlActivityRepo(SqlRepo):
    async def create(self, draft: ActivityDraft, now: datetime) -> Activity:
        stmt = (
            activities.insert()
            .values(
                title_zh=draft.title.zh,
                title_en=draft.title.en,
                category_code=draft.category_code,
                team_id=draft.team_id,
                site_id=draft.site_id,
                lat=draft.lat,
                lon=draft.lon,
                starts_at=draft.starts_at,
                ends_at=draft.ends_at,
                volunteer_quota=draft.volunteer_quota,
                resident_quota=draft.resident_quota,
                visibility=str(draft.visibility),
                poster_file_id=draft.poster_file_id,
                status=_PUBLISHED,
                created_by=draft.created_by,
                created_at=now,
                updated_at=now,
            )
            .returning(*activities.c)
        )
        return _to_activity((await self._s.execute(stmt)).one())

    async def get(self, activity_id: int, lock: bool = False) -> Activity | None:
        stmt = select(activities).where(activities.c.id == activity_id)
        if lock and self._dialect == "postgresql":
            stmt = stmt.with_for_update()
        row = (await self._s.execute(stmt)).first()
        return None if row is None else _to_activity(row)

    async def upcoming(
        self, site_ids: Iterable[int] | None, after: datetime, limit: int = 20
    ) -> list[Activity]:
        stmt = select(activities).where(
            activities.c.status == _PUBLISHED, activities.c.ends_at > after
        )
        if site_ids is not None:
            stmt = stmt.where(activities.c.site_id.in_(list(site_ids)))
        stmt = stmt.order_by(activities.c.starts_at, activities.c.id).limit(limit)
        return [_to_activity(r) for r in await self._s.execute(stmt)]

    async def _update(self, activity_id: int, where: list[Any], **values: Any) -> Activity | None:
        stmt = (
            update(activities)
            .where(activities.c.id == activity_id, *where)
            .values(**values)
            .returning(*activities.c)
        )
        row = (await self._s.execute(stmt)).first()
        return None if row is None else _to_activity(row)

    async def set_status(
        self, activity_id: int, allowed: Iterable[ActivityStatus], to: ActivityStatus, now: datetime
    ) -> Activity | None:
        where = [activities.c.status.in_([str(s) for s in allowed])]
        return await self._update(activity_id, where, status=str(to), updated_at=now)

    async def move(
        self, activity_id: int, starts_at: datetime, ends_at: datetime, now: datetime
    ) -> Activity | None:
        where = [activities.c.status == _PUBLISHED]
        return await self._update(
            activity_id, where, starts_at=starts_at, ends_at=ends_at, updated_at=now
        )

    async def edit(
        self,
        activity_id: int,
        now: datetime,
        title: LocalName | None = None,
        venue: tuple[float | None, float | None] | None = None,
        quotas: tuple[int, int] | None = None,
        *,
        category_code: str | None = None,
        team_id: int | None = None,
        site_id: int | None = None,
        visibility: Visibility | None = None,
        poster: str | None = None,
    ) -> Activity | None:
        values: dict[str, Any] = {"updated_at": now}
        if category_code is not None:
            values["category_code"] = category_code
        if team_id is not None:
            values["team_id"] = team_id
        if site_id is not None:
            values["site_id"] = site_id
        if visibility is not None:
            values["visibility"] = str(visibility)
        if poster is not None:  # "": none any more
            values["poster_file_id"] = poster or None
        where = [activities.c.status == _PUBLISHED]
        if title is not None:
            values |= {"title_zh": title.zh, "title_en": title.en}
        if venue is not None:
            values |= {"lat": venue[0], "lon": venue[1]}
        if quotas is not None:
            values |= {"volunteer_quota": quotas[0], "resident_quota": quotas[1]}
            where += [
                activities.c.volunteers_signed <= quotas[0],
                activities.c.residents_signed <= quotas[1],
            ]
        return await self._update(activity_id, where, **values)

    async def take_place(self, activity_id: int, role: SignupRole) -> bool:
        signed, quota = _counter(role)
        stmt = (
            update(activities)
            .where(activities.c.id == activity_id, signed < quota)
            .values({signed.name: signed + 1})
            .returning(activities.c.id)
        )
        return (await self._s.execute(stmt)).first() is not None

    async def close(
        self,
        activity_id: int,
        beneficiaries: Mapping[str, int],
        report_text: str,
        report_photos: Sequence[str],
        now: datetime,
    ) -> Activity | None:
        return await self._update(
            activity_id,
            [activities.c.status == _PUBLISHED],
            status=str(ActivityStatus.CLOSED),
            beneficiaries=dict(beneficiaries),
            report_text=report_text,
            report_photos=list(report_photos),
            updated_at=now,
        )

    async def sign_up(
        self, activity_id: int, person_id: int, role: SignupRole, now: datetime
    ) -> Signup | None:
        # 1. The person's row first: a second press of theirs, even a concurrent one,
        # finds it (and waits for this transaction on PostgreSQL) and takes nothing.
        fresh = {
            "role": str(role),
            "status": str(SignupStatus.WAITLISTED),
            "position": 0,
            "created_at": now,
            "offered_until": None,
        }
        inserted = (
            await self._s.execute(
                self._insert(activity_signups)
                .values(activity_id=activity_id, person_id=person_id, **fresh)
                .on_conflict_do_nothing()
                .returning(activity_signups.c.id)
            )
        ).first()
        if inserted is None:  # signed up before: only a cancelled one may come back
            inserted = (
                await self._s.execute(
                    update(activity_signups)
                    .where(
                        activity_signups.c.activity_id == activity_id,
                        activity_signups.c.person_id == person_id,
                        activity_signups.c.status == str(SignupStatus.CANCELLED),
                    )
                    .values(**fresh)
                    .returning(activity_signups.c.id)
                )
            ).first()
            if inserted is None:
                return None
        # 2. A place, if the counter is below the quota, in one statement; else a
        # wait-list position. Both take the activity row's lock until commit.
        signed, quota = _counter(role)
        took = (
            await self._s.execute(
                update(activities)
                .where(
                    activities.c.id == activity_id,
                    activities.c.status == _PUBLISHED,
                    signed < quota,
                )
                .values({signed.name: signed + 1, "waitlist_seq": activities.c.waitlist_seq + 1})
                .returning(activities.c.waitlist_seq)
            )
        ).first()
        status = SignupStatus.SIGNED
        if took is None:
            status = SignupStatus.WAITLISTED
            took = (
                await self._s.execute(
                    update(activities)
                    .where(activities.c.id == activity_id, activities.c.status == _PUBLISHED)
                    .values(waitlist_seq=activities.c.waitlist_seq + 1)
                    .returning(activities.c.waitlist_seq)
                )
            ).first()
            if took is None:
                raise LookupError(f"activity {activity_id} is not open")  # checked above us
        await self._s.execute(
            update(activity_signups)
            .where(activity_signups.c.id == inserted.id)
            .values(status=str(status), position=took.waitlist_seq)
        )
        return await self.signup_by_id(inserted.id)

    async def signup(self, activity_id: int, person_id: int) -> Signup | None:
        stmt = _signups().where(
            activity_signups.c.activity_id == activity_id,
            activity_signups.c.person_id == person_id,
        )
        row = (await self._s.execute(stmt)).first()
        return None if row is None else _to_signup(row)

    async def signup_by_id(self, signup_id: int) -> Signup | None:
        row = (await self._s.execute(_signups().where(activity_signups.c.id == signup_id))).first()
        return None if row is None else _to_signup(row)

    async def set_signup(
        self,
        signup_id: int,
        allowed: Iterable[SignupStatus],
        to: SignupStatus,
        offered_until: datetime | None = None,
    ) -> Signup | None:
        stmt = (
            update(activity_signups)
            .where(
                activity_signups.c.id == signup_id,
                activity_signups.c.status.in_([str(s) for s in allowed]),
            )
            .values(status=str(to), offered_until=offered_until)
            .returning(activity_signups.c.id)
        )
        row = (await self._s.execute(stmt)).first()
        return None if row is None else await self.signup_by_id(row.id)

    async def release_place(self, activity_id: int, role: SignupRole) -> None:
        signed, _quota = _counter(role)
        await self._s.execute(
            update(activities)
            .where(activities.c.id == activity_id, signed > 0)
            .values({signed.name: signed - 1})
        )

    async def first_waitlisted(self, activity_id: int, role: SignupRole) -> Signup | None:
        stmt = (
            _signups()
            .where(
                activity_signups.c.activity_id == activity_id,
                activity_signups.c.role == str(role),
                activity_signups.c.status == str(SignupStatus.WAITLISTED),
            )
            .order_by(activity_signups.c.position)
            .limit(1)
        )
        row = (await self._s.execute(stmt)).first()
        return None if row is None else _to_signup(row)

    async def signups(
        self, activity_id: int, statuses: Iterable[SignupStatus] | None = None
    ) -> list[Signup]:
        stmt = _signups().where(activity_signups.c.activity_id == activity_id)
        if statuses is not None:
            stmt = stmt.where(activity_signups.c.status.in_([str(s) for s in statuses]))
        stmt = stmt.order_by(activity_signups.c.role, activity_signups.c.position)
        return [_to_signup(r) for r in await self._s.execute(stmt)]

    async def mine(self, person_id: int, after: datetime) -> list[tuple[Activity, Signup]]:
        stmt = (
            select(activities, *[c.label(f"s_{c.name}") for c in activity_signups.c])
            .join(activity_signups, activity_signups.c.activity_id == activities.c.id)
            .where(
                activity_signups.c.person_id == person_id,
                activity_signups.c.status.in_([str(s) for s in ACTIVE]),
                activities.c.status == _PUBLISHED,
                activities.c.ends_at > after,
            )
            .order_by(activities.c.starts_at, activities.c.id)
        )
        found = []
        for row in await self._s.execute(stmt):
            signup = Signup(
                id=row.s_id,
                activity_id=row.s_activity_id,
                person_id=row.s_person_id,
                role=SignupRole(row.s_role),
                status=SignupStatus(row.s_status),
                position=row.s_position,
                offered_until=row.s_offered_until,
            )
            found.append((_to_activity(row), signup))
        return found

    async def audience(self, team_ids: Iterable[int]) -> list[int]:
        stmt = (
            select(volunteers.c.user_id)
            .where(volunteers.c.team_id.in_(list(team_ids)), volunteers.c.active.is_(True))
            .order_by(volunteers.c.user_id)
        )
        return list((await self._s.execute(stmt)).scalars())

    async def follow(self, person_id: int, site_id: int, now: datetime) -> bool:
        stmt = (
            self._insert(activity_follows)
            .values(person_id=person_id, site_id=site_id, created_at=now)
            .on_conflict_do_nothing()
            .returning(activity_follows.c.site_id)
        )
        return (await self._s.execute(stmt)).first() is not None

    async def unfollow(self, person_id: int, site_id: int) -> bool:
        stmt = (
            delete(activity_follows)
            .where(activity_follows.c.person_id == person_id, activity_follows.c.site_id == site_id)
            .returning(activity_follows.c.site_id)
        )
        return (await self._s.execute(stmt)).first() is not None

    async def follows(self, person_id: int) -> list[int]:
        stmt = (
            select(activity_follows.c.site_id)
            .where(activity_follows.c.person_id == person_id)
            .order_by(activity_follows.c.site_id)
        )
        return list((await self._s.execute(stmt)).scalars())

    async def followers(self, site_ids: Iterable[int]) -> list[int]:
        stmt = (
            select(activity_follows.c.person_id)
            .where(activity_follows.c.site_id.in_(list(site_ids)))
            .distinct()
            .order_by(activity_follows.c.person_id)
        )
        return list((await self._s.execute(stmt)).scalars())

    async def check_in(
        self, activity_id: int, person_id: int, how: CheckInHow, by_id: int | None, now: datetime
    ) -> bool:
        stmt = (
            self._insert(activity_checkins)
            .values(activity_id=activity_id, person_id=person_id, how=str(how), by_id=by_id, at=now)
            .on_conflict_do_nothing()
            .returning(activity_checkins.c.person_id)
        )
        return (await self._s.execute(stmt)).first() is not None

    async def uncheck(self, activity_id: int, person_id: int) -> bool:
        stmt = (
            delete(activity_checkins)
            .where(
                activity_checkins.c.activity_id == activity_id,
                activity_checkins.c.person_id == person_id,
            )
            .returning(activity_checkins.c.person_id)
        )
        return (await self._s.execute(stmt)).first() is not None

    async def checkins(self, activity_id: int) -> list[CheckIn]:
        stmt = (
            select(activity_checkins)
            .where(activity_checkins.c.activity_id == activity_id)
            .order_by(activity_checkins.c.at, activity_checkins.c.person_id)
        )
        return [
            CheckIn(r.activity_id, r.person_id, CheckInHow(r.how), r.at, r.by_id)
            for r in await self._s.execute(stmt)
        ]
