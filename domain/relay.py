"""The relayed chat: while an order is accepted, the resident and its volunteer write
to each other through the bot, and neither sees the other's number or username.

A thread is the order's. A person's message goes to the thread it replies to (a
relayed message), else to the thread they opened (the order's "Message the
volunteer" button), else to their one open thread; each of those is remembered in
the database (`relay_focus`), so a restart loses nothing. The thread closes when the
order leaves `accepted` (done, cancelled, released): a message to it then is refused
with `relay-closed`. Every text passed on is masked first (`mask`): phone numbers,
@usernames and t.me links become `***`, and it is stored as it was passed, so a
coordinator over the order's site reads exactly what each side saw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from domain.errors import Refused
from domain.models import Order, OrderStatus
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.ports.relay import RelayItem, RelayMessage
from domain.roles import Authority

Role = Literal["resident", "volunteer"]
MAX_TEXT = 2000  # what one relayed message keeps; Telegram's own cap is 4096
MASK = "***"

# Seven or more digits, possibly with spaces, dashes, dots or brackets between them
# and a leading +: a phone number in any of the ways people write one.
_DIGITS = re.compile(r"\+?\d[\d\s\-.()（）]{5,}\d")
_DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}")  # 2026-12-01 stays a date
_USERNAME = re.compile(r"@[A-Za-z0-9_]{3,}")
_LINK = re.compile(r"(?:https?://)?(?:t\.me|telegram\.me|telegram\.dog)/\S+", re.IGNORECASE)


def mask(text: str) -> str:
    """`text` with whatever would let the other side reach the writer directly
    (a phone number, an @username, a t.me link) replaced by `MASK`."""
    text = _LINK.sub(MASK, text)
    text = _USERNAME.sub(MASK, text)

    def number(found: re.Match[str]) -> str:
        raw = found.group(0)
        digits = sum(ch.isdigit() for ch in raw)
        if digits < 7 or _DATE.fullmatch(raw.strip()):
            return raw
        return MASK

    return _DIGITS.sub(number, text)


@dataclass(frozen=True, slots=True)
class Thread:
    """Where a person's message goes: the order, and who is on the other side."""

    order: Order
    sender_id: int
    recipient_id: int
    role: Role  # the sender's side

    @property
    def recipient_role(self) -> Role:
        return "volunteer" if self.role == "resident" else "resident"


@dataclass(frozen=True, slots=True)
class Relayed:
    thread: Thread
    message: RelayMessage  # as stored and as passed on (masked)


def _side(order: Order, person_id: int) -> Thread | None:
    """The thread of `order` as `person_id` writes in it; None if it is not theirs."""
    if order.volunteer_id is None:
        return None
    if person_id == order.resident_id:
        return Thread(order, person_id, order.volunteer_id, "resident")
    if person_id == order.volunteer_id:
        return Thread(order, person_id, order.resident_id, "volunteer")
    return None


def is_open(order: Order) -> bool:
    return order.status is OrderStatus.ACCEPTED and order.volunteer_id is not None


class Relay:
    def __init__(self, db: Database, clock: Clock, authority: Authority) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority

    async def open_thread(self, order_id: int, person_id: int) -> Thread:
        """The order's button: from now on this person's plain messages go to it."""
        async with self._db.transaction() as tx:
            thread = await self._thread(tx, order_id, person_id)
            await tx.relay.set_focus(person_id, order_id, self._clock.now())
            return thread

    async def pick(self, person_id: int, reply_to: int | None = None) -> Thread | None:
        """The thread a plain message of this person goes to; None when they have
        none, so the message is not for the relay. Refused `relay-closed` when the
        thread it names is over (the focus is then dropped), `relay-which` when
        several are open and nothing says which."""
        async with self._db.transaction() as tx:
            if reply_to is not None:
                replied = await tx.relay.replied(person_id, reply_to)
                if replied is not None:
                    return await self._thread(tx, replied, person_id, focus=True)
            closed = await tx.relay.focus(person_id)
            if closed is None:
                return await self._only_thread(tx, person_id)
            order = await tx.orders.get(closed)
            thread = _side(order, person_id) if order is not None else None
            if order is not None and thread is not None and is_open(order):
                return thread
            # Said once: the focus goes (committed with this transaction), then the refusal.
            await tx.relay.set_focus(person_id, None, self._clock.now())
        raise Refused("relay-closed", id=closed)

    async def _only_thread(self, tx: Tx, person_id: int) -> Thread | None:
        threads = await self._open_threads(tx, person_id)
        if len(threads) > 1:
            raise Refused("relay-which", ids=", ".join(f"#{t.order.id}" for t in threads))
        if not threads:
            return None
        await tx.relay.set_focus(person_id, threads[0].order.id, self._clock.now())
        return threads[0]

    async def pass_on(self, thread: Thread, item: RelayItem) -> Relayed:
        """Store the message (masked) in the thread, checked open again in the same
        transaction; the caller sends it and then calls `delivered`."""
        item = replace(item, text=mask(item.text)[:MAX_TEXT])
        async with self._db.transaction() as tx:
            current = await self._thread(tx, thread.order.id, thread.sender_id)
            stored = await tx.relay.add(
                current.order.id,
                current.sender_id,
                current.recipient_id,
                item,
                self._clock.now(),
            )
            return Relayed(current, stored)

    async def delivered(self, message_id: int, delivered_id: int) -> None:
        async with self._db.transaction() as tx:
            await tx.relay.delivered(message_id, delivered_id)

    async def thread_of(
        self, order_id: int, coordinator_id: int
    ) -> tuple[Order, list[RelayMessage]]:
        """The whole thread, for a coordinator over the order's site."""
        async with self._db.transaction() as tx:
            order = await tx.orders.get(order_id)
            if order is None:
                raise Refused("no-such-order", id=order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
            return order, await tx.relay.thread(order_id)

    async def count(self, order_id: int) -> int:
        async with self._db.read() as tx:
            return await tx.relay.count(order_id)

    # --- internals ---------------------------------------------------------

    async def _thread(self, tx: Tx, order_id: int, person_id: int, focus: bool = False) -> Thread:
        order = await tx.orders.get(order_id)
        if order is None:
            raise Refused("no-such-order", id=order_id)
        thread = _side(order, person_id)
        if thread is None:
            if order.status is OrderStatus.ACCEPTED:
                raise Refused("not-your-order")
            raise Refused("relay-closed", id=order_id)
        if not is_open(order):
            raise Refused("relay-closed", id=order_id)
        if focus:
            await tx.relay.set_focus(person_id, order_id, self._clock.now())
        return thread

    @staticmethod
    async def _open_threads(tx: Tx, person_id: int) -> list[Thread]:
        mine = [o for o in await tx.orders.by_resident(person_id) if is_open(o)]
        mine += await tx.orders.by_volunteer(person_id, [OrderStatus.ACCEPTED])
        threads = {o.id: _side(o, person_id) for o in mine}
        return [t for t in threads.values() if t is not None]
