"""Port of household civility points: households, members, graders, rules, awards.

`Tx` (`domain.ports.database`) names it. Points are never kept here: each award
names the ledger transaction that moved them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from domain.household_models import HouseAward, Household, HouseholdStatus, HouseRule


class HouseholdRepo(Protocol):
    async def add(self, site_id: int, head_id: int, at: datetime) -> Household: ...

    async def get(self, household_id: int, *, lock: bool = False) -> Household | None: ...

    async def of_person(self, person_id: int) -> Household | None:
        """The pending or active household the person heads or belongs to."""
        ...

    async def decide(
        self, household_id: int, status: HouseholdStatus, by: int, at: datetime
    ) -> bool:
        """pending -> active or refused (compare-and-set); False if it was not pending."""
        ...

    async def active_at(self, site_ids: Iterable[int] | None) -> list[Household]:
        """Active households at these sites (None: all), by id."""
        ...

    async def add_member(self, household_id: int, person_id: int, at: datetime) -> bool:
        """False when the person already belongs to a household."""
        ...

    async def drop_member(self, household_id: int, person_id: int) -> bool:
        """False when the person was not a member of it."""
        ...

    async def set_head(self, household_id: int, person_id: int) -> None:
        """The household's head is now this member (the old head stays a member)."""
        ...

    async def close(self, household_id: int) -> bool:
        """pending/active -> closed, its members freed; False if it was neither."""
        ...

    async def members(self, household_id: int) -> list[int]:
        """The head first, then the members in the order they were added."""
        ...

    async def set_grader(self, site_id: int, person_id: int, by: int, at: datetime) -> None: ...

    async def drop_grader(self, site_id: int, person_id: int) -> bool: ...

    async def grader_sites(self, person_id: int) -> list[int]: ...

    async def graders(self, site_ids: Iterable[int] | None) -> list[tuple[int, int]]:
        """(site id, person id) of the graders at these sites (None: all)."""
        ...

    async def put_rule(self, rule: HouseRule) -> None: ...

    async def rules(self) -> list[HouseRule]: ...

    async def add_award(
        self,
        household_id: int,
        rule_code: str,
        points: int,
        note: str,
        photo_file_id: str | None,
        actor_id: int,
        at: datetime,
        ledger_tx_id: int | None,
    ) -> HouseAward: ...

    async def awards(self, household_id: int, limit: int = 10) -> list[HouseAward]:
        """Newest first."""
        ...
