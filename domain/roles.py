"""Who may act where: the four roles and the checks every power goes through.

- resident: everyone who talks to the bot;
- volunteer: a user with an approved volunteer profile (a team);
- coordinator of a site: acts on the site's whole subtree;
- admin: `ADMIN_IDS` from the settings, and those an admin promotes; everywhere.

One user can hold several. Every check runs on the server side, inside the
transaction that then acts; a button's callback data never grants anything.

Granting and revoking coordinator roles follows the tree: a coordinator may
appoint or remove coordinators strictly below their own sites (a station's
coordinator manages its points' coordinators; the center's, every station's and
point's), never their peers or anyone above. Only admins appoint admins,
coordinators of the center, and edit the county's catalogue alongside the
center's coordinators.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.errors import Refused
from domain.models import Role, RoleGrant
from domain.ports.database import Tx
from domain.reference import Reference, uncached


@dataclass(frozen=True, slots=True)
class Roles:
    """What one user is, for menus and help texts."""

    volunteer: bool = False
    coordinator: bool = False
    admin: bool = False


def top_sites(grant_sites: Iterable[int], subtrees: dict[int, list[int]]) -> list[int]:
    """The grant sites that are not inside another grant's subtree, ascending.

    `subtrees` maps each grant site to its subtree (itself included).
    """
    sites = set(grant_sites)
    covered = {s for site in sites for s in subtrees[site] if s != site}
    return sorted(sites - covered)


def strictly_below(grant_sites: Iterable[int], subtrees: dict[int, list[int]]) -> set[int]:
    """Sites a coordinator manages staff at: below their grants, not the grant sites.

    A site that is a grant of theirs yet below another grant of theirs stays
    manageable: the higher grant covers it.
    """
    return {s for site in set(grant_sites) for s in subtrees[site] if s != site}


class Authority:
    def __init__(self, admin_ids: frozenset[int], reference: Reference | None = None) -> None:
        self._admins = admin_ids
        # The site tree every scope is walked on (`bot.app` shares the process's copy).
        self._reference = reference or uncached()

    @property
    def admin_ids(self) -> frozenset[int]:
        """The admins from the settings; they cannot be demoted in chat."""
        return self._admins

    def is_admin(self, user_id: int) -> bool:
        """Admin by the settings alone (no database needed)."""
        return user_id in self._admins

    async def roles(self, tx: Tx, user_id: int) -> Roles:
        grants = await tx.roles.grants(user_id)
        admin = self._admin(user_id, grants)
        return Roles(
            volunteer=await tx.volunteers.get(user_id) is not None,
            coordinator=admin or any(g.role is Role.COORDINATOR for g in grants),
            admin=admin,
        )

    async def sites_of(self, tx: Tx, user_id: int) -> list[int] | None:
        """Site ids the user coordinates; None means everywhere (an admin)."""
        grants = await tx.roles.grants(user_id)
        if self._admin(user_id, grants):
            return None
        tree = await self._reference.sites(tx)
        sites: set[int] = set()
        for site_id in _coordinator_sites(grants):
            sites.update(tree.subtree_ids(site_id))
        if not sites:
            raise Refused("not-a-coordinator")
        return sorted(sites)

    async def require_over(
        self, tx: Tx, user_id: int, site_id: int, reason: str = "outside-your-sites"
    ) -> None:
        """The user coordinates `site_id` (or is an admin); else Refused(`reason`)."""
        sites = await self.sites_of(tx, user_id)
        if sites is not None and site_id not in sites:
            raise Refused(reason)

    async def require_admin(self, tx: Tx, user_id: int) -> None:
        if not self._admin(user_id, await tx.roles.grants(user_id)):
            raise Refused("not-an-admin")

    async def top_sites(self, tx: Tx, user_id: int) -> list[int]:
        """Where the user's scope starts: their highest grants, or the root(s) for admins."""
        grants = await tx.roles.grants(user_id)
        tree = await self._reference.sites(tx)
        if self._admin(user_id, grants):
            return [site.id for site in tree.children(None)]
        mine = _coordinator_sites(grants)
        if not mine:
            raise Refused("not-a-coordinator")
        return top_sites(mine, {s: tree.subtree_ids(s) for s in mine})

    async def manages(self, tx: Tx, user_id: int) -> set[int] | None:
        """Sites where the user may appoint and remove coordinators; None: everywhere."""
        grants = await tx.roles.grants(user_id)
        if self._admin(user_id, grants):
            return None
        mine = _coordinator_sites(grants)
        if not mine:
            raise Refused("not-a-coordinator")
        tree = await self._reference.sites(tx)
        return strictly_below(mine, {s: tree.subtree_ids(s) for s in mine})

    async def require_manage(self, tx: Tx, user_id: int, site_id: int) -> None:
        sites = await self.manages(tx, user_id)
        if sites is not None and site_id not in sites:
            raise Refused("site-not-yours")

    async def require_county(self, tx: Tx, user_id: int) -> None:
        """County-wide powers (the catalogue): admins and coordinators of a root site."""
        grants = await tx.roles.grants(user_id)
        if self._admin(user_id, grants):
            return
        roots = {site.id for site in (await self._reference.sites(tx)).children(None)}
        if not roots & set(_coordinator_sites(grants)):
            raise Refused("not-county")

    @property
    def reference(self) -> Reference:
        """The site tree the scopes are walked on, for the powers that also walk it."""
        return self._reference

    def _admin(self, user_id: int, grants: list[RoleGrant]) -> bool:
        return self.is_admin(user_id) or any(g.role is Role.ADMIN for g in grants)


def _coordinator_sites(grants: list[RoleGrant]) -> list[int]:
    return sorted(
        {g.site_id for g in grants if g.role is Role.COORDINATOR and g.site_id is not None}
    )
