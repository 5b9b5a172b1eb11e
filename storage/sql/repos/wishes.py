"""The wish wall (`domain.wishes`): wishes, moved by compare-and-set on the status."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from domain.wish_models import Wish, WishStatus
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import wish_notices, wishes

_FIELDS = frozenset(
    {
        "category_code",
        "team_id",
        "mode",
        "reason",
        "decided_by",
        "claimed_by",
        "order_id",
        "service_id",
    }
)


def _to_wish(row: Any) -> Wish:
    return Wish(
        id=row.id,
        resident_id=row.resident_id,
        site_id=row.site_id,
        text=row.text,
        voice_file_id=row.voice_file_id,
        status=WishStatus(row.status),
        created_at=row.created_at,
        category_code=row.category_code,
        team_id=row.team_id,
        mode=row.mode,
        reason=row.reason,
        decided_by=row.decided_by,
        claimed_by=row.claimed_by,
        order_id=row.order_id,
        service_id=row.service_id,
    )


class SqlWishRepo(SqlRepo):
    async def add(
        self, resident_id: int, site_id: int, text: str, voice_file_id: str | None, now: datetime
    ) -> Wish:
        stmt = (
            wishes.insert()
            .values(
                resident_id=resident_id,
                site_id=site_id,
                text=text,
                voice_file_id=voice_file_id,
                status=WishStatus.OPEN.value,
                created_at=now,
                updated_at=now,
            )
            .returning(wishes.c.id)
        )
        wish_id = (await self._s.execute(stmt)).scalar_one()
        return Wish(wish_id, resident_id, site_id, text, voice_file_id, WishStatus.OPEN, now)

    async def get(self, wish_id: int) -> Wish | None:
        row = (await self._s.execute(select(wishes).where(wishes.c.id == wish_id))).first()
        return _to_wish(row) if row is not None else None

    async def move(
        self,
        wish_id: int,
        from_status: WishStatus,
        to_status: WishStatus,
        now: datetime,
        **fields: Any,
    ) -> Wish | None:
        unknown = set(fields) - _FIELDS
        if unknown:
            raise ValueError(f"not a wish field: {sorted(unknown)}")
        stmt = (
            update(wishes)
            .where(wishes.c.id == wish_id, wishes.c.status == from_status.value)
            .values(status=to_status.value, updated_at=now, **fields)
        )
        if (await self._s.execute(stmt)).rowcount != 1:
            return None
        return await self.get(wish_id)

    async def listed(
        self,
        statuses: Iterable[WishStatus],
        site_ids: Iterable[int] | None = None,
        team_ids: Iterable[int] | None = None,
        limit: int = 50,
    ) -> list[Wish]:
        stmt = select(wishes).where(wishes.c.status.in_([s.value for s in statuses]))
        if site_ids is not None:
            stmt = stmt.where(wishes.c.site_id.in_(list(site_ids)))
        if team_ids is not None:
            stmt = stmt.where(wishes.c.team_id.in_(list(team_ids)))
        stmt = stmt.order_by(wishes.c.id).limit(limit)
        return [_to_wish(row) for row in await self._s.execute(stmt)]

    async def forget(self, resident_id: int) -> list[int]:
        mine = wishes.c.resident_id == resident_id
        still = wishes.c.status.in_([WishStatus.OPEN.value, WishStatus.POSTED.value])
        closed = list((await self._s.execute(select(wishes.c.id).where(mine, still))).scalars())
        await self._s.execute(update(wishes).where(mine).values(text="", voice_file_id=None))
        await self._s.execute(
            update(wishes).where(mine, still).values(status=WishStatus.REJECTED.value, reason="")
        )
        return sorted(closed)

    async def of_resident(self, resident_id: int) -> list[Wish]:
        stmt = select(wishes).where(wishes.c.resident_id == resident_id).order_by(wishes.c.id)
        return [_to_wish(row) for row in await self._s.execute(stmt)]

    async def record_notices(self, wish_id: int, sent: Sequence[tuple[int, int, str]]) -> None:
        if not sent:
            return
        await self._s.execute(
            wish_notices.insert(),
            [{"wish_id": wish_id, "user_id": u, "message_id": m, "kind": k} for u, m, k in sent],
        )

    async def notices(self, wish_id: int) -> list[tuple[int, int, str]]:
        stmt = (
            select(wish_notices.c.user_id, wish_notices.c.message_id, wish_notices.c.kind)
            .where(wish_notices.c.wish_id == wish_id)
            .order_by(wish_notices.c.user_id, wish_notices.c.message_id)
        )
        return [(row.user_id, row.message_id, row.kind) for row in await self._s.execute(stmt)]
