"""Volunteer applications: a resident asks, a coordinator over the site decides.

Nobody becomes a volunteer on their own word. `/join <team code>` files an
application to that team (at the team's site); `/join` alone lets the applicant
pick their site and leaves the team to the approver. The coordinators of the site
and of every site above it are asked; one of them approves (into the team asked
for, or one they pick) or rejects with a reason. Each decision is a compare-and-set,
so two coordinators pressing at once decide it once; the decision carries the
other coordinators' notices so their buttons can be closed. (The direct way in is
a coordinator's one-time invite, `domain.invites`.)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from domain.audit import AuditAction, record_action
from domain.errors import Refused
from domain.models import (
    REASON_MAX,
    REJECT_REASONS,
    Application,
    ApplicationStatus,
    Notice,
    Site,
    SiteLevel,
    Team,
)
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.roles import Authority


@dataclass(frozen=True, slots=True)
class Filed:
    application: Application
    site: Site
    coordinators: list[int] = field(default_factory=list)  # to be asked
    team: Team | None = None  # the team asked for, if any


@dataclass(frozen=True, slots=True)
class Decided:
    application: Application
    team: Team | None = None  # the team on approval
    decider: str = ""  # the deciding coordinator's first name, for the others
    notices: list[Notice] = field(default_factory=list)  # every coordinator's message


@dataclass(frozen=True, slots=True)
class PickTeam:
    """Approve was pressed on an application without a team: the approver picks one."""

    application: Application
    teams: list[Team]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an application was rejected: one of `REJECT_REASONS`, or typed words."""

    code: str | None = None
    text: str | None = None

    @classmethod
    def of(cls, code: str | None = None, text: str | None = None) -> Reason:
        if code is not None:
            if code not in REJECT_REASONS:
                raise Refused("bad-reason")
            return cls(code=code)
        words = " ".join((text or "").split())[:REASON_MAX]
        if not words:
            raise Refused("bad-reason")
        return cls(text=words)


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

    async def file_for_team(self, user_id: int, team_code: str) -> Filed:
        """`/join <team code>`: an application to that team, for its site's coordinators."""
        async with self._db.transaction() as tx:
            team = await tx.teams.by_code(team_code.strip().upper())
            if team is None:
                raise Refused("no-such-team", code=team_code.strip())
            if await tx.volunteers.get(user_id) is not None:
                raise Refused("already-a-volunteer")
            site = await tx.sites.get(team.site_id)
            assert site is not None  # a team's site is a foreign key
            application = await tx.applications.create(
                user_id, site.id, self._clock.now(), team_id=team.id
            )
            if application is None:
                raise Refused("application-pending")
            return Filed(application, site, await self._deciders(tx, site.id), team)

    async def noticed(self, application_id: int, notices: list[Notice]) -> Decided | None:
        """Remember the Approve / Reject messages the coordinators were sent. If one of
        them decided while the others were still being sent, that decision could not
        reach these: the decision, with only these `notices`, to edit them now."""
        async with self._db.transaction() as tx:
            await tx.applications.add_notices(application_id, notices)
            application = await tx.applications.get(application_id)
            if (
                application is None
                or application.status is ApplicationStatus.PENDING
                or application.decided_by is None
            ):
                return None
            team = None
            if application.status is ApplicationStatus.APPROVED and application.team_id:
                team = await tx.teams.get(application.team_id)
            decided = await self._decided(tx, application, application.decided_by, team)
            return replace(decided, notices=notices)

    async def check(self, application_id: int, coordinator_id: int) -> Application:
        """The application, if it is pending and this coordinator may decide it."""
        async with self._db.transaction() as tx:
            return await self._pending(tx, application_id, coordinator_id)

    async def approve_pressed(self, application_id: int, coordinator_id: int) -> Decided | PickTeam:
        """Approve: into the team asked for at once, else the approver picks a team."""
        async with self._db.transaction() as tx:
            application = await self._pending(tx, application_id, coordinator_id)
            if application.team_id is not None:
                return await self._approve(tx, application, coordinator_id, application.team_id)
            teams = await self._teams(tx, application, coordinator_id)
            if not teams:
                raise Refused("no-teams-here")
            return PickTeam(application, teams)

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
            return await self._approve(tx, application, coordinator_id, team_id)

    async def reject(
        self, application_id: int, coordinator_id: int, reason: Reason | None = None
    ) -> Decided:
        reason = reason or Reason()
        async with self._db.transaction() as tx:
            await self._pending(tx, application_id, coordinator_id)
            decided = await tx.applications.decide(
                application_id,
                ApplicationStatus.REJECTED,
                coordinator_id,
                self._clock.now(),
                reason_code=reason.code,
                reason=reason.text,
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
                reason=reason.text,
                reason_code=reason.code,
            )
            return await self._decided(tx, decided, coordinator_id)

    async def pending(self, coordinator_id: int) -> list[Application]:
        async with self._db.transaction() as tx:
            sites = await self._authority.sites_of(tx, coordinator_id)
            if sites is None:
                sites = [site.id for site in await tx.sites.all()]
            return await tx.applications.pending_at(sites)

    # --- internals ---------------------------------------------------------

    async def _approve(
        self, tx: Tx, application: Application, coordinator_id: int, team_id: int
    ) -> Decided:
        # The team comes from a button or the application: it must be one this
        # coordinator covers, and the one asked for when the applicant named one.
        if application.team_id is not None and application.team_id != team_id:
            raise Refused("team-not-offered")
        team = next(
            (t for t in await self._teams(tx, application, coordinator_id) if t.id == team_id),
            None,
        )
        if team is None:
            raise Refused("team-not-offered")
        if await tx.volunteers.get(application.user_id) is not None:
            raise Refused("applicant-volunteer")  # joined by an invite meanwhile: reject it
        decided = await tx.applications.decide(
            application.id,
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
            application.id,
            user=decided.user_id,
            team=team.id,
        )
        return await self._decided(tx, decided, coordinator_id, team)

    async def _decided(
        self, tx: Tx, application: Application, coordinator_id: int, team: Team | None = None
    ) -> Decided:
        profile = await tx.users.get(coordinator_id)
        name = (profile.first_name if profile else "") or str(coordinator_id)
        return Decided(application, team, name, await tx.applications.notices(application.id))

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
        tree = await self._authority.reference.sites(tx)
        chain = [
            site.id
            for site in tree.ancestors(application.site_id)
            if mine is None or site.id in mine
        ]
        teams = await tx.teams.teams_at(chain)
        return sorted(teams, key=lambda team: (chain.index(team.site_id), team.id))

    async def _deciders(self, tx: Tx, site_id: int) -> list[int]:
        """The coordinators over the site; when there are none, the admins."""
        tree = await self._authority.reference.sites(tx)
        ancestors = [site.id for site in tree.ancestors(site_id)]
        coordinators = await tx.roles.coordinators_of(ancestors)
        if coordinators:
            return coordinators
        return sorted(self._authority.admin_ids | set(await tx.roles.admins()))
