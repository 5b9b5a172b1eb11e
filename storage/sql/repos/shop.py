"""The points shop: rewards per site and pickup codes; stock moves by compare-and-set."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from domain.models import LocalName
from domain.shop_models import Pickup, PickupStatus, Reward
from storage.sql.repos.base import SqlRepo
from storage.sql.tables import shop_pickups, shop_rewards


def _reward(row: Any) -> Reward:
    return Reward(
        id=row.id,
        site_id=row.site_id,
        name=LocalName(row.name_zh, row.name_en),
        points=int(row.points),
        stock=int(row.stock),
        active=bool(row.active),
    )


def _pickup(row: Any) -> Pickup:
    return Pickup(
        id=row.id,
        code=row.code,
        reward_id=row.reward_id,
        person_id=row.person_id,
        points=int(row.points),
        status=PickupStatus(row.status),
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        used_by=row.used_by,
        household_id=row.household_id,
    )


class SqlShopRepo(SqlRepo):
    async def add(self, site_id: int, name: LocalName, points: int, stock: int) -> Reward:
        stmt = (
            shop_rewards.insert()
            .values(site_id=site_id, name_zh=name.zh, name_en=name.en, points=points, stock=stock)
            .returning(*shop_rewards.c)
        )
        return _reward((await self._s.execute(stmt)).one())

    async def get(self, reward_id: int) -> Reward | None:
        row = (
            await self._s.execute(select(shop_rewards).where(shop_rewards.c.id == reward_id))
        ).first()
        return None if row is None else _reward(row)

    async def rewards(self, site_ids: Iterable[int] | None, *, in_stock: bool) -> list[Reward]:
        stmt = (
            select(shop_rewards).where(shop_rewards.c.active.is_(True)).order_by(shop_rewards.c.id)
        )
        if site_ids is not None:
            stmt = stmt.where(shop_rewards.c.site_id.in_(list(site_ids)))
        if in_stock:
            stmt = stmt.where(shop_rewards.c.stock > 0)
        return [_reward(r) for r in await self._s.execute(stmt)]

    async def set_stock(self, reward_id: int, stock: int) -> bool:
        done = await self._s.execute(
            update(shop_rewards).where(shop_rewards.c.id == reward_id).values(stock=stock)
        )
        return done.rowcount == 1

    async def set_active(self, reward_id: int, active: bool) -> bool:
        done = await self._s.execute(
            update(shop_rewards).where(shop_rewards.c.id == reward_id).values(active=active)
        )
        return done.rowcount == 1

    async def take_one(self, reward_id: int) -> bool:
        done = await self._s.execute(
            update(shop_rewards)
            .where(shop_rewards.c.id == reward_id, shop_rewards.c.stock >= 1)
            .values(stock=shop_rewards.c.stock - 1)
        )
        return done.rowcount == 1

    async def open_pickup(
        self,
        code: str,
        reward_id: int,
        person_id: int,
        points: int,
        at: datetime,
        expires_at: datetime,
        household_id: int | None = None,
    ) -> Pickup | None:
        stmt = (
            self._insert(shop_pickups)
            .values(
                code=code,
                reward_id=reward_id,
                person_id=person_id,
                points=points,
                status=str(PickupStatus.OPEN),
                created_at=at,
                expires_at=expires_at,
                household_id=household_id,
            )
            .on_conflict_do_nothing(index_elements=[shop_pickups.c.code])
            .returning(*shop_pickups.c)
        )
        row = (await self._s.execute(stmt)).first()
        return None if row is None else _pickup(row)

    async def pickup(self, code: str, *, lock: bool = False) -> Pickup | None:
        stmt = select(shop_pickups).where(shop_pickups.c.code == code)
        if lock and self._dialect == "postgresql":
            stmt = stmt.with_for_update()
        row = (await self._s.execute(stmt)).first()
        return None if row is None else _pickup(row)

    async def use_pickup(self, pickup_id: int, keeper_id: int, at: datetime) -> bool:
        done = await self._s.execute(
            update(shop_pickups)
            .where(shop_pickups.c.id == pickup_id, shop_pickups.c.status == str(PickupStatus.OPEN))
            .values(status=str(PickupStatus.USED), used_at=at, used_by=keeper_id)
        )
        return done.rowcount == 1

    def _open(self, person_id: int, now: datetime) -> Any:
        return (
            shop_pickups.c.person_id == person_id,
            shop_pickups.c.status == str(PickupStatus.OPEN),
            shop_pickups.c.expires_at > now,
        )

    async def open_points(self, person_id: int, now: datetime) -> int:
        """What the person's own open pickups hold of their balance (not their
        household's: those hold the household's)."""
        stmt = select(func.coalesce(func.sum(shop_pickups.c.points), 0)).where(
            *self._open(person_id, now), shop_pickups.c.household_id.is_(None)
        )
        return int((await self._s.execute(stmt)).scalar_one())

    async def household_open_points(self, household_id: int, now: datetime) -> int:
        stmt = select(func.coalesce(func.sum(shop_pickups.c.points), 0)).where(
            shop_pickups.c.household_id == household_id,
            shop_pickups.c.status == str(PickupStatus.OPEN),
            shop_pickups.c.expires_at > now,
        )
        return int((await self._s.execute(stmt)).scalar_one())

    async def pickups_of(self, person_id: int, now: datetime) -> list[Pickup]:
        stmt = (
            select(shop_pickups)
            .where(*self._open(person_id, now), shop_pickups.c.household_id.is_(None))
            .order_by(shop_pickups.c.id.desc())
            .limit(20)
        )
        return [_pickup(r) for r in await self._s.execute(stmt)]

    async def pickups_of_household(self, household_id: int, now: datetime) -> list[Pickup]:
        stmt = (
            select(shop_pickups)
            .where(
                shop_pickups.c.household_id == household_id,
                shop_pickups.c.status == str(PickupStatus.OPEN),
                shop_pickups.c.expires_at > now,
            )
            .order_by(shop_pickups.c.id.desc())
            .limit(20)
        )
        return [_pickup(r) for r in await self._s.execute(stmt)]
