"""The monthly honour list: points a month brought each household and volunteer, read
from `ledger_month_points` (one row per account, month and kind; see `honour_points`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from domain.ledger_models import AccountKind
from domain.ports.honour import HonourLine
from storage.sql.repos.base import ZonedRepo
from storage.sql.repos.honour_points import COUNTED, month_of
from storage.sql.tables import (
    households,
    ledger_accounts,
    ledger_month_points,
    teams,
    users,
    volunteers,
)


class SqlHonourRepo(ZonedRepo):
    async def households(
        self, site_ids: Iterable[int] | None, start: datetime, end: datetime, limit: int
    ) -> list[HonourLine]:
        stmt = self._sums(AccountKind.HOUSEHOLD, start).join(
            households, households.c.id == ledger_accounts.c.owner_id
        )
        stmt = stmt.join(users, users.c.id == households.c.head_id)
        return await self._lines(stmt, households.c.id, households.c.site_id, site_ids, limit)

    async def volunteers(
        self, site_ids: Iterable[int] | None, start: datetime, end: datetime, limit: int
    ) -> list[HonourLine]:
        stmt = self._sums(AccountKind.PERSON, start)
        stmt = stmt.join(volunteers, volunteers.c.user_id == ledger_accounts.c.owner_id)
        stmt = stmt.join(teams, teams.c.id == volunteers.c.team_id)
        stmt = stmt.join(users, users.c.id == volunteers.c.user_id)
        return await self._lines(stmt, volunteers.c.user_id, teams.c.site_id, site_ids, limit)

    def _sums(self, kind: AccountKind, start: datetime) -> Any:
        # The list is of a county month: `start` is its first moment, `end` the next's.
        return (
            select(ledger_month_points.c.points)
            .select_from(ledger_month_points)
            .join(ledger_accounts, ledger_accounts.c.id == ledger_month_points.c.account_id)
            .where(
                ledger_month_points.c.month == month_of(start, self._tz),
                ledger_month_points.c.kind.in_([str(k) for k in COUNTED[kind]]),
                ledger_accounts.c.kind == str(kind),
            )
        )

    async def _lines(
        self, stmt: Any, owner: Any, site: Any, site_ids: Iterable[int] | None, limit: int
    ) -> list[HonourLine]:
        total = func.sum(ledger_month_points.c.points).label("points")
        stmt = stmt.with_only_columns(
            owner.label("owner"), users.c.first_name, site.label("site"), total
        )
        if site_ids is not None:
            stmt = stmt.where(site.in_(list(site_ids)))
        stmt = (
            stmt.group_by(owner, users.c.first_name, site)
            .having(func.sum(ledger_month_points.c.points) > 0)
            .order_by(total.desc(), owner)
            .limit(limit)
        )
        return [
            HonourLine(int(r.owner), r.first_name or "", int(r.site), int(r.points))
            for r in await self._s.execute(stmt)
        ]
