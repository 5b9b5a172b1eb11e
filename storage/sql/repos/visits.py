"""Visits: one row per order (`visits`), and the notes left for the next volunteer
(`visit_notes`, by the person served)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from domain.visit_models import Arrival, DayPart, Visit, VisitNote
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import visit_notes, visits


class SqlVisitRepo(SqlRepo):
    async def get(self, order_id: int) -> Visit | None:
        row = (await self._s.execute(select(visits).where(visits.c.order_id == order_id))).first()
        return _visit(row) if row is not None else None

    async def start(self, order_id: int, volunteer_id: int, code_word: str, now: datetime) -> Visit:
        fresh = {
            "volunteer_id": volunteer_id,
            "code_word": code_word,
            "arrive_at": None,
            "arrive_part": None,
            "on_way_at": None,
            "happened": None,
            "answered_at": None,
            "created_at": now,
        }
        # One statement, so two presses at once cannot both create it.
        insert = self._insert(visits).values(order_id=order_id, **fresh)
        await self._s.execute(insert.on_conflict_do_nothing(index_elements=["order_id"]))
        # Kept from another volunteer (released, reassigned): theirs starts over.
        await self._s.execute(
            update(visits)
            .where(visits.c.order_id == order_id, visits.c.volunteer_id != volunteer_id)
            .values(**fresh)
        )
        found = await self.get(order_id)
        assert found is not None  # inserted or updated above, in this transaction
        return found

    async def set_arrival(self, order_id: int, arrival: Arrival) -> None:
        part = arrival.part.value if arrival.part else None
        await self._s.execute(
            update(visits)
            .where(visits.c.order_id == order_id)
            .values(arrive_at=arrival.at, arrive_part=part)
        )

    async def set_on_way(self, order_id: int, at: datetime) -> None:
        await self._s.execute(
            update(visits).where(visits.c.order_id == order_id).values(on_way_at=at)
        )

    async def set_happened(self, order_id: int, happened: bool, at: datetime) -> bool:
        result = await self._s.execute(
            update(visits)
            .where(visits.c.order_id == order_id, visits.c.happened.is_(None))
            .values(happened=happened, answered_at=at)
        )
        return bool(result.rowcount)

    async def add_note(self, note: VisitNote) -> None:
        await self._s.execute(
            visit_notes.insert().values(
                person_id=note.person_id,
                order_id=note.order_id,
                author_id=note.author_id,
                text=note.text,
                created_at=note.created_at,
                served=note.served or f"p:{note.person_id}",
            )
        )

    async def notes_for(
        self, person_id: int, exclude_order: int | None = None, limit: int = 3
    ) -> list[VisitNote]:
        stmt = select(visit_notes).where(visit_notes.c.person_id == person_id)
        if exclude_order is not None:
            stmt = stmt.where(visit_notes.c.order_id != exclude_order)
        stmt = stmt.order_by(visit_notes.c.created_at.desc(), visit_notes.c.id.desc()).limit(limit)
        return [_note(r) for r in await self._s.execute(stmt)]

    async def notes_about(
        self, served: Sequence[str], exclude_order: int | None = None, limit: int = 3
    ) -> list[VisitNote]:
        if not served:
            return []
        stmt = select(visit_notes).where(visit_notes.c.served.in_(list(served)))
        if exclude_order is not None:
            stmt = stmt.where(visit_notes.c.order_id != exclude_order)
        stmt = stmt.order_by(visit_notes.c.created_at.desc(), visit_notes.c.id.desc()).limit(limit)
        return [_note(r) for r in await self._s.execute(stmt)]


def _note(row: Any) -> VisitNote:
    return VisitNote(
        row.order_id, row.person_id, row.author_id, row.text, row.created_at, row.served
    )


def _visit(row: Any) -> Visit:
    arrival = None
    if row.arrive_at is not None:
        arrival = Arrival(row.arrive_at, DayPart(row.arrive_part) if row.arrive_part else None)
    return Visit(
        row.order_id, row.volunteer_id, row.code_word, arrival, row.on_way_at, row.happened
    )
