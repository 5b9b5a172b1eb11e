"""Coordinators' and admins' powers over people: promote, demote, the roster, the tree.

Who may appoint whom is `domain.roles` (strictly below one's own sites; admins
everywhere). Listings are scoped to the sites the asker coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.audit import AuditAction, record_action
from domain.errors import Refused
from domain.models import Role, RoleGrant, Site, SiteTally, Team, UserProfile, Volunteer
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.reference import SiteTree
from domain.roles import Authority

ROSTER_LIMIT = 30  # lines one message shows; the rest are counted


@dataclass(frozen=True, slots=True)
class Promoted:
    user: UserProfile
    role: Role
    site: Site | None  # None for admin


@dataclass(frozen=True, slots=True)
class Demoted:
    user: UserProfile
    removed: list[RoleGrant]


@dataclass(frozen=True, slots=True)
class Roster:
    """Volunteers under one site, or (site None) the sites to choose from."""

    site: Site | None
    volunteers: list[Volunteer] = field(default_factory=list)
    total: int = 0
    choices: list[Site] = field(default_factory=list)  # children to drill into, or tops
    teams: dict[int, Team] = field(default_factory=dict)  # the volunteers' teams by id


@dataclass(frozen=True, slots=True)
class TreeLine:
    site: Site
    depth: int
    tally: SiteTally  # the site and everything below it


def subtree_tallies(tree: SiteTree, own: dict[int, SiteTally]) -> dict[int, SiteTally]:
    """Each site's tally summed over its subtree: each site's own counts go to it
    and to every site above it."""
    totals = {site.id: SiteTally() for site in tree.all()}
    for site_id, tally in own.items():
        for site in tree.ancestors(site_id):
            totals[site.id] = totals[site.id] + tally
    return totals


class Staff:
    def __init__(self, db: Database, authority: Authority, clock: Clock) -> None:
        self._db = db
        self._authority = authority
        self._clock = clock  # when the audit trail says an appointment was made

    async def promote(
        self, actor_id: int, user_id: int, role: Role, site_id: int | None
    ) -> Promoted:
        async with self._db.transaction() as tx:
            site = None
            if role is Role.ADMIN:
                await self._authority.require_admin(tx, actor_id)
            else:
                site = await self._site(tx, site_id)
                await self._authority.require_manage(tx, actor_id, site.id)
            user = await self._user(tx, user_id)
            await tx.roles.grant(user_id, role, None if site is None else site.id)
            await record_action(
                tx,
                self._clock.now(),
                AuditAction.PROMOTE,
                actor_id,
                None if site is None else site.id,
                user_id,
                role=str(role),
            )
            return Promoted(user, role, site)

    async def demote(self, actor_id: int, user_id: int, site_id: int | None = None) -> Demoted:
        """Remove the user's grants the actor may remove (only at `site_id` if given)."""
        async with self._db.transaction() as tx:
            manages = await self._authority.manages(tx, actor_id)
            user = await self._user(tx, user_id)
            grants = [
                g for g in await tx.roles.grants(user_id) if site_id is None or g.site_id == site_id
            ]
            removable = [g for g in grants if _may_remove(g, manages)]
            if not removable:
                if self._authority.is_admin(user_id) and site_id is None:
                    raise Refused("admin-from-settings", user=user_id)
                if grants:
                    raise Refused("site-not-yours")
                raise Refused("nothing-to-demote", user=user_id)
            for grant in removable:
                await tx.roles.revoke(grant.user_id, grant.role, grant.site_id)
                await record_action(
                    tx,
                    self._clock.now(),
                    AuditAction.DEMOTE,
                    actor_id,
                    grant.site_id,
                    user_id,
                    role=str(grant.role),
                )
            return Demoted(user, removable)

    async def roster(self, actor_id: int, site_id: int | None = None) -> Roster:
        async with self._db.transaction() as tx:
            if site_id is None:
                tops = await self._authority.top_sites(tx, actor_id)
                if len(tops) != 1:
                    return Roster(None, choices=[await self._site(tx, s) for s in tops])
                site_id = tops[0]
            site = await self._site(tx, site_id)
            await self._authority.require_over(tx, actor_id, site.id, "site-not-yours")
            tree = await self._authority.reference.sites(tx)
            under = tree.subtree_ids(site.id)
            return Roster(
                site,
                await tx.volunteers.roster(under, ROSTER_LIMIT),
                await tx.volunteers.roster_size(under),
                tree.children(site.id),
                {team.id: team for team in await tx.teams.teams_at(under)},
            )

    async def tree(self, actor_id: int) -> list[TreeLine]:
        async with self._db.transaction() as tx:
            tops = await self._authority.top_sites(tx, actor_id)
            tree = await self._authority.reference.sites(tx)
            totals = subtree_tallies(tree, await tx.sites.tallies())
        return [TreeLine(site, depth, totals[site.id]) for site, depth in tree.walk(tops)]

    @staticmethod
    async def _site(tx: Tx, site_id: int | None) -> Site:
        site = None if site_id is None else await tx.sites.get(site_id)
        if site is None:
            raise Refused("no-such-site")
        return site

    @staticmethod
    async def _user(tx: Tx, user_id: int) -> UserProfile:
        user = await tx.users.get(user_id)
        if user is None:
            raise Refused("unknown-user", user=user_id)
        return user


def _may_remove(grant: RoleGrant, manages: set[int] | None) -> bool:
    if manages is None:  # an admin: every grant in the database
        return True
    return grant.role is Role.COORDINATOR and grant.site_id in manages
