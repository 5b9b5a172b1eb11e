"""Broadcasts and their recipients; the people an audience names.

A claim is one UPDATE over a sub-select of pending rows: on PostgreSQL the
sub-select locks with `FOR UPDATE SKIP LOCKED`, so workers claiming at once get
different rows; on SQLite the one writer lock does the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from domain.broadcast_models import Broadcast, BroadcastStatus, Buttons, RecipientStatus, Tally
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import broadcast_recipients, broadcasts, orders, teams, volunteers

R = broadcast_recipients
INSERT_CHUNK = 500  # rows per INSERT: well under SQLite's bound parameters


def _buttons(raw: Any) -> Buttons:
    rows = raw if isinstance(raw, list) else []
    return tuple(tuple((str(b[0]), str(b[1])) for b in row) for row in rows)


def _to_broadcast(row: Any) -> Broadcast:
    return Broadcast(
        id=row.id,
        author_id=row.author_id,
        audience=row.audience,
        text=row.text,
        buttons=_buttons(row.buttons),
        status=BroadcastStatus(row.status),
        total=row.total,
        created_at=row.created_at,
        progress_message=row.progress_message,
        photo=row.photo_file_id,
    )


class SqlBroadcastRepo(SqlRepo):
    async def create(
        self,
        author_id: int,
        audience: str,
        text: str,
        buttons: Buttons,
        status: BroadcastStatus,
        at: datetime,
        recipients: Sequence[int],
        photo: str | None = None,
    ) -> Broadcast:
        people = sorted(set(recipients))
        stmt = (
            broadcasts.insert()
            .values(
                author_id=author_id,
                audience=audience,
                text=text,
                buttons=[[list(b) for b in row] for row in buttons],
                photo_file_id=photo,
                status=str(status),
                total=len(people),
                created_at=at,
                updated_at=at,
            )
            .returning(broadcasts.c.id)
        )
        broadcast_id = (await self._s.execute(stmt)).scalar_one()
        pending = str(RecipientStatus.PENDING)
        for start in range(0, len(people), INSERT_CHUNK):
            rows = [
                {"broadcast_id": broadcast_id, "person_id": p, "status": pending}
                for p in people[start : start + INSERT_CHUNK]
            ]
            await self._s.execute(R.insert(), rows)
        return Broadcast(
            broadcast_id, author_id, audience, text, buttons, status, len(people), at, photo=photo
        )

    async def get(self, broadcast_id: int) -> Broadcast | None:
        row = (
            await self._s.execute(select(broadcasts).where(broadcasts.c.id == broadcast_id))
        ).first()
        return _to_broadcast(row) if row else None

    async def move(
        self,
        broadcast_id: int,
        to: BroadcastStatus,
        allowed: Iterable[BroadcastStatus],
        at: datetime,
        progress_message: int | None = None,
    ) -> bool:
        values: dict[str, Any] = {"status": str(to), "updated_at": at}
        if progress_message is not None:
            values["progress_message"] = progress_message
        stmt = (
            update(broadcasts)
            .where(broadcasts.c.id == broadcast_id)
            .where(broadcasts.c.status.in_([str(s) for s in allowed]))
            .values(**values)
        )
        return (await self._s.execute(stmt)).rowcount == 1

    async def sending(self) -> list[int]:
        stmt = (
            select(broadcasts.c.id)
            .where(broadcasts.c.status == str(BroadcastStatus.SENDING))
            .order_by(broadcasts.c.id)
        )
        return list((await self._s.execute(stmt)).scalars())

    async def claim(self, broadcast_id: int, worker: str, at: datetime, limit: int) -> list[int]:
        # An alias, or the sub-select would be correlated with the UPDATE's own rows;
        # a CTE, so PostgreSQL runs it once: as a plain sub-select it may be rescanned
        # for each row, and each rescan skips the rows just claimed and locks more.
        mine = R.alias("mine")
        pick = (
            select(mine.c.person_id)
            .where(mine.c.broadcast_id == broadcast_id)
            .where(mine.c.status == str(RecipientStatus.PENDING))
            .order_by(mine.c.person_id)
            .limit(limit)
        )
        if self._dialect == "postgresql":
            pick = pick.with_for_update(skip_locked=True)
        picked = pick.cte("picked")
        stmt = (
            update(R)
            .where(R.c.broadcast_id == broadcast_id)
            .where(R.c.status == str(RecipientStatus.PENDING))
            .where(R.c.person_id.in_(select(picked.c.person_id)))
            .values(status=str(RecipientStatus.CLAIMED), claimed_by=worker, claimed_at=at)
            .returning(R.c.person_id)
        )
        return sorted((await self._s.execute(stmt)).scalars())

    async def mark(self, broadcast_id: int, results: dict[int, str], at: datetime) -> None:
        by_status: dict[str, list[int]] = {}
        for person_id, status in results.items():
            by_status.setdefault(status, []).append(person_id)
        for status, people in by_status.items():
            await self._s.execute(
                update(R)
                .where(R.c.broadcast_id == broadcast_id)
                .where(R.c.person_id.in_(people))
                .where(R.c.status == str(RecipientStatus.CLAIMED))
                .values(status=status, done_at=at)
            )

    async def cancel_pending(self, broadcast_id: int) -> int:
        stmt = (
            update(R)
            .where(R.c.broadcast_id == broadcast_id)
            .where(R.c.status == str(RecipientStatus.PENDING))
            .values(status=str(RecipientStatus.CANCELLED))
        )
        return int((await self._s.execute(stmt)).rowcount)

    async def expire_claims(self, broadcast_id: int, before: datetime) -> int:
        stmt = (
            update(R)
            .where(R.c.broadcast_id == broadcast_id)
            .where(R.c.status == str(RecipientStatus.CLAIMED))
            .where(R.c.claimed_at < before)
            .values(status=str(RecipientStatus.UNKNOWN))
        )
        return int((await self._s.execute(stmt)).rowcount)

    async def tally(self, broadcast_id: int) -> Tally:
        stmt = (
            select(R.c.status, func.count())
            .where(R.c.broadcast_id == broadcast_id)
            .group_by(R.c.status)
        )
        counts = {str(status): int(n) for status, n in await self._s.execute(stmt)}
        s = RecipientStatus
        return Tally(
            total=sum(counts.values()),
            sent=counts.get(s.SENT, 0),
            unreachable=counts.get(s.UNREACHABLE, 0),
            failed=counts.get(s.FAILED, 0) + counts.get(s.UNKNOWN, 0),
            left=counts.get(s.PENDING, 0) + counts.get(s.CLAIMED, 0),
        )

    async def progress_due(self, broadcast_id: int, at: datetime, since: datetime) -> bool:
        stmt = (
            update(broadcasts)
            .where(broadcasts.c.id == broadcast_id)
            .where((broadcasts.c.progress_at.is_(None)) | (broadcasts.c.progress_at <= since))
            .values(progress_at=at)
        )
        return (await self._s.execute(stmt)).rowcount == 1

    # --- audiences ------------------------------------------------------------

    async def volunteers_at(self, site_ids: Sequence[int] | None) -> list[int]:
        stmt = (
            select(volunteers.c.user_id)
            .join(teams, teams.c.id == volunteers.c.team_id)
            .where(volunteers.c.active.is_(True))
        )
        if site_ids is not None:
            stmt = stmt.where(teams.c.site_id.in_(list(site_ids)))
        return list((await self._s.execute(stmt)).scalars())

    async def volunteers_of(self, team_id: int) -> list[int]:
        stmt = (
            select(volunteers.c.user_id)
            .where(volunteers.c.team_id == team_id)
            .where(volunteers.c.active.is_(True))
        )
        return list((await self._s.execute(stmt)).scalars())

    async def residents_at(self, site_ids: Sequence[int] | None, since: datetime) -> list[int]:
        stmt = select(orders.c.resident_id).distinct().where(orders.c.created_at >= since)
        if site_ids is not None:
            stmt = stmt.where(orders.c.site_id.in_(list(site_ids)))
        return list((await self._s.execute(stmt)).scalars())
