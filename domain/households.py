"""Household civility points (乡风文明积分): households at a point, graders, awards.

A resident asks to register their household at a point (`ask`); a coordinator of the
point or above confirms or refuses it (`decide`). The head adds members. A
coordinator over the point, or a grader appointed there (`appoint`), awards points
for one of the county's rules (`award`), with an optional photo and note; a rule
with negative points is a deduction (the "red and black list"), which needs a
reason. Every award is one balanced ledger transaction between the county's issuing
account and the household's, and one `household_awards` row naming it: nothing is
updated in place. A deduction never takes the household below zero: it takes what
is there, and the row says how much.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import Refused
from domain.household_models import (
    NOTE_MAX,
    HouseAward,
    Household,
    HouseholdStatus,
    HouseRule,
)
from domain.ledger_models import ISSUING, Posting, TxKind, household, transfer
from domain.models import SiteLevel
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.roles import Authority

MAX_ID = 2**31 - 1
MAX_PERSON = 2**63 - 1
RECENT = 5


@dataclass(frozen=True, slots=True)
class AskedToRegister:
    household: Household
    coordinators: list[int]  # who may confirm it


@dataclass(frozen=True, slots=True)
class Decided:
    household: Household
    approved: bool


@dataclass(frozen=True, slots=True)
class Awarded:
    award: HouseAward
    rule: HouseRule
    household: Household
    balance: int  # the household's points after it
    members: list[int]  # who is told (head first)


@dataclass(frozen=True, slots=True)
class MyHousehold:
    household: Household
    members: list[int]
    balance: int
    recent: list[HouseAward]


@dataclass(frozen=True, slots=True)
class AwardChoices:
    """What a grader may award: the households in reach and the county's rules."""

    households: list[Household]
    rules: list[HouseRule]


@dataclass(frozen=True, slots=True)
class Left:
    """A member left (or was removed): who is told is the other side and the head."""

    household: Household
    person_id: int
    by_head: bool  # removed by the head, rather than leaving
    members: list[int]  # who is still in it, head first


@dataclass(frozen=True, slots=True)
class HeadChanged:
    household: Household  # with its new head
    old_head: int
    members: list[int]
    coordinators: list[int]  # the point's, who keep its register


@dataclass(frozen=True, slots=True)
class Dissolved:
    household: Household
    balance: int  # what is left on its account (kept, as all its history)
    coordinators: list[int]


class Households:
    def __init__(self, db: Database, clock: Clock, authority: Authority) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority

    async def rules(self) -> list[HouseRule]:
        async with self._db.read() as tx:
            return await tx.households.rules()

    async def points(self) -> list[tuple[int, str, str]]:
        """The points one may register at: (id, zh, en)."""
        async with self._db.read() as tx:
            tree = await self._authority.reference.sites(tx)
        return [(s.id, s.name.zh, s.name.en) for s in tree.points()]

    async def ask(self, person_id: int, site_id: int) -> AskedToRegister:
        now = self._clock.now()
        async with self._db.transaction() as tx:
            tree = await self._authority.reference.sites(tx)
            site = tree.get(site_id) if 0 < site_id <= MAX_ID else None
            if site is None or site.level is not SiteLevel.POINT:
                raise Refused("households-not-a-point")
            if await tx.households.of_person(person_id) is not None:
                raise Refused("households-already")
            added = await tx.households.add(site_id, person_id, now)
            await tx.households.add_member(added.id, person_id, now)
            ancestors = [s.id for s in tree.ancestors(site_id)]
            coordinators = [c for c in await tx.roles.coordinators_of(ancestors) if c != person_id]
            return AskedToRegister(added, coordinators)

    async def decide(self, coordinator_id: int, household_id: int, approve: bool) -> Decided:
        async with self._db.transaction() as tx:
            found = await self._household(tx, household_id)
            await self._authority.require_over(
                tx, coordinator_id, found.site_id, "households-not-your-point"
            )
            status = HouseholdStatus.ACTIVE if approve else HouseholdStatus.REFUSED
            if not await tx.households.decide(found.id, status, coordinator_id, self._clock.now()):
                raise Refused("households-decided")
            decided = await tx.households.get(found.id)
            assert decided is not None
            return Decided(decided, approve)

    async def add_member(self, head_id: int, person_id: int) -> Household:
        async with self._db.transaction() as tx:
            mine = await tx.households.of_person(head_id)
            if mine is None or mine.head_id != head_id:
                raise Refused("households-not-head")
            if mine.status is not HouseholdStatus.ACTIVE:
                raise Refused("households-not-confirmed")
            if not 0 < person_id <= MAX_PERSON or await tx.users.get(person_id) is None:
                raise Refused("households-no-such-person", user=person_id)
            if not await tx.households.add_member(mine.id, person_id, self._clock.now()):
                raise Refused("households-member-elsewhere", user=person_id)
            return mine

    async def mine(self, person_id: int) -> MyHousehold | None:
        async with self._db.transaction() as tx:
            mine = await tx.households.of_person(person_id)
            if mine is None:
                return None
            members = await tx.households.members(mine.id)
            balance = await tx.ledger.balance(household(mine.id))
            recent = await tx.households.awards(mine.id, RECENT)
            return MyHousehold(mine, members, balance, recent)

    # Leaving: a member leaves; the head removes a member, hands headship over, or,
    # alone, dissolves the household. The household row is locked first, so two of
    # these at once on one household run one after the other. Nothing of the ledger
    # moves: its points stay on the household's account, its history as it was.

    async def leave(self, person_id: int) -> Left:
        async with self._db.transaction() as tx:
            home = await self._locked_home(tx, person_id)
            if home.head_id == person_id:
                raise Refused("households-head-cannot-leave")
            await tx.households.drop_member(home.id, person_id)
            return Left(home, person_id, False, await tx.households.members(home.id))

    async def remove(self, head_id: int, person_id: int) -> Left:
        async with self._db.transaction() as tx:
            home = await self._headed(tx, head_id)
            if person_id == head_id or not await tx.households.drop_member(home.id, person_id):
                raise Refused("households-not-a-member", user=person_id)
            return Left(home, person_id, True, await tx.households.members(home.id))

    async def make_head(self, head_id: int, person_id: int) -> HeadChanged:
        async with self._db.transaction() as tx:
            home = await self._headed(tx, head_id)
            members = await tx.households.members(home.id)
            if person_id == head_id or person_id not in members:
                raise Refused("households-not-a-member", user=person_id)
            await tx.households.set_head(home.id, person_id)
            changed = await tx.households.get(home.id)
            assert changed is not None
            coordinators = await self._coordinators(tx, home.site_id, person_id)
            return HeadChanged(changed, head_id, members, coordinators)

    async def dissolve(self, head_id: int) -> Dissolved:
        async with self._db.transaction() as tx:
            home = await self._headed(tx, head_id, active=False)
            if await tx.households.members(home.id) != [head_id]:
                raise Refused("households-not-alone")
            await tx.households.close(home.id)
            balance = await tx.ledger.balance(household(home.id))
            coordinators = await self._coordinators(tx, home.site_id, head_id)
            return Dissolved(home, balance, coordinators)

    async def _locked_home(self, tx: Tx, person_id: int) -> Household:
        found = await tx.households.of_person(person_id)
        home = None if found is None else await tx.households.get(found.id, lock=True)
        if home is None or home.status not in (HouseholdStatus.ACTIVE, HouseholdStatus.PENDING):
            raise Refused("households-not-in-one")
        return home

    async def _headed(self, tx: Tx, head_id: int, *, active: bool = True) -> Household:
        home = await self._locked_home(tx, head_id)
        if home.head_id != head_id:
            raise Refused("households-head-only")
        if active and home.status is not HouseholdStatus.ACTIVE:
            raise Refused("households-not-confirmed")
        return home

    async def _coordinators(self, tx: Tx, site_id: int, but: int) -> list[int]:
        tree = await self._authority.reference.sites(tx)
        ancestors = [s.id for s in tree.ancestors(site_id)]
        return [c for c in await tx.roles.coordinators_of(ancestors) if c != but]

    # Graders: appointed at a point by a coordinator over it.

    async def appoint(self, coordinator_id: int, person_id: int, site_id: int) -> None:
        async with self._db.transaction() as tx:
            await self._point_of_mine(tx, coordinator_id, site_id)
            if not 0 < person_id <= MAX_PERSON or await tx.users.get(person_id) is None:
                raise Refused("households-no-such-person", user=person_id)
            await tx.households.set_grader(site_id, person_id, coordinator_id, self._clock.now())

    async def dismiss(self, coordinator_id: int, person_id: int, site_id: int) -> None:
        async with self._db.transaction() as tx:
            await self._point_of_mine(tx, coordinator_id, site_id)
            if not await tx.households.drop_grader(site_id, person_id):
                raise Refused("households-not-a-grader", user=person_id)

    async def graders(self, coordinator_id: int) -> list[tuple[int, int]]:
        async with self._db.transaction() as tx:
            sites = await self._authority.sites_of(tx, coordinator_id)
            return await tx.households.graders(sites)

    # Awards and deductions.

    async def choices(self, grader_id: int) -> AwardChoices:
        async with self._db.transaction() as tx:
            sites = await self._reach(tx, grader_id)
            found = await tx.households.active_at(sites)
            if not found:
                raise Refused("households-none-to-award")
            return AwardChoices(found, await tx.households.rules())

    async def award(
        self,
        grader_id: int,
        household_id: int,
        rule_code: str,
        note: str = "",
        photo_file_id: str | None = None,
    ) -> Awarded:
        note = note.strip()[:NOTE_MAX]
        now = self._clock.now()
        async with self._db.transaction() as tx:
            found = await self._household(tx, household_id)
            if found.status is not HouseholdStatus.ACTIVE:
                raise Refused("households-not-confirmed")
            sites = await self._reach(tx, grader_id)
            if sites is not None and found.site_id not in sites:
                raise Refused("households-not-your-point")
            rule = next((r for r in await tx.households.rules() if r.code == rule_code), None)
            if rule is None:
                raise Refused("households-no-such-rule")
            if rule.deduction and not note:
                raise Refused("households-deduction-needs-reason")
            account = household(found.id)
            points = rule.points
            if rule.deduction:  # never below zero: what is there, at most the rule's
                # Balance rows are locked in account-id order, as every post locks
                # them: the county's issuing account (made first) before the
                # household's, or an award posting at once could deadlock with this.
                await tx.ledger.balance(ISSUING, lock=True)
                points = -min(-rule.points, await tx.ledger.balance(account, lock=True))
            ledger_tx = None
            if points:
                entries = (
                    transfer(ISSUING, account, points)
                    if points > 0
                    else transfer(account, ISSUING, -points)
                )
                kind = TxKind.AWARD if points > 0 else TxKind.DEDUCT
                posting = Posting(
                    kind,
                    entries,
                    ref=f"household:{found.id}:{rule.code}",
                    actor_id=grader_id,
                    reason=note or None,
                )
                ledger_tx = await tx.ledger.post(posting, now)
            written = await tx.households.add_award(
                found.id, rule.code, points, note, photo_file_id, grader_id, now, ledger_tx
            )
            balance = await tx.ledger.balance(account)
            members = await tx.households.members(found.id)
            return Awarded(written, rule, found, balance, members)

    async def _household(self, tx: Tx, household_id: int) -> Household:
        found = await tx.households.get(household_id) if 0 < household_id <= MAX_ID else None
        if found is None:
            raise Refused("households-no-such", id=household_id)
        return found

    async def _reach(self, tx: Tx, user_id: int) -> list[int] | None:
        """Where the user may award: the points they grade and the sites they
        coordinate (None: everywhere, an admin)."""
        graded = await tx.households.grader_sites(user_id)
        try:
            sites = await self._authority.sites_of(tx, user_id)
        except Refused:
            if not graded:
                raise Refused("households-not-a-grader-here") from None
            return graded
        return None if sites is None else sorted(set(sites) | set(graded))

    async def _point_of_mine(self, tx: Tx, coordinator_id: int, site_id: int) -> None:
        tree = await self._authority.reference.sites(tx)
        site = tree.get(site_id) if 0 < site_id <= MAX_ID else None
        if site is None or site.level is not SiteLevel.POINT:
            raise Refused("households-not-a-point")
        await self._authority.require_over(
            tx, coordinator_id, site_id, "households-point-not-yours"
        )
