"""Voice orders: a resident may say what they would type. Each voice message given to
the order's free-text steps (or the one that started the order from the menu) is
kept as the order's voice note, by Telegram file id, and played again to the
coordinators (`/order n`) and to the volunteer who accepts.

Nothing is transcribed here: the order's meaning is its buttons (category, service,
point); the voice is only heard. See docs/architecture.md, *Voice orders*."""

from __future__ import annotations

from collections.abc import Sequence

from domain.ports.database import Database
from domain.ports.voice import VoiceNote

MAX_NOTES = 10  # per order: more are not kept


class VoiceNotes:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def attach(self, order_id: int, notes: Sequence[tuple[str, str]]) -> None:
        """Keep `(step, file_id)` pairs as the order's notes (the first `MAX_NOTES`)."""
        if not notes:
            return
        async with self._db.transaction() as tx:
            await tx.voice.add(order_id, list(notes)[:MAX_NOTES])

    async def of_order(self, order_id: int) -> list[VoiceNote]:
        """The order's notes. Callers have checked the reader may see the order (the
        desk's `history`, or the volunteer who just accepted it)."""
        async with self._db.read() as tx:
            return await tx.voice.of_order(order_id)
