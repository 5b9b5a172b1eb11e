"""Orders and their audit trail; every status change is a compare-and-set."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, Select, String, Text, Update, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.models import Order, OrderDraft, OrderEvent, OrderStatus
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_event, to_order
from storage.sql.repos.stats import SqlStatsRepo
from storage.sql.tables import WAITING, order_events, orders
from storage.sql.types import UtcDateTime

# Columns a transition or `set_fields` may write; status and timestamps are ours.
WRITABLE = frozenset(
    {
        "volunteer_id",
        "rating",
        "comment",
        "hours",
        "details",
        "phone",
        "lat",
        "lon",
        "when_day",
        "when_by",
        "escalation",
    }
)


def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - WRITABLE
    if unknown:
        raise ValueError(f"not writable order fields: {sorted(unknown)}")
    return fields


def _statuses(statuses: Iterable[OrderStatus]) -> list[str]:
    return [str(s) for s in statuses]


class SqlOrderRepo(SqlRepo):
    def __init__(
        self, session: AsyncConnection, dialect: str, rollups: SqlStatsRepo | None = None
    ) -> None:
        super().__init__(session, dialect)
        # The statistics roll-ups, kept in the same transaction as every change here.
        self._rollups = rollups or SqlStatsRepo(session, dialect)

    async def create(self, draft: OrderDraft, category_code: str, now: datetime) -> Order:
        params = {
            "resident_id": draft.resident_id,
            "service_id": draft.service_id,
            "category_code": category_code,
            "site_id": draft.site_id,
            "when_day": draft.when.day,
            "when_by": draft.when.by,
            "details": draft.details,
            "lat": draft.lat,
            "lon": draft.lon,
            "phone": draft.phone,
            "status": str(OrderStatus.NEW),
            "created_at": now,
            "updated_at": now,
        }
        event = {
            "actor": draft.resident_id,
            "from_status": None,
            "to_status": str(OrderStatus.NEW),
            "note": "",
            "at": now,
        }
        if self._dialect == "postgresql":  # the order and its event in one statement
            order = to_order((await self._s.execute(_CREATE_WITH_EVENT, params | event)).one())
        else:
            order = to_order((await self._s.execute(_CREATE, params)).one())
            await self._s.execute(_EVENT, {"order_id": order.id, **event})
        await self._rollups.created(order)
        return order

    async def get(self, order_id: int) -> Order | None:
        row = (await self._s.execute(select(orders).where(orders.c.id == order_id))).first()
        return None if row is None else to_order(row)

    async def transition(
        self,
        order_id: int,
        allowed_from: Iterable[OrderStatus],
        to: OrderStatus,
        actor_id: int | None,
        now: datetime,
        note: str = "",
        **fields: Any,
    ) -> Order | None:
        allowed = _statuses(allowed_from)
        if not allowed:
            return None
        # One UPDATE guarded by the status: of many concurrent callers, the database
        # lets exactly one match (PostgreSQL re-checks the WHERE after the winner
        # commits; SQLite serialises writers), the rest update no row.
        params: dict[str, Any] = {
            "order_id": order_id,
            "allowed": allowed,
            "to_status": str(to),
            "at": now,
            "actor": actor_id,
            "note": note,
            **{f"set_{name}": value for name, value in _checked(fields).items()},
        }
        single = allowed[0] if len(allowed) == 1 else None
        if self._dialect == "postgresql":
            # The UPDATE and its event in one statement; the event reads the status
            # it replaced in the same snapshot (see `_previous`).
            stmt = _transition_with_event(frozenset(fields), single is not None)
            row = (await self._s.execute(stmt, {**params, "from_status": single})).first()
            if row is None:
                return None
            moved = to_order(row)
            was = single or row.previous_status
            await self._rollups.moved(moved, None if was is None else OrderStatus(was), now)
            return moved
        row = (await self._s.execute(_transition(frozenset(fields)), params)).first()
        if row is None:
            return None
        previous = OrderStatus(single) if single else await self._previous(order_id)
        await self._event(order_id, actor_id, previous, to, note, now)
        moved = to_order(row)
        await self._rollups.moved(moved, previous, now)
        return moved

    async def set_fields(self, order_id: int, **fields: Any) -> None:
        if not fields:
            return
        await self._s.execute(
            update(orders).where(orders.c.id == order_id).values(**_checked(fields))
        )

    async def restart_escalation(self, order_id: int, level: int) -> bool:
        # Guarded by the level: of concurrent callers one matches (PostgreSQL
        # re-checks the WHERE after the winner commits; SQLite serialises writers).
        result = await self._s.execute(
            update(orders)
            .where(orders.c.id == order_id, orders.c.escalation == level)
            .values(escalation=0)
        )
        return bool(result.rowcount)

    async def add_event(
        self,
        order_id: int,
        actor_id: int | None,
        status: OrderStatus,
        note: str,
        now: datetime,
    ) -> None:
        await self._event(order_id, actor_id, status, status, note, now)

    async def events(self, order_id: int) -> list[OrderEvent]:
        rows = await self._s.execute(
            select(order_events)
            .where(order_events.c.order_id == order_id)
            # Insertion order is the true sequence: transitions of one order are
            # serialised on its row, while `at` comes from callers' clocks.
            .order_by(order_events.c.id)
        )
        return [to_event(r) for r in rows]

    async def by_resident(self, resident_id: int, limit: int = 20) -> list[Order]:
        rows = await self._s.execute(
            select(orders)
            .where(orders.c.resident_id == resident_id)
            .order_by(orders.c.created_at.desc(), orders.c.id.desc())
            .limit(limit)
        )
        return [to_order(r) for r in rows]

    async def by_volunteer(self, volunteer_id: int, statuses: Iterable[OrderStatus]) -> list[Order]:
        rows = await self._s.execute(
            select(orders)
            .where(orders.c.volunteer_id == volunteer_id, orders.c.status.in_(_statuses(statuses)))
            .order_by(orders.c.created_at, orders.c.id)
        )
        return [to_order(r) for r in rows]

    async def pending(self, site_ids: Iterable[int], limit: int = 50) -> list[Order]:
        sites = list(site_ids)
        if not sites:
            return []
        rows = await self._s.execute(_PENDING, {"sites": sites, "limit": limit})
        return [to_order(r) for r in rows]

    async def _previous(self, order_id: int) -> OrderStatus | None:
        """The status the UPDATE replaced when several were allowed; RETURNING only
        shows the new one.

        Every status change writes its event in the same transaction, and our UPDATE
        now holds the row, so the latest event's `to_status` is the old status.
        """
        status = (await self._s.execute(_LAST_STATUS, {"order_id": order_id})).scalar()
        return None if status is None else OrderStatus(status)

    async def _event(
        self,
        order_id: int,
        actor_id: int | None,
        from_status: OrderStatus | None,
        to_status: OrderStatus,
        note: str,
        now: datetime,
    ) -> None:
        params = {
            "order_id": order_id,
            "actor": actor_id,
            "from_status": None if from_status is None else str(from_status),
            "to_status": str(to_status),
            "note": note,
            "at": now,
        }
        await self._s.execute(_EVENT, params)


# The statements of the hot path, built once: building and hashing a statement cost
# more CPU than running it. Each names its bound parameters.

_STATUS = String(16)
_EVENT_COLUMNS = ("order_id", "actor_id", "from_status", "to_status", "note", "at")


def _event_values(order_id: Any, from_status: Any) -> list[Any]:
    """An order_events row for `order_id`: actor, to_status, note and at bound."""
    return [
        order_id,
        bindparam("actor", type_=BigInteger),
        from_status,
        bindparam("to_status", type_=_STATUS),
        bindparam("note", type_=Text),
        bindparam("at", type_=UtcDateTime),
    ]


_EVENT = order_events.insert().values(
    dict(
        zip(
            _EVENT_COLUMNS,
            _event_values(
                bindparam("order_id", type_=Integer), bindparam("from_status", type_=_STATUS)
            ),
            strict=True,
        )
    )
)

_CREATE = orders.insert().returning(*orders.c)


def _create_with_event() -> Select[Any]:
    """PostgreSQL: INSERT the order and, in a data-modifying CTE, its "new" event."""
    created = (
        orders.insert()
        .values({c.name: bindparam(c.name, type_=c.type) for c in orders.c if c.name in _NEW})
        .returning(*orders.c)
        .cte("created")
    )
    event = (
        order_events.insert()
        .from_select(
            list(_EVENT_COLUMNS),
            select(*_event_values(created.c.id, bindparam("from_status", type_=_STATUS))),
        )
        .cte("created_event")
    )
    return select(created).add_cte(event)


_NEW = frozenset(
    {
        "resident_id",
        "service_id",
        "category_code",
        "site_id",
        "when_day",
        "when_by",
        "details",
        "lat",
        "lon",
        "phone",
        "status",
        "created_at",
        "updated_at",
    }
)
_CREATE_WITH_EVENT = _create_with_event()


def _latest_status(order_id: Any) -> Select[Any]:
    """The `to_status` of the order's latest event: the status it holds, or (read
    right after an UPDATE in the same transaction or statement) the one it had."""
    return (
        select(order_events.c.to_status)
        .where(order_events.c.order_id == order_id)
        .order_by(order_events.c.id.desc())
        .limit(1)
    )


_LAST_STATUS = _latest_status(bindparam("order_id", type_=Integer))

# Statuses as literals, as in `ix_orders_pending_created`, so the index applies.
_PENDING = (
    select(orders)
    .where(WAITING, orders.c.site_id.in_(bindparam("sites", expanding=True)))
    .order_by(orders.c.created_at, orders.c.id)
    .limit(bindparam("limit", type_=Integer))
)


@functools.cache
def _transition(fields: frozenset[str]) -> Update:
    """The compare-and-set UPDATE ... RETURNING, for one set of extra fields."""
    return (
        update(orders)
        .where(
            orders.c.id == bindparam("order_id", type_=Integer),
            orders.c.status.in_(bindparam("allowed", expanding=True)),
        )
        .values(
            status=bindparam("to_status", type_=_STATUS),
            updated_at=bindparam("at", type_=UtcDateTime),
            **{name: bindparam(f"set_{name}", type_=orders.c[name].type) for name in fields},
        )
        .returning(*orders.c)
    )


@functools.cache
def _transition_with_event(fields: frozenset[str], known_from: bool) -> Select[Any]:
    """PostgreSQL: the compare-and-set and its event in one statement. The event
    row exists only if the UPDATE matched; with several allowed statuses it reads
    the replaced one from the latest event (the CTEs share the statement's snapshot,
    so that is the event before this one)."""
    moved = _transition(fields).cte("moved")
    previous: Any = (
        bindparam("from_status", type_=_STATUS)
        if known_from
        else _latest_status(moved.c.id).scalar_subquery()
    )
    event = (
        order_events.insert()
        .from_select(list(_EVENT_COLUMNS), select(*_event_values(moved.c.id, previous)))
        .cte("moved_event")
    )
    if known_from:
        return select(moved).add_cte(event)
    # The replaced status, for the statistics roll-up (`SqlStatsRepo.moved`).
    return select(moved, previous.label("previous_status")).add_cte(event)
