"""Dispatch by buttons: the best candidates for a waiting order, ranked as a wave is.

A coordinator's `/order n` (and the Assign button of `/pending`) lists them, each a
button that assigns through `OrderDesk.assign` (its checks and its audit row). The
list is the dispatcher's own ranking (`Dispatcher.ranked`): inside the service
circle first, the site hierarchy, distance, open tasks, rating. Who declined the
order, and its resident, are left out; who has an open offer of it stays in (a
coordinator may give it to them). Everyone listed can be reached: dispatch never
ranks who blocked the bot or never started it. So that a coordinator knows why
someone nearby is missing, up to `UNREACHABLE_SHOWN` fitting volunteers of the
order's point and station who cannot be reached follow, marked so, with no button
(`OrderDesk.assign` would refuse them).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain import lifecycle
from domain.errors import Refused
from domain.models import LocalName, OfferStatus, Order, Volunteer
from domain.offers import Dispatcher
from domain.ports.database import Database, Tx
from domain.ranking import average_rating
from domain.roles import Authority

SHOWN = 5  # candidates offered as buttons
UNREACHABLE_SHOWN = 3  # who fits but cannot be reached, listed after them
ROSTER_READ = 50  # at most this many of the point's and station's volunteers read


@dataclass(frozen=True, slots=True)
class Candidate:
    volunteer: Volunteer
    distance_km: float | None
    rating: float | None  # None: not rated yet
    reachable: bool = True


@dataclass(frozen=True, slots=True)
class Shortlist:
    order: Order
    candidates: list[Candidate]
    teams: dict[int, LocalName]  # each candidate's team's name, by team id


class Candidates:
    def __init__(self, db: Database, authority: Authority, dispatcher: Dispatcher) -> None:
        self._db = db
        self._authority = authority
        self._dispatcher = dispatcher

    async def waiting(self, order_id: int, coordinator_id: int) -> Order:
        """The order, if it still waits and the coordinator is over its site."""
        async with self._db.read() as tx:
            order = await tx.orders.get(order_id)
            if order is None:
                raise Refused("no-such-order", id=order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
        if order.status not in lifecycle.PENDING_STATUSES:
            raise Refused("order-not-pending", id=order_id)
        return order

    async def shortlist(self, order_id: int, coordinator_id: int, count: int = SHOWN) -> Shortlist:
        """The best `count` to give a waiting order to; Refused if it no longer waits."""
        async with self._db.transaction() as tx:
            order = await tx.orders.get(order_id)
            if order is None:
                raise Refused("no-such-order", id=order_id)
            await self._authority.require_over(tx, coordinator_id, order.site_id)
            if order.status not in lifecycle.PENDING_STATUSES:
                raise Refused("order-not-pending", id=order_id)
            offers = await tx.offers.for_order(order_id)
            excluded = {o.volunteer_id for o in offers if o.status is OfferStatus.DECLINED}
            excluded.add(order.resident_id)
            ranked = await self._dispatcher.ranked(tx, order, excluded, count)
            listed = [
                Candidate(
                    r.volunteer,
                    r.distance_km,
                    average_rating(r.volunteer) if r.volunteer.rating_count else None,
                )
                for r in ranked
            ]
            listed += await self._unreachable(
                tx, order, excluded | {r.volunteer.user_id for r in ranked}
            )
            names: dict[int, LocalName] = {}
            for team_id in {c.volunteer.team_id for c in listed}:
                team = await tx.teams.get(team_id)
                if team is not None:
                    names[team_id] = team.name
        return Shortlist(order, listed, names)

    @staticmethod
    async def _unreachable(tx: Tx, order: Order, excluded: set[int]) -> list[Candidate]:
        """Active volunteers of the order's category at its point or station whom
        the bot cannot reach: shown, never assignable."""
        site = await tx.sites.get(order.site_id)
        sites = [order.site_id] + ([site.parent_id] if site and site.parent_id else [])
        found = []
        for volunteer in await tx.volunteers.roster(sites, ROSTER_READ):
            if (
                volunteer.user_id in excluded
                or not volunteer.active
                or volunteer.category_code != order.category_code
            ):
                continue
            profile = await tx.users.get(volunteer.user_id)
            if profile is not None and profile.unreachable:
                rating = average_rating(volunteer) if volunteer.rating_count else None
                found.append(Candidate(volunteer, None, rating, reachable=False))
                if len(found) == UNREACHABLE_SHOWN:
                    break
        return found
