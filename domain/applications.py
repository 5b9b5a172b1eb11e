"""Volunteer applications: a resident asks, a coordinator over the site decides.

`/join <team code>` still joins directly (`People.join`); this is the path for
someone who does not know a team: they pick their site, the coordinators above
it are told, and one of them approves into a team or rejects. Each decision is
a compare-and-set, so two coordinators pressing at once decide it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.admin_models import Application, ApplicationStatus
from domain.audit import AuditAction, record_action
from domain.errors import Refused
from domain.models import Site, SiteLevel, Team
from domain.ports import Clock, Database, Tx
from domain.roles import Authority


@dataclass(frozen=True, slots=True)
class Filed:
    application: Application
    site: Site
    coordinators: list[int] = field(default_factory=list)  # to be asked


@dataclass(frozen=True, slots=True)
class Decided:
    application: Application
    team: Team | None = None  # the team on approval


class Applications:
    def __init__(self, db: Database, clock: Clock, authority: Authority) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority

    async def file(self, user_id: int, site_id: int) -> Filed:
        async with self._db.transaction() as tx:
            site = await tx.sites.get(site_id)
            if site is None or site.level is SiteLevel.CENTER:
                raise Refused("no-such-site")
            if await tx.volunteers.get(user_id) is not None:
                raise Refused("already-a-volunteer")
            application = await tx.applications.create(user_id, site_id, self._clock.now())
            if application is None:
                raise Refused("application-pending")
            return Filed(application, site, await self._deciders(tx, site_id))

    async def review(
        self, application_id: int, coordinator_id: int
    ) -> tuple[Application, list[Team]]:
        """A pending application and the teams this coordinator may approve it into."""
        async with self._db.transaction() as tx:
            application = await self._pending(tx, application_id, coordinator_id)
            teams = await self._teams(tx, application, coordinator_id)
            if not teams:
                raise Refused("no-teams-here")
            return application, teams

    async def approve(self, application_id: int, coordinator_id: int, team_id: int) -> Decided:
        async with self._db.transaction() as tx:
            application = await self._pending(tx, application_id, coordinator_id)
            # The team comes from a button: it must be one this coordinator was offered.
            team = next(
                (t for t in await self._teams(tx, application, coordinator_id) if t.id == team_id),
                None,
            )
            if team is None:
                raise Refused("team-not-offered")
            decided = await tx.applications.decide(
                application_id,
                ApplicationStatus.APPROVED,
                coordinator_id,
                self._clock.now(),
                team_id=team.id,
            )
            if decided is None:
                raise Refused("application-decided")
            await tx.volunteers.upsert(application.user_id, team.id)
            await record_action(
                tx,
                self._clock.now(),
                AuditAction.APPROVE,
                coordinator_id,
                decided.site_id,
                application_id,
                user=decided.user_id,
                team=team.id,
            )
            return Decided(decided, team)

    async def reject(self, application_id: int, coordinator_id: int) -> Decided:
        async with self._db.transaction() as tx:
            await self._pending(tx, application_id, coordinator_id)
            decided = await tx.applications.decide(
                application_id, ApplicationStatus.REJECTED, coordinator_id, self._clock.now()
            )
            if decided is None:
                raise Refused("application-decided")
            await record_action(
                tx,
                self._clock.now(),
                AuditAction.REJECT,
                coordinator_id,
                decided.site_id,
                application_id,
                user=decided.user_id,
            )
            return Decided(decided)

    async def pending(self, coordinator_id: int) -> list[Application]:
        async with self._db.transaction() as tx:
            sites = await self._authority.sites_of(tx, coordinator_id)
            if sites is None:
                sites = [site.id for site in await tx.sites.all()]
            return await tx.applications.pending_at(sites)

    # --- internals ---------------------------------------------------------

    async def _pending(self, tx: Tx, application_id: int, coordinator_id: int) -> Application:
        # Who asks first: a resident learns nothing, not even whether the id exists.
        mine = await self._authority.sites_of(tx, coordinator_id)
        application = await tx.applications.get(application_id)
        if application is None:
            raise Refused("no-such-application")
        if mine is not None and application.site_id not in mine:
            raise Refused("application-not-yours")
        if application.status is not ApplicationStatus.PENDING:
            raise Refused("application-decided")
        return application

    async def _teams(self, tx: Tx, application: Application, coordinator_id: int) -> list[Team]:
        """Teams at the site and above it, nearest first, that the coordinator covers.

        A point's coordinator approves into the point's teams; the station's may
        also use the station's; the center's (and admins) any on the way up.
        """
        mine = await self._authority.sites_of(tx, coordinator_id)
        chain = [
            site.id
            for site in await tx.sites.ancestors(application.site_id)
            if mine is None or site.id in mine
        ]
        teams = await tx.staff.teams_at(chain)
        return sorted(teams, key=lambda team: (chain.index(team.site_id), team.id))

    async def _deciders(self, tx: Tx, site_id: int) -> list[int]:
        """The coordinators over the site; when there are none, the admins."""
        ancestors = [site.id for site in await tx.sites.ancestors(site_id)]
        coordinators = await tx.roles.coordinators_of(ancestors)
        if coordinators:
            return coordinators
        return sorted(self._authority.admin_ids | set(await tx.staff.admins()))
