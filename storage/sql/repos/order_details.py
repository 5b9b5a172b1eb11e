"""An order's details: one row per order, written once when it is placed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from domain.order_details_models import Beneficiary, OrderDetails, Visit
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import order_details, users


def _to_details(row: Any) -> OrderDetails:
    beneficiary = None
    if row.beneficiary_name is not None:
        beneficiary = Beneficiary(
            name=row.beneficiary_name,
            relation=row.beneficiary_relation or "",
            phone=row.beneficiary_phone,
            person_id=row.beneficiary_id,
        )
    return OrderDetails(
        visit=Visit(row.visit) if row.visit else None,
        address=row.address or "",
        pinned=bool(row.pinned),
        day_part=row.day_part,
        at_time=row.at_time,
        beneficiary=beneficiary,
        entered_by=row.entered_by,
    )


class SqlOrderDetailsRepo(SqlRepo):
    async def put(self, order_id: int, details: OrderDetails) -> None:
        who = details.beneficiary
        await self._s.execute(
            order_details.insert().values(
                order_id=order_id,
                visit=details.visit.value if details.visit else None,
                address=details.address,
                pinned=details.pinned,
                day_part=details.day_part,
                at_time=details.at_time,
                beneficiary_name=who.name if who else None,
                beneficiary_relation=who.relation if who else None,
                beneficiary_phone=who.phone if who else None,
                beneficiary_id=who.person_id if who else None,
                entered_by=details.entered_by,
            )
        )

    async def get(self, order_id: int) -> OrderDetails | None:
        row = (
            await self._s.execute(select(order_details).where(order_details.c.order_id == order_id))
        ).first()
        return None if row is None else _to_details(row)

    async def person_with_phone(self, phone: str) -> int | None:
        found = (
            await self._s.execute(
                select(func.min(users.c.id), func.count()).where(users.c.phone == phone)
            )
        ).first()
        if found is None or found[1] != 1:
            return None
        return int(found[0])
