"""Command menus (the "/" list in Telegram) by role and language.

A resident has the default menu, set once per language with no scope; a volunteer
and a coordinator get their own in their chat. `wanted` says which menu a person
should have now; `claim` takes the change (compare-and-set on the code stored for
them), so when every worker syncs at start-up each change is made by one of them,
and nothing is set again that did not change. The code is `<role>:<locale>:<version>`,
the version naming the command lists, so a new command list re-sets everyone once.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.ports.clock import Clock
from domain.ports.database import Database
from domain.roles import Authority, Roles

RESIDENT, VOLUNTEER, COORDINATOR = "resident", "volunteer", "coordinator"


def role_of(roles: Roles) -> str:
    if roles.coordinator or roles.admin:
        return COORDINATOR
    return VOLUNTEER if roles.volunteer else RESIDENT


@dataclass(frozen=True, slots=True)
class Wanted:
    person_id: int
    role: str
    locale: str | None  # the person's choice; None: the default language
    reachable: bool = True  # False: blocked the bot or never started it (until they write)

    def code(self, version: str, default_locale: str) -> str | None:
        """The code to store; None for a resident (the default menus serve them)."""
        if self.role == RESIDENT:
            return None
        return f"{self.role}:{self.locale or default_locale}:{version}"


class Menus:
    def __init__(self, db: Database, authority: Authority, clock: Clock) -> None:
        self._db = db
        self._authority = authority
        self._clock = clock

    async def wanted(self, person_id: int) -> Wanted:
        async with self._db.transaction() as tx:
            roles = await self._authority.roles(tx, person_id)
            profile = await tx.users.get(person_id)
        return Wanted(
            person_id,
            role_of(roles),
            profile.locale if profile else None,
            reachable=profile is not None and not profile.unreachable,
        )

    async def given(self, person_id: int) -> str | None:
        async with self._db.read() as tx:
            return await tx.menus.given(person_id)

    async def claim(self, person_id: int, was: str | None, menu: str | None) -> bool:
        if was == menu:
            return False
        async with self._db.transaction() as tx:
            return await tx.menus.swap(person_id, was, menu, self._clock.now())

    async def people(self) -> list[int]:
        """Everyone to sync at start-up: who holds a role or was given a menu, and
        the admins of the settings."""
        async with self._db.read() as tx:
            found = set(await tx.menus.people())
        return sorted(found | set(self._authority.admin_ids))
