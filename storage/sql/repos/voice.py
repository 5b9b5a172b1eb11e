"""An order's voice notes (`domain.voice`), by file id."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select

from domain.ports.voice import VoiceNote
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import order_voice_notes, orders


class SqlVoiceRepo(SqlRepo):
    async def add(self, order_id: int, notes: Sequence[tuple[str, str]]) -> None:
        if not notes:
            return
        last = select(func.coalesce(func.max(order_voice_notes.c.seq), 0)).where(
            order_voice_notes.c.order_id == order_id
        )
        start = int((await self._s.execute(last)).scalar_one())
        await self._s.execute(
            order_voice_notes.insert(),
            [
                {"order_id": order_id, "seq": start + n, "step": step, "file_id": file_id}
                for n, (step, file_id) in enumerate(notes, 1)
            ],
        )

    async def of_order(self, order_id: int) -> list[VoiceNote]:
        stmt = (
            select(order_voice_notes)
            .where(order_voice_notes.c.order_id == order_id)
            .order_by(order_voice_notes.c.seq)
        )
        return [
            VoiceNote(row.order_id, row.seq, row.step, row.file_id)
            for row in await self._s.execute(stmt)
        ]

    async def of_resident(self, resident_id: int) -> list[VoiceNote]:
        theirs = select(orders.c.id).where(orders.c.resident_id == resident_id)
        stmt = (
            select(order_voice_notes)
            .where(order_voice_notes.c.order_id.in_(theirs))
            .order_by(order_voice_notes.c.order_id, order_voice_notes.c.seq)
        )
        return [
            VoiceNote(row.order_id, row.seq, row.step, row.file_id)
            for row in await self._s.execute(stmt)
        ]

    async def forget(self, resident_id: int) -> None:
        theirs = select(orders.c.id).where(orders.c.resident_id == resident_id)
        await self._s.execute(
            delete(order_voice_notes).where(order_voice_notes.c.order_id.in_(theirs))
        )
