"""Volunteer profiles: a user in a team, with their hours and points."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    Select,
    SmallInteger,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    update,
)

from domain.ledger_models import MINUTES, AccountKind
from domain.models import Volunteer
from domain.ranking import NEUTRAL_RATING
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_volunteer
from storage.sql.tables import ledger_accounts, ledger_balances, teams, users, volunteers


def _balance(kind: AccountKind, per: int = 1, owner: Any = volunteers.c.user_id) -> Any:
    """The volunteer's balance on the ledger (`domain.ledger`): hours (kept in minutes)
    or points (migration 0024 dropped the old `volunteers.hours` and `points`)."""
    found = (
        select(ledger_balances.c.balance)
        .join(ledger_accounts, ledger_accounts.c.id == ledger_balances.c.account_id)
        .where(
            ledger_accounts.c.kind == str(kind),
            ledger_accounts.c.owner_id == owner,
        )
        .scalar_subquery()
    )
    value = func.coalesce(found, 0)
    return value if per == 1 else cast(value, Float) / per


def _select() -> Select[Any]:
    """Volunteers with the name from users and the site and category from their team."""
    return (
        select(
            volunteers.c.user_id,
            users.c.first_name,
            volunteers.c.team_id,
            teams.c.site_id,
            teams.c.category_code,
            volunteers.c.active,
            _balance(AccountKind.HOURS, MINUTES).label("hours"),
            _balance(AccountKind.PERSON).label("points"),
            volunteers.c.available,
            volunteers.c.quiet_start,
            volunteers.c.quiet_end,
            volunteers.c.open_tasks,
            volunteers.c.rating_total,
            volunteers.c.rating_count,
            volunteers.c.last_task_at,
        )
        .join(users, users.c.id == volunteers.c.user_id)
        .join(teams, teams.c.id == volunteers.c.team_id)
    )


class SqlVolunteerRepo(SqlRepo):
    async def get(self, user_id: int) -> Volunteer | None:
        stmt = _select().where(volunteers.c.user_id == user_id)
        row = (await self._s.execute(stmt)).first()
        return None if row is None else to_volunteer(row)

    async def upsert(self, user_id: int, team_id: int, active: bool = True) -> Volunteer:
        values = {"team_id": team_id, "active": active}
        # A new volunteer row starts with its user's `unreachable` (kept in step
        # afterwards by `SqlUserRepo.set_unreachable`).
        flag = select(users.c.unreachable).where(users.c.id == user_id).scalar_subquery()
        stmt = self._insert(volunteers).values(user_id=user_id, unreachable=flag, **values)
        await self._s.execute(
            stmt.on_conflict_do_update(index_elements=[volunteers.c.user_id], set_=values)
        )
        found = await self.get(user_id)
        assert found is not None  # just written in this transaction
        return found

    async def candidates(
        self,
        category_code: str,
        site_ids: Iterable[int],
        exclude: Iterable[int] = (),
        *,
        per_site: int | None = None,
        awake_at: int | None = None,
    ) -> list[Volunteer]:
        sites, excluded = list(site_ids), list(exclude)
        if not sites:
            return []
        stmt = _candidates(bool(excluded), awake_at is not None, per_site is not None)
        params = {
            "category": category_code,
            "sites": sites,
            "excluded": excluded,
            "minute": awake_at,
            "per_site": per_site,
        }
        rows = await self._s.execute(stmt, params)
        return [to_volunteer(r) for r in rows]

    async def tally(
        self,
        user_id: int,
        *,
        open_tasks: int = 0,
        rating: int | None = None,
        task_at: datetime | None = None,
    ) -> None:
        # Counted in SQL, not read-modify-write, so concurrent changes all count.
        values: dict[str, Any] = {"open_tasks": volunteers.c.open_tasks + open_tasks}
        if rating is not None:
            values["rating_total"] = volunteers.c.rating_total + rating
            values["rating_count"] = volunteers.c.rating_count + 1
        if task_at is not None:
            values["last_task_at"] = task_at
        await self._s.execute(
            update(volunteers).where(volunteers.c.user_id == user_id).values(**values)
        )

    async def set_available(self, user_id: int, available: bool) -> None:
        await self._s.execute(
            update(volunteers).where(volunteers.c.user_id == user_id).values(available=available)
        )

    async def set_quiet(self, user_id: int, start: int | None, end: int | None) -> None:
        await self._s.execute(
            update(volunteers)
            .where(volunteers.c.user_id == user_id)
            .values(quiet_start=start, quiet_end=end)
        )

    async def roster(self, site_ids: Iterable[int], limit: int) -> list[Volunteer]:
        stmt = (
            _select()
            .where(teams.c.site_id.in_(list(site_ids)))
            .order_by(volunteers.c.active.desc(), users.c.first_name, volunteers.c.user_id)
            .limit(limit)
        )
        return [to_volunteer(r) for r in await self._s.execute(stmt)]

    async def roster_size(self, site_ids: Iterable[int]) -> int:
        stmt = (
            select(func.count())
            .select_from(volunteers.join(teams, teams.c.id == volunteers.c.team_id))
            .where(teams.c.site_id.in_(list(site_ids)))
        )
        return int((await self._s.execute(stmt)).scalar_one())


@functools.cache
def _candidates(excluding: bool, quiet: bool, limited: bool) -> Select[Any]:
    """The candidate query, built once per shape: building and hashing it cost more
    CPU than running it. Bound parameters: category, sites, excluded, minute, per_site.

    Everything is read from volunteers and teams (volunteers carry their user's
    `unreachable`, and `ix_volunteers_team_ready` lists who can be offered work);
    users is read only for the names of the rows returned.
    """
    ready = select(
        volunteers.c.user_id,
        volunteers.c.team_id,
        teams.c.site_id,
        teams.c.category_code,
        *(volunteers.c[name] for name in _TALLIES),
    ).join(teams, teams.c.id == volunteers.c.team_id)
    ready = ready.where(
        teams.c.category_code == bindparam("category"),
        teams.c.site_id.in_(bindparam("sites", expanding=True)),
        volunteers.c.active.is_(True),
        volunteers.c.available.is_(True),
        volunteers.c.unreachable.is_(False),
    )
    if excluding:
        ready = ready.where(volunteers.c.user_id.not_in(bindparam("excluded", expanding=True)))
    if quiet:
        ready = ready.where(not_(_quiet_at(bindparam("minute", type_=SmallInteger))))
    if limited:
        # Everything ranking weighs before load (circle, tier, distance) is the same
        # for all volunteers of one site, so a site's best `per_site` by the rest of
        # the ranking key are the only ones of that site that can make the wave.
        place = func.row_number().over(
            partition_by=teams.c.site_id,
            order_by=(
                volunteers.c.open_tasks,
                _average_rating().desc(),
                volunteers.c.last_task_at.asc().nulls_first(),  # never: first, as _NEVER
                volunteers.c.user_id,
            ),
        )
        ranked = ready.add_columns(place.label("place_in_site")).subquery("ranked")
        found = ranked
        keep: Any = ranked.c.place_in_site <= bindparam("per_site", type_=Integer)
    else:
        found = ready.subquery("ready")
        keep = true()
    columns = [found.c[name] for name in _COLUMNS if name != "first_name"]
    # The name by primary key for each row kept: a join let PostgreSQL, which cannot
    # estimate how few rows `per_site` keeps, hash all of users instead. The hours and
    # points likewise, from the ledger's balances, for the rows kept only.
    name = select(users.c.first_name).where(users.c.id == found.c.user_id).scalar_subquery()
    hours = _balance(AccountKind.HOURS, MINUTES, found.c.user_id).label("hours")
    points = _balance(AccountKind.PERSON, 1, found.c.user_id).label("points")
    return (
        select(*columns, hours, points, name.label("first_name"))
        .where(keep)
        .order_by(found.c.user_id)
    )


# What `to_volunteer` reads besides the ids, site and category.
_TALLIES = (
    "active",
    "available",
    "quiet_start",
    "quiet_end",
    "open_tasks",
    "rating_total",
    "rating_count",
    "last_task_at",
)
_COLUMNS = ("user_id", "first_name", "team_id", "site_id", "category_code", *_TALLIES)


def _average_rating() -> Any:
    """`ranking.average_rating` in SQL: unrated volunteers count as NEUTRAL_RATING."""
    return case(
        (volunteers.c.rating_count == 0, literal(NEUTRAL_RATING, Float)),
        else_=cast(volunteers.c.rating_total, Float) / volunteers.c.rating_count,
    )


def _quiet_at(minute: Any) -> Any:
    """`ranking.in_quiet_hours` in SQL, at `minute` after local midnight."""
    start, end = volunteers.c.quiet_start, volunteers.c.quiet_end
    return and_(
        start.is_not(None),
        end.is_not(None),
        start != end,
        or_(
            and_(start < end, start <= minute, end > minute),
            and_(start > end, or_(start <= minute, end > minute)),
        ),
    )
