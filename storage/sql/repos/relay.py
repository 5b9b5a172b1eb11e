"""The relayed chat: messages passed on per order, and which thread each person writes in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update

from domain.ports.relay import RelayItem, RelayMessage
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import relay_focus, relay_messages


def _to_message(row: Any) -> RelayMessage:
    item = RelayItem(row.kind, row.text or "", row.file_id, row.lat, row.lon)
    return RelayMessage(
        row.id, row.order_id, row.sender_id, row.recipient_id, item, row.at, row.delivered_id
    )


class SqlRelayRepo(SqlRepo):
    async def add(
        self, order_id: int, sender_id: int, recipient_id: int, item: RelayItem, now: datetime
    ) -> RelayMessage:
        stmt = (
            relay_messages.insert()
            .values(
                order_id=order_id,
                sender_id=sender_id,
                recipient_id=recipient_id,
                kind=item.kind,
                text=item.text,
                file_id=item.file_id,
                lat=item.lat,
                lon=item.lon,
                at=now,
            )
            .returning(relay_messages.c.id)
        )
        message_id = (await self._s.execute(stmt)).scalar_one()
        return RelayMessage(message_id, order_id, sender_id, recipient_id, item, now)

    async def delivered(self, message_id: int, delivered_id: int) -> None:
        await self._s.execute(
            update(relay_messages)
            .where(relay_messages.c.id == message_id)
            .values(delivered_id=delivered_id)
        )

    async def thread(self, order_id: int, limit: int = 200) -> list[RelayMessage]:
        stmt = (
            select(relay_messages)
            .where(relay_messages.c.order_id == order_id)
            .order_by(relay_messages.c.id.desc())
            .limit(limit)
        )
        return [_to_message(row) for row in reversed(list(await self._s.execute(stmt)))]

    async def count(self, order_id: int) -> int:
        stmt = select(func.count()).where(relay_messages.c.order_id == order_id)
        return int((await self._s.execute(stmt)).scalar_one())

    async def replied(self, recipient_id: int, delivered_id: int) -> int | None:
        stmt = select(relay_messages.c.order_id).where(
            relay_messages.c.recipient_id == recipient_id,
            relay_messages.c.delivered_id == delivered_id,
        )
        return (await self._s.execute(stmt.limit(1))).scalar_one_or_none()

    async def focus(self, person_id: int) -> int | None:
        stmt = select(relay_focus.c.order_id).where(relay_focus.c.person_id == person_id)
        return (await self._s.execute(stmt)).scalar_one_or_none()

    async def set_focus(self, person_id: int, order_id: int | None, now: datetime) -> None:
        if order_id is None:
            await self._s.execute(delete(relay_focus).where(relay_focus.c.person_id == person_id))
            return
        stmt = self._insert(relay_focus).values(person_id=person_id, order_id=order_id, at=now)
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=[relay_focus.c.person_id],
                set_={"order_id": order_id, "at": now},
            )
        )

    async def forget(self, person_ids: Sequence[int]) -> None:
        ids = list(person_ids)
        await self._s.execute(
            update(relay_messages)
            .where(relay_messages.c.sender_id.in_(ids))
            .values(text="", file_id=None, lat=None, lon=None)
        )
        await self._s.execute(delete(relay_focus).where(relay_focus.c.person_id.in_(ids)))
