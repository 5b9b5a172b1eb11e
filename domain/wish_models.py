"""The wish wall's value objects (心愿墙): a resident's wish and where it stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

WISH_MAX = 500  # what one typed wish keeps
REASON_MAX = 300
Mode = Literal["order", "post"]


class WishStatus(StrEnum):
    OPEN = "open"  # waiting for a coordinator
    REJECTED = "rejected"
    ORDERED = "ordered"  # turned into an order (`order_id`), dispatched like one
    POSTED = "posted"  # on the wall for the team's volunteers to claim
    CLAIMED = "claimed"  # a volunteer of the team took it (`claimed_by`): an order they hold


@dataclass(frozen=True, slots=True)
class Wish:
    id: int
    resident_id: int
    site_id: int
    text: str  # typed; "" when only said (`voice_file_id`)
    voice_file_id: str | None
    status: WishStatus
    created_at: datetime
    category_code: str | None = None
    team_id: int | None = None
    mode: Mode | None = None
    reason: str | None = None
    decided_by: int | None = None
    claimed_by: int | None = None
    order_id: int | None = None
    service_id: int | None = None  # what it is an order of, once claimed or placed
