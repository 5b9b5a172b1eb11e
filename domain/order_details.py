"""What an order says beyond the point and the day: where exactly, when in the
day, for whom, and who entered it.

- **Where:** at home (上门) or at the station (到站); at home, an optional house
  address (building, unit, door) as typed, or a location pin. A pin's
  coordinates are the order's own `lat` / `lon`, so dispatch measures distance
  to it rather than to the point (`domain.offers` already prefers them).
- **When in the day:** a part of the day (上午 / 下午 / 晚上) or a clock time.
- **For whom:** the orderer, or a family member or neighbour (the beneficiary):
  their name, relation and phone. When someone here has that phone stored, they
  are the beneficiary's person and are told of the order.
- **Taken by phone:** a coordinator who entered the order for a resident who
  phoned the station (`entered_by`).

Kept in `order_details`, one row per order; an order placed before it has none.
Personal data all of it: never logged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from domain.errors import Refused
from domain.models import Order
from domain.order_details_models import OrderDetails
from domain.ports.database import Tx
from domain.roles import Authority


@dataclass(frozen=True, slots=True)
class Attached:
    """What placing the details decided: who else must hear of the order."""

    details: OrderDetails
    beneficiary_id: int | None = None  # the beneficiary's person, to be told


async def attach(
    tx: Tx, authority: Authority, order: Order, details: OrderDetails, orderer_id: int
) -> Attached:
    """Store the order's details in its placing transaction. An order entered by
    a coordinator needs one over its site (checked again here, not trusted from
    the flow); a beneficiary's phone finds their person, unless it is the
    orderer's own."""
    if details.entered_by is not None:
        await authority.require_over(tx, details.entered_by, order.site_id)
        if details.beneficiary is None:
            raise Refused("order-for-whom")
    person = None
    if details.beneficiary is not None and details.beneficiary.phone:
        person = await tx.order_details.person_with_phone(details.beneficiary.phone)
        if person == orderer_id:
            person = None
        details = replace(details, beneficiary=replace(details.beneficiary, person_id=person))
    await tx.order_details.put(order.id, details)
    return Attached(details, person)
