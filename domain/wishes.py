"""The wish wall (心愿墙): a resident asks for something that is not on the menu, in
words or by voice, at their point. Coordinators over that point approve it with a
category and a team, or reject it with a reason. An approved wish is either turned
into an order (placed through the order desk, so it is offered like any order) or
posted for the team's volunteers to claim: the first claim wins, by one
compare-and-set on the wish's status in the database.

open -(reject)-> rejected
     -(approve, order)-> ordered (an order: dispatched as usual)
     -(approve, post)-> posted -(claim)-> claimed (an order, already the claimant's)

Either way the wish ends as an ordinary order of the service chosen at approval, at
the wish's point, with the wish's words as its details and its voice as the order's
voice note: accept, the visit's steps, the relayed chat, done and rating all work
on it unchanged. The wish keeps the order's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain import lifecycle, notes
from domain.errors import Refused
from domain.lifecycle import Action
from domain.models import OrderDraft, Service, Team
from domain.orders import OrderDesk, Placed, Taken
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.reference import Reference
from domain.roles import Authority
from domain.when import WEEK, When
from domain.wish_models import REASON_MAX, WISH_MAX, Wish, WishStatus

ROSTER_LIMIT = 500  # volunteers told of one posted wish, at most


@dataclass(frozen=True, slots=True)
class Filed:
    wish: Wish
    coordinators: list[int]  # over its point: each gets Approve / Reject


@dataclass(frozen=True, slots=True)
class Rejected:
    wish: Wish


@dataclass(frozen=True, slots=True)
class Posted:
    wish: Wish
    team: Team
    volunteers: list[int]  # of the team, active: each may claim it


@dataclass(frozen=True, slots=True)
class Ordered:
    wish: Wish
    placed: Placed


@dataclass(frozen=True, slots=True)
class Claimed:
    wish: Wish
    taken: Taken  # the order it became, the claimant's


@dataclass(frozen=True, slots=True)
class Notices:
    """The coordinators' copies of a wish, to edit once it is decided."""

    wish: Wish
    sent: list[tuple[int, int, str]]  # (user_id, message_id, "decide" | "claim")
    team: Team | None  # the team it went to, once approved


class WishDesk:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        authority: Authority,
        desk: OrderDesk,
        reference: Reference,
    ) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._desk = desk
        self._reference = reference

    async def file(
        self, resident_id: int, site_id: int, text: str, voice_file_id: str | None
    ) -> Filed:
        text = text.strip()
        if not text and not voice_file_id:
            raise Refused("wish-empty")
        if len(text) > WISH_MAX:
            raise Refused("wish-too-long")
        async with self._db.transaction() as tx:
            sites = await self._reference.sites(tx)
            if sites.get(site_id) is None:
                raise Refused("site-gone")
            wish = await tx.wishes.add(resident_id, site_id, text, voice_file_id, self._clock.now())
            chain = [site.id for site in sites.ancestors(site_id)]
            return Filed(wish, await tx.roles.coordinators_of(chain))

    async def get(self, wish_id: int) -> Wish | None:
        async with self._db.read() as tx:
            return await tx.wishes.get(wish_id)

    async def _open_for(self, tx: Tx, wish_id: int, coordinator_id: int) -> Wish:
        wish = await tx.wishes.get(wish_id)
        if wish is None:
            raise Refused("wish-unknown")
        await self._authority.require_over(tx, coordinator_id, wish.site_id, "wish-outside")
        if wish.status is not WishStatus.OPEN:
            raise Refused("wish-decided")
        return wish

    async def deciding(self, wish_id: int, coordinator_id: int) -> tuple[Wish, list[Team]]:
        """The open wish a coordinator over its point is about to decide, and the teams
        it may go to: those at its point, the sites above it and below it."""
        async with self._db.transaction() as tx:
            wish = await self._open_for(tx, wish_id, coordinator_id)
            sites = await self._reference.sites(tx)
            # Nearest first: the point's own teams, then up the tree, then below it.
            chain = [s.id for s in sites.ancestors(wish.site_id)]
            if wish.site_id in chain:
                chain.remove(wish.site_id)
            rank = {wish.site_id: 0} | {site_id: n for n, site_id in enumerate(chain, 1)}
            near = set(rank) | set(sites.subtree_ids(wish.site_id))
            teams = await tx.teams.teams_at(sorted(near))
            return wish, sorted(teams, key=lambda t: (rank.get(t.site_id, len(rank)), t.id))

    async def reject(self, wish_id: int, coordinator_id: int, reason: str) -> Rejected:
        reason = reason.strip()[:REASON_MAX]
        async with self._db.transaction() as tx:
            await self._open_for(tx, wish_id, coordinator_id)
            moved = await tx.wishes.move(
                wish_id,
                WishStatus.OPEN,
                WishStatus.REJECTED,
                self._clock.now(),
                reason=reason,
                decided_by=coordinator_id,
            )
            if moved is None:
                raise Refused("wish-decided")
            return Rejected(moved)

    async def _team(self, tx: Tx, team_id: int, category_code: str) -> Team:
        team = await tx.teams.get(team_id)
        if team is None or team.category_code != category_code:
            raise Refused("wish-team-unknown")
        return team

    async def _service(
        self, service_id: int | None, category_code: str, tx: Tx | None = None
    ) -> Service:
        catalogue = await self._reference.catalogue(tx)
        service = catalogue.service(service_id) if service_id is not None else None
        if service is None and service_id is None:  # posted before services were asked
            service = next(iter(catalogue.services_in(category_code)), None)
        if service is None or service.retired or service.category_code != category_code:
            raise Refused("service-gone")
        return service

    async def post(
        self,
        wish_id: int,
        coordinator_id: int,
        category_code: str,
        team_id: int,
        service_id: int | None = None,
    ) -> Posted:
        """Approve the wish onto the wall for the team's volunteers to claim; the
        claim makes it an order of `service_id`."""
        if service_id is not None:
            await self._service(service_id, category_code)
        async with self._db.transaction() as tx:
            await self._open_for(tx, wish_id, coordinator_id)
            team = await self._team(tx, team_id, category_code)
            moved = await tx.wishes.move(
                wish_id,
                WishStatus.OPEN,
                WishStatus.POSTED,
                self._clock.now(),
                category_code=category_code,
                team_id=team_id,
                mode="post",
                decided_by=coordinator_id,
                service_id=service_id,
            )
            if moved is None:
                raise Refused("wish-decided")
            volunteers = await tx.broadcasts.volunteers_of(team_id)
            return Posted(moved, team, sorted(volunteers)[:ROSTER_LIMIT])

    async def to_order(
        self,
        wish_id: int,
        coordinator_id: int,
        category_code: str,
        team_id: int,
        service_id: int,
        today: date,
    ) -> Ordered:
        """Approve the wish as an order of `service_id`, for this week, placed for the
        resident at the wish's point: the desk offers it like any order. The wish is
        taken first (compare-and-set), so two coordinators never place it twice; if
        the order cannot be placed it is open again."""
        await self._service(service_id, category_code)
        async with self._db.transaction() as tx:
            wish = await self._open_for(tx, wish_id, coordinator_id)
            await self._team(tx, team_id, category_code)
            moved = await tx.wishes.move(
                wish_id,
                WishStatus.OPEN,
                WishStatus.ORDERED,
                self._clock.now(),
                category_code=category_code,
                team_id=team_id,
                mode="order",
                decided_by=coordinator_id,
                service_id=service_id,
            )
            if moved is None:
                raise Refused("wish-decided")
        draft = OrderDraft(
            resident_id=wish.resident_id,
            service_id=service_id,
            site_id=wish.site_id,
            when=When.relative(WEEK, today),
            details=wish.text,
        )
        try:
            placed = await self._desk.place(draft)
        except Refused:
            async with self._db.transaction() as tx:
                await tx.wishes.move(
                    wish_id, WishStatus.ORDERED, WishStatus.OPEN, self._clock.now(), mode=None
                )
            raise
        async with self._db.transaction() as tx:
            done = await tx.wishes.move(
                wish_id,
                WishStatus.ORDERED,
                WishStatus.ORDERED,
                self._clock.now(),
                order_id=placed.order.id,
            )
            if wish.voice_file_id:  # played to the volunteer who accepts, as any order's
                await tx.voice.add(placed.order.id, [("wish", wish.voice_file_id)])
        return Ordered(done or moved, placed)

    async def claim(self, wish_id: int, volunteer_id: int, today: date) -> Claimed:
        """The first volunteer of the wish's team to claim it gets it, as an order
        already theirs (accepted): one transaction with the compare-and-set on the
        wish, so a lost race leaves no order behind."""
        async with self._db.transaction() as tx:
            wish = await tx.wishes.get(wish_id)
            if wish is None:
                raise Refused("wish-unknown")
            volunteer = await tx.volunteers.get(volunteer_id)
            if volunteer is None or volunteer.team_id != wish.team_id or not volunteer.active:
                raise Refused("wish-not-your-team")
            if wish.status is not WishStatus.POSTED:
                raise Refused("wish-claimed")
            assert wish.category_code is not None  # set when it was posted
            service = await self._service(wish.service_id, wish.category_code, tx)
            moved = await tx.wishes.move(
                wish_id,
                WishStatus.POSTED,
                WishStatus.CLAIMED,
                self._clock.now(),
                claimed_by=volunteer_id,
            )
            if moved is None:
                raise Refused("wish-claimed")
            draft = OrderDraft(
                resident_id=wish.resident_id,
                service_id=service.id,
                site_id=wish.site_id,
                when=When.relative(WEEK, today),
                details=wish.text,
            )
            now = self._clock.now()
            order = await tx.orders.create(draft, service.category_code, now)
            accepted = await tx.orders.transition(
                order.id,
                lifecycle.allowed_from(Action.ACCEPT),
                lifecycle.target(Action.ACCEPT),
                volunteer_id,
                now,
                notes.wish_claimed(wish_id),
                volunteer_id=volunteer_id,
            )
            assert accepted is not None  # created just now, in this transaction
            await tx.volunteers.tally(volunteer_id, open_tasks=1, task_at=now)
            if wish.voice_file_id:
                await tx.voice.add(order.id, [("wish", wish.voice_file_id)])
            claimed = await tx.wishes.move(
                wish_id,
                WishStatus.CLAIMED,
                WishStatus.CLAIMED,
                now,
                order_id=order.id,
                service_id=service.id,
            )
            assert claimed is not None
            return Claimed(claimed, Taken(accepted, volunteer, []))

    async def record_notices(self, wish_id: int, sent: list[tuple[int, int, str]]) -> None:
        """Where copies of the wish with buttons are, `(user_id, message_id, kind)`."""
        async with self._db.transaction() as tx:
            await tx.wishes.record_notices(wish_id, sent)

    async def notices(self, wish_id: int) -> Notices | None:
        async with self._db.read() as tx:
            wish = await tx.wishes.get(wish_id)
            if wish is None:
                return None
            team = await tx.teams.get(wish.team_id) if wish.team_id is not None else None
            return Notices(wish, await tx.wishes.notices(wish_id), team)

    async def wall(self, person_id: int) -> list[Wish]:
        """`/wishes`: for a coordinator (or admin), the open and posted wishes over
        their sites; for a volunteer, the posted wishes of their team. Neither:
        Refused."""
        async with self._db.read() as tx:
            roles = await self._authority.roles(tx, person_id)
            found: dict[int, Wish] = {}
            if roles.coordinator:
                sites = await self._authority.sites_of(tx, person_id)
                for wish in await tx.wishes.listed(
                    (WishStatus.OPEN, WishStatus.POSTED), site_ids=sites
                ):
                    found[wish.id] = wish
            if roles.volunteer:
                volunteer = await tx.volunteers.get(person_id)
                if volunteer is not None:
                    for wish in await tx.wishes.listed(
                        (WishStatus.POSTED,), team_ids=[volunteer.team_id]
                    ):
                        found[wish.id] = wish
            if not roles.coordinator and not roles.volunteer:
                raise Refused("wish-wall-staff")
            return sorted(found.values(), key=lambda w: w.id)
