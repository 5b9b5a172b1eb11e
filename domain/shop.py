"""The points shop (积分超市): a coordinator's rewards per site, a volunteer's pickup
code, and the keeper's hand-over.

Asking for a reward (`reserve`) writes only a pickup: a single-use code that
expires. Its points and a unit of stock are checked then, softly (a person's open
pickups count against their balance). The hand-over (`hand_over`, `/redeem`) is
where it counts, in one transaction: the code's compare-and-set (used once), the
stock's (never below zero), and the ledger transaction from the person to the
site's shop, whose balance check refuses an overdraw. Any refusal rolls all three
back, so 20 hand-overs at once on a balance for 3 leave at most 3 done.

A household spends its civility points the same way (`reserve_for_household`): the
head asks (its members too, where the county's `household_members_redeem` allows),
the pickup names the household, and the hand-over debits the household's account.
No balance is locked before the post: the post alone locks balance rows, in
account-id order, so household and person hand-overs at once never deadlock.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from domain.errors import Refused
from domain.household_models import Household, HouseholdStatus
from domain.ledger_models import Account, Posting, TxKind, household, person, shop, transfer
from domain.models import LocalName
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.roles import Authority
from domain.shop_models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_POINTS,
    MAX_STOCK,
    Pickup,
    PickupStatus,
    Reward,
    normal_code,
)

PICKUP_TTL = timedelta(days=7)
MAX_ID = 2**31 - 1  # reward ids are INTEGER: a typed or tampered larger one names nothing
CodeMaker = Callable[[], str]


def random_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True, slots=True)
class Reserved:
    pickup: Pickup
    reward: Reward


@dataclass(frozen=True, slots=True)
class HandedOver:
    pickup: Pickup
    reward: Reward
    balance: int  # the points left where they came from (the person's, or the household's)
    ledger_tx: int
    household: Household | None = None  # spent from this household's balance
    members: tuple[int, ...] = ()  # the household's people, head first, to be told


class Shop:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        authority: Authority,
        ttl: timedelta = PICKUP_TTL,
        codes: CodeMaker = random_code,
    ) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._ttl = ttl
        self._codes = codes

    # The catalogue: coordinators of the pickup site (or above).

    async def add(
        self, coordinator_id: int, site_id: int, name: LocalName, points: int, stock: int
    ) -> Reward:
        _check_numbers(points, stock)
        if not name.zh.strip():
            raise Refused("shop-bad-name")
        async with self._db.transaction() as tx:
            site = await self._authority.reference.sites(tx)
            if site.get(site_id) is None:
                raise Refused("no-such-site", id=site_id)
            await self._authority.require_over(
                tx, coordinator_id, site_id, "shop-outside-your-sites"
            )
            return await tx.shop.add(site_id, name, points, stock)

    async def set_stock(self, coordinator_id: int, reward_id: int, stock: int) -> Reward:
        _check_numbers(1, stock)
        async with self._db.transaction() as tx:
            reward = await self._own(tx, coordinator_id, reward_id)
            await tx.shop.set_stock(reward.id, stock)
            found = await tx.shop.get(reward.id)
            assert found is not None
            return found

    async def withdraw(self, coordinator_id: int, reward_id: int) -> Reward:
        async with self._db.transaction() as tx:
            reward = await self._own(tx, coordinator_id, reward_id)
            await tx.shop.set_active(reward.id, False)
            return reward

    async def managed(self, coordinator_id: int) -> list[Reward]:
        """Every active reward in the coordinator's sites."""
        async with self._db.transaction() as tx:
            sites = await self._authority.sites_of(tx, coordinator_id)
            return await tx.shop.rewards(sites, in_stock=False)

    # Volunteers.

    async def rewards(self) -> list[Reward]:
        async with self._db.read() as tx:
            return await tx.shop.rewards(None, in_stock=True)

    async def mine(self, person_id: int) -> list[tuple[Pickup, Reward]]:
        async with self._db.transaction() as tx:
            pickups = await tx.shop.pickups_of(person_id, self._clock.now())
            found = []
            for pickup in pickups:
                reward = await tx.shop.get(pickup.reward_id)
                if reward is not None:
                    found.append((pickup, reward))
            return found

    async def reserve(self, person_id: int, reward_id: int) -> Reserved:
        now = self._clock.now()
        async with self._db.transaction() as tx:
            if await tx.volunteers.get(person_id) is None:
                raise Refused("shop-volunteers-only")
            reward = await tx.shop.get(reward_id) if 0 < reward_id <= MAX_ID else None
            if reward is None or not reward.active:
                raise Refused("shop-no-reward", id=reward_id)
            if reward.stock <= 0:
                raise Refused("shop-out-of-stock", name=reward.name.zh)
            balance = await tx.ledger.balance(person(person_id))
            held = await tx.shop.open_points(person_id, now)
            if balance - held < reward.points:
                raise Refused("not-enough-points", have=balance - held, need=reward.points)
            for _ in range(5):  # a taken code is a 1-in-10^11 event; drawn again
                pickup = await tx.shop.open_pickup(
                    self._codes(), reward.id, person_id, reward.points, now, now + self._ttl
                )
                if pickup is not None:
                    return Reserved(pickup, reward)
            raise RuntimeError("could not draw a free pickup code")

    async def household_pickups(self, person_id: int) -> list[tuple[Pickup, Reward]]:
        """The open pickups of the person's household."""
        async with self._db.transaction() as tx:
            home = await tx.households.of_person(person_id)
            if home is None:
                return []
            found = []
            for pickup in await tx.shop.pickups_of_household(home.id, self._clock.now()):
                reward = await tx.shop.get(pickup.reward_id)
                if reward is not None:
                    found.append((pickup, reward))
            return found

    async def reserve_for_household(self, person_id: int, reward_id: int) -> Reserved:
        """A pickup code paid from the household's balance, for its head (or, where the
        county allows, any member)."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            home = await self._spender(tx, person_id)
            reward = await tx.shop.get(reward_id) if 0 < reward_id <= MAX_ID else None
            if reward is None or not reward.active:
                raise Refused("shop-no-reward", id=reward_id)
            if reward.stock <= 0:
                raise Refused("shop-out-of-stock", name=reward.name.zh)
            balance = await tx.ledger.balance(household(home.id))
            held = await tx.shop.household_open_points(home.id, now)
            if balance - held < reward.points:
                raise Refused("not-enough-points", have=balance - held, need=reward.points)
            for _ in range(5):
                pickup = await tx.shop.open_pickup(
                    self._codes(),
                    reward.id,
                    person_id,
                    reward.points,
                    now,
                    now + self._ttl,
                    household_id=home.id,
                )
                if pickup is not None:
                    return Reserved(pickup, reward)
            raise RuntimeError("could not draw a free pickup code")

    async def may_spend_for_household(self, person_id: int) -> bool:
        async with self._db.transaction() as tx:
            try:
                await self._spender(tx, person_id)
            except Refused:
                return False
            return True

    async def _spender(self, tx: Tx, person_id: int) -> Household:
        home = await tx.households.of_person(person_id)
        if home is None or home.status is not HouseholdStatus.ACTIVE:
            raise Refused("shop-no-household")
        if home.head_id != person_id and not (await tx.ledger.rules()).members_redeem:
            raise Refused("shop-household-head-only")
        return home

    # The keeper: a coordinator of the pickup site (or above).

    async def hand_over(self, keeper_id: int, raw_code: str) -> HandedOver:
        code = normal_code(raw_code)
        if code is None:
            raise Refused("shop-bad-code")
        now = self._clock.now()
        async with self._db.transaction() as tx:
            pickup = await tx.shop.pickup(code, lock=True)
            if pickup is None:
                raise Refused("shop-bad-code")
            reward = await tx.shop.get(pickup.reward_id)
            assert reward is not None  # rewards are never deleted
            await self._authority.require_over(tx, keeper_id, reward.site_id, "shop-not-your-site")
            if pickup.status is PickupStatus.USED:
                raise Refused("shop-code-used")
            if pickup.expires_at <= now:
                raise Refused("shop-code-expired")
            if not await tx.shop.use_pickup(pickup.id, keeper_id, now):
                raise Refused("shop-code-used")
            if not await tx.shop.take_one(reward.id):
                raise Refused("shop-out-of-stock", name=reward.name.zh)
            payer: Account = person(pickup.person_id)
            home: Household | None = None
            members: tuple[int, ...] = ()
            if pickup.household_id is not None:
                payer = household(pickup.household_id)
                home = await tx.households.get(pickup.household_id)
                members = tuple(await tx.households.members(pickup.household_id))
            entries = transfer(payer, shop(reward.site_id), pickup.points)
            posting = Posting(TxKind.REDEEM, entries, ref=f"pickup:{pickup.id}", actor_id=keeper_id)
            ledger_tx = await tx.ledger.post(posting, now)
            balance = await tx.ledger.balance(payer)
            used = await tx.shop.pickup(code)
            assert used is not None
            return HandedOver(used, reward, balance, ledger_tx, home, members)

    async def _own(self, tx: Tx, coordinator_id: int, reward_id: int) -> Reward:
        reward = await tx.shop.get(reward_id) if 0 < reward_id <= MAX_ID else None
        if reward is None or not reward.active:
            raise Refused("shop-no-reward", id=reward_id)
        await self._authority.require_over(
            tx, coordinator_id, reward.site_id, "shop-outside-your-sites"
        )
        return reward


def _check_numbers(points: int, stock: int) -> None:
    if not 0 < points <= MAX_POINTS:
        raise Refused("shop-bad-points", max=MAX_POINTS)
    if not 0 <= stock <= MAX_STOCK:
        raise Refused("shop-bad-stock", max=MAX_STOCK)
