"""Broadcasts (群发): a coordinator's message to an audience, each recipient a durable
row sent once, by whichever worker claims it.

A coordinator drafts one (`draft`: the audience resolved within their sites, one
pending row per person), sees the preview, and starts it (`start`) or cancels it.
`announce` is the same for other features (activities): these person ids, this
text and these buttons, durable, sending at once. Senders in every worker `claim`
batches of pending rows, send them and `record` how each went; a claim whose worker
died is given up as `unknown` after `CLAIM_LEASE` (maybe sent, so never repeated).
The author may cancel while it sends; what was not claimed yet is not sent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from domain.audit import record_action
from domain.audit_models import AuditAction
from domain.broadcast_models import (
    Audience,
    Broadcast,
    BroadcastStatus,
    Buttons,
    RecipientStatus,
    Tally,
)
from domain.errors import Refused
from domain.models import Team
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.roles import Authority

TEXT_MAX = 3500  # leaves room for nothing else: the text goes out as typed
MAX_DAYS = 365
CLAIM_LEASE = timedelta(minutes=10)
TEAM_BUTTONS = 24  # teams offered as buttons; more are picked by their code

Status = BroadcastStatus


@dataclass(frozen=True, slots=True)
class Batch:
    """Recipients one sender claimed: send `broadcast.text` to each."""

    broadcast: Broadcast
    person_ids: list[int]


@dataclass(frozen=True, slots=True)
class Progress:
    broadcast: Broadcast
    tally: Tally
    finished: bool  # this call saw it end (done): the last word is the caller's
    edit: bool  # this caller may edit the progress message now


class Broadcasts:
    def __init__(self, db: Database, clock: Clock, authority: Authority) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._started: list[Callable[[], None]] = []

    def on_start(self, wake: Callable[[], None]) -> None:
        """Call `wake` whenever a broadcast starts here (the local sender looks at once)."""
        self._started.append(wake)

    async def teams_for(self, user_id: int) -> list[Team]:
        """The teams at the coordinator's sites, for the audience buttons."""
        async with self._db.transaction() as tx:
            sites = await self._authority.sites_of(tx, user_id)
            if sites is None:
                sites = [site.id for site in (await self._authority.reference.sites(tx)).all()]
            return await tx.teams.teams_at(sites)

    async def draft(self, author_id: int, audience: Audience, text: str) -> Broadcast:
        """A broadcast to `audience` within the author's sites, not sent yet."""
        words = text.strip()
        if not words or len(words) > TEXT_MAX:
            raise Refused("broadcast-text-length", max=TEXT_MAX)
        async with self._db.transaction() as tx:
            people = await self._audience(tx, author_id, audience)
            if not people:
                raise Refused("broadcast-nobody")
            return await tx.broadcasts.create(
                author_id, audience.code(), words, (), Status.DRAFT, self._clock.now(), people
            )

    async def announce(
        self,
        author_id: int,
        person_ids: Sequence[int],
        text: str,
        buttons: Buttons = (),
        photo: str | None = None,
    ) -> Broadcast:
        """Send `text` (and `buttons`; with `photo`, a file id, as its caption) to these
        people, durably, starting now. Who may is the caller's check."""
        async with self._db.transaction() as tx:
            made = await tx.broadcasts.create(
                author_id,
                "announce",
                text,
                buttons,
                Status.SENDING,
                self._clock.now(),
                person_ids,
                photo,
            )
        self._wake()
        return made

    async def start(self, broadcast_id: int, actor_id: int, message_id: int | None) -> Broadcast:
        """Send a draft; `message_id` (the preview) becomes its progress message."""
        async with self._db.transaction() as tx:
            broadcast = await self._own(tx, broadcast_id, actor_id)
            moved = await tx.broadcasts.move(
                broadcast.id, Status.SENDING, [Status.DRAFT], self._clock.now(), message_id
            )
            if not moved:
                raise Refused("broadcast-not-draft")
            await self._audit(tx, broadcast, actor_id)
            started = await tx.broadcasts.get(broadcast.id)
        self._wake()
        assert started is not None
        return started

    async def cancel(self, broadcast_id: int, actor_id: int) -> Progress:
        """Stop a draft or a broadcast being sent: what no sender took is not sent."""
        async with self._db.transaction() as tx:
            broadcast = await self._own(tx, broadcast_id, actor_id)
            moved = await tx.broadcasts.move(
                broadcast.id,
                Status.CANCELLED,
                [Status.DRAFT, Status.SENDING],
                self._clock.now(),
            )
            if not moved:
                raise Refused("broadcast-over")
            await tx.broadcasts.cancel_pending(broadcast.id)
            now = await tx.broadcasts.get(broadcast.id)
            tally = await tx.broadcasts.tally(broadcast.id)
        assert now is not None
        return Progress(now, tally, finished=False, edit=True)

    async def claim(self, worker: str, limit: int) -> Batch | None:
        """The next recipients to send to, of the oldest broadcast with some left."""
        now = self._clock.now()
        async with self._db.read() as tx:
            ids = await tx.broadcasts.sending()
        for broadcast_id in ids:
            async with self._db.transaction() as tx:
                broadcast = await tx.broadcasts.get(broadcast_id)
                if broadcast is None or broadcast.status is not Status.SENDING:
                    continue
                await tx.broadcasts.expire_claims(broadcast_id, now - CLAIM_LEASE)
                people = await tx.broadcasts.claim(broadcast_id, worker, now, limit)
            if people:
                return Batch(broadcast, people)
            await self._finish_if_over(broadcast_id)
        return None

    async def record(
        self, broadcast_id: int, results: dict[int, RecipientStatus], every: timedelta
    ) -> Progress:
        """How each claimed recipient went; whether the broadcast is over, and whether
        this caller is the one to show progress now (at most once per `every`)."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            await tx.broadcasts.mark(broadcast_id, {p: str(s) for p, s in results.items()}, now)
            tally = await tx.broadcasts.tally(broadcast_id)
            finished = False
            if tally.left == 0:
                finished = await tx.broadcasts.move(
                    broadcast_id, Status.DONE, [Status.SENDING], now
                )
            edit = finished or await tx.broadcasts.progress_due(broadcast_id, now, now - every)
            broadcast = await tx.broadcasts.get(broadcast_id)
        assert broadcast is not None
        return Progress(broadcast, tally, finished, edit)

    async def get(self, broadcast_id: int) -> tuple[Broadcast, Tally] | None:
        async with self._db.read() as tx:
            broadcast = await tx.broadcasts.get(broadcast_id)
            if broadcast is None:
                return None
            return broadcast, await tx.broadcasts.tally(broadcast_id)

    async def _finish_if_over(self, broadcast_id: int) -> None:
        async with self._db.transaction() as tx:
            if (await tx.broadcasts.tally(broadcast_id)).left == 0:
                await tx.broadcasts.move(
                    broadcast_id, Status.DONE, [Status.SENDING], self._clock.now()
                )

    async def _own(self, tx: Tx, broadcast_id: int, actor_id: int) -> Broadcast:
        broadcast = await tx.broadcasts.get(broadcast_id)
        if broadcast is None or broadcast.author_id != actor_id:
            raise Refused("broadcast-not-yours")
        return broadcast

    async def _audit(self, tx: Tx, broadcast: Broadcast, actor_id: int) -> None:
        """One audit entry per site the broadcast went out over (the team's site, or
        the author's highest sites; county-wide for an admin): the audience and how
        many it goes to. Never the words, which may name or reach anyone."""
        kind, _, ref = broadcast.audience.partition(":")
        sites: list[int | None]
        team = await tx.teams.get(int(ref)) if kind == "team" and ref.isdigit() else None
        if team is not None:
            sites = [team.site_id]
        elif await self._authority.sites_of(tx, actor_id) is None:
            sites = [None]
        else:
            sites = list(await self._authority.top_sites(tx, actor_id))
        for site_id in sites:
            await record_action(
                tx,
                self._clock.now(),
                AuditAction.BROADCAST,
                actor_id,
                site_id,
                broadcast.id,
                audience=broadcast.audience,
                total=broadcast.total,
            )

    async def _audience(self, tx: Tx, author_id: int, audience: Audience) -> list[int]:
        sites = await self._authority.sites_of(tx, author_id)
        if audience.kind == "subtree":
            people = await tx.broadcasts.volunteers_at(sites)
        elif audience.kind == "team" and audience.team_id is not None:
            team = await tx.teams.get(audience.team_id)
            if team is None or (sites is not None and team.site_id not in sites):
                raise Refused("broadcast-team-not-yours")
            people = await tx.broadcasts.volunteers_of(team.id)
        elif audience.kind == "residents" and audience.days and 0 < audience.days <= MAX_DAYS:
            since = self._clock.now() - timedelta(days=audience.days)
            people = await tx.broadcasts.residents_at(sites, since)
        else:
            raise Refused("broadcast-bad-audience")
        return sorted(set(people) - {author_id})

    def _wake(self) -> None:
        for wake in self._started:
            wake()
