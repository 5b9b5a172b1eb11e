"""Household civility points: households, members, graders, the county's rules, awards."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update

from domain.household_models import HouseAward, Household, HouseholdStatus, HouseRule
from domain.models import LocalName
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import (
    household_awards,
    household_graders,
    household_members,
    household_rules,
    households,
    users,
)

LIVE = (str(HouseholdStatus.PENDING), str(HouseholdStatus.ACTIVE))


def _household(row: Any) -> Household:
    return Household(
        id=row.id,
        site_id=row.site_id,
        head_id=row.head_id,
        status=HouseholdStatus(row.status),
        created_at=row.created_at,
        head_name=row.first_name or "",
    )


def _award(row: Any) -> HouseAward:
    return HouseAward(
        id=row.id,
        household_id=row.household_id,
        rule_code=row.rule_code,
        points=int(row.points),
        note=row.note,
        photo_file_id=row.photo_file_id,
        actor_id=row.actor_id,
        at=row.at,
        ledger_tx_id=row.ledger_tx_id,
    )


_WITH_HEAD = select(households, users.c.first_name).join(users, users.c.id == households.c.head_id)


class SqlHouseholdRepo(SqlRepo):
    async def add(self, site_id: int, head_id: int, at: datetime) -> Household:
        stmt = (
            households.insert()
            .values(
                site_id=site_id, head_id=head_id, status=str(HouseholdStatus.PENDING), created_at=at
            )
            .returning(households.c.id)
        )
        new_id = (await self._s.execute(stmt)).scalar_one()
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, household_id: int, *, lock: bool = False) -> Household | None:
        stmt = _WITH_HEAD.where(households.c.id == household_id)
        if lock and self._dialect == "postgresql":
            stmt = stmt.with_for_update(of=households)
        row = (await self._s.execute(stmt)).first()
        return None if row is None else _household(row)

    async def of_person(self, person_id: int) -> Household | None:
        member = select(household_members.c.household_id).where(
            household_members.c.person_id == person_id
        )
        stmt = (
            _WITH_HEAD.where(
                households.c.status.in_(LIVE),
                or_(households.c.head_id == person_id, households.c.id.in_(member)),
            )
            .order_by(households.c.id.desc())
            .limit(1)
        )
        row = (await self._s.execute(stmt)).first()
        return None if row is None else _household(row)

    async def decide(
        self, household_id: int, status: HouseholdStatus, by: int, at: datetime
    ) -> bool:
        done = await self._s.execute(
            update(households)
            .where(
                households.c.id == household_id,
                households.c.status == str(HouseholdStatus.PENDING),
            )
            .values(status=str(status), decided_by=by, decided_at=at)
        )
        if done.rowcount == 1 and status is HouseholdStatus.REFUSED:
            # A refused household frees its people to ask again.
            await self._s.execute(
                delete(household_members).where(household_members.c.household_id == household_id)
            )
        return done.rowcount == 1

    async def active_at(self, site_ids: Iterable[int] | None) -> list[Household]:
        stmt = _WITH_HEAD.where(households.c.status == str(HouseholdStatus.ACTIVE)).order_by(
            households.c.id
        )
        if site_ids is not None:
            stmt = stmt.where(households.c.site_id.in_(list(site_ids)))
        return [_household(r) for r in await self._s.execute(stmt)]

    async def add_member(self, household_id: int, person_id: int, at: datetime) -> bool:
        stmt = (
            self._insert(household_members)
            .values(person_id=person_id, household_id=household_id, added_at=at)
            .on_conflict_do_nothing(index_elements=[household_members.c.person_id])
        )
        return (await self._s.execute(stmt)).rowcount == 1

    async def drop_member(self, household_id: int, person_id: int) -> bool:
        done = await self._s.execute(
            delete(household_members).where(
                household_members.c.household_id == household_id,
                household_members.c.person_id == person_id,
            )
        )
        return done.rowcount == 1

    async def set_head(self, household_id: int, person_id: int) -> None:
        await self._s.execute(
            update(households).where(households.c.id == household_id).values(head_id=person_id)
        )

    async def close(self, household_id: int) -> bool:
        done = await self._s.execute(
            update(households)
            .where(households.c.id == household_id, households.c.status.in_(LIVE))
            .values(status=str(HouseholdStatus.CLOSED))
        )
        # Its people are free to register or join again; the awards and the ledger stay.
        await self._s.execute(
            delete(household_members).where(household_members.c.household_id == household_id)
        )
        return done.rowcount == 1

    async def members(self, household_id: int) -> list[int]:
        head = (
            await self._s.execute(
                select(households.c.head_id).where(households.c.id == household_id)
            )
        ).scalar_one_or_none()
        stmt = (
            select(household_members.c.person_id)
            .where(household_members.c.household_id == household_id)
            .order_by(household_members.c.added_at, household_members.c.person_id)
        )
        others = [int(p) for p in (await self._s.execute(stmt)).scalars() if p != head]
        return ([int(head)] if head is not None else []) + others

    async def set_grader(self, site_id: int, person_id: int, by: int, at: datetime) -> None:
        stmt = (
            self._insert(household_graders)
            .values(site_id=site_id, person_id=person_id, appointed_by=by, appointed_at=at)
            .on_conflict_do_nothing(
                index_elements=[household_graders.c.site_id, household_graders.c.person_id]
            )
        )
        await self._s.execute(stmt)

    async def drop_grader(self, site_id: int, person_id: int) -> bool:
        done = await self._s.execute(
            delete(household_graders).where(
                household_graders.c.site_id == site_id, household_graders.c.person_id == person_id
            )
        )
        return done.rowcount == 1

    async def grader_sites(self, person_id: int) -> list[int]:
        stmt = (
            select(household_graders.c.site_id)
            .where(household_graders.c.person_id == person_id)
            .order_by(household_graders.c.site_id)
        )
        return [int(s) for s in (await self._s.execute(stmt)).scalars()]

    async def graders(self, site_ids: Iterable[int] | None) -> list[tuple[int, int]]:
        stmt = select(household_graders.c.site_id, household_graders.c.person_id).order_by(
            household_graders.c.site_id, household_graders.c.person_id
        )
        if site_ids is not None:
            stmt = stmt.where(household_graders.c.site_id.in_(list(site_ids)))
        return [(int(s), int(p)) for s, p in await self._s.execute(stmt)]

    async def put_rule(self, rule: HouseRule) -> None:
        values = {
            "name_zh": rule.name.zh,
            "name_en": rule.name.en,
            "points": rule.points,
            "sort": rule.sort,
        }
        stmt = self._insert(household_rules).values(code=rule.code, **values)
        await self._s.execute(
            stmt.on_conflict_do_update(index_elements=[household_rules.c.code], set_=values)
        )

    async def rules(self) -> list[HouseRule]:
        stmt = select(household_rules).order_by(household_rules.c.sort, household_rules.c.code)
        return [
            HouseRule(r.code, LocalName(r.name_zh, r.name_en), int(r.points), int(r.sort))
            for r in await self._s.execute(stmt)
        ]

    async def add_award(
        self,
        household_id: int,
        rule_code: str,
        points: int,
        note: str,
        photo_file_id: str | None,
        actor_id: int,
        at: datetime,
        ledger_tx_id: int | None,
    ) -> HouseAward:
        stmt = (
            household_awards.insert()
            .values(
                household_id=household_id,
                rule_code=rule_code,
                points=points,
                note=note,
                photo_file_id=photo_file_id,
                actor_id=actor_id,
                at=at,
                ledger_tx_id=ledger_tx_id,
            )
            .returning(*household_awards.c)
        )
        return _award((await self._s.execute(stmt)).one())

    async def awards(self, household_id: int, limit: int = 10) -> list[HouseAward]:
        stmt = (
            select(household_awards)
            .where(household_awards.c.household_id == household_id)
            .order_by(household_awards.c.id.desc())
            .limit(limit)
        )
        return [_award(r) for r in await self._s.execute(stmt)]
