"""Who may act where: coordinators on their site's subtree, admins everywhere.

Checked on the server side for every coordinator action; a button's callback
data never grants anything by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import Refused
from domain.models import Role
from domain.ports import Tx


@dataclass(frozen=True, slots=True)
class Roles:
    """What one user is, for menus and help texts."""

    volunteer: bool = False
    coordinator: bool = False
    admin: bool = False


class Authority:
    def __init__(self, admin_ids: frozenset[int]) -> None:
        self._admins = admin_ids

    def is_admin(self, user_id: int) -> bool:
        return user_id in self._admins

    async def roles(self, tx: Tx, user_id: int) -> Roles:
        grants = await tx.roles.grants(user_id)
        admin = self.is_admin(user_id) or any(g.role is Role.ADMIN for g in grants)
        return Roles(
            volunteer=await tx.volunteers.get(user_id) is not None,
            coordinator=admin or any(g.role is Role.COORDINATOR for g in grants),
            admin=admin,
        )

    async def sites_of(self, tx: Tx, user_id: int) -> list[int] | None:
        """Site ids the user coordinates; None means everywhere (an admin)."""
        grants = await tx.roles.grants(user_id)
        if self.is_admin(user_id) or any(g.role is Role.ADMIN for g in grants):
            return None
        sites: set[int] = set()
        for grant in grants:
            if grant.role is Role.COORDINATOR and grant.site_id is not None:
                sites.update(await tx.sites.subtree_ids(grant.site_id))
        if not sites:
            raise Refused("not-a-coordinator")
        return sorted(sites)

    async def require_over(self, tx: Tx, user_id: int, site_id: int) -> None:
        sites = await self.sites_of(tx, user_id)
        if sites is not None and site_id not in sites:
            raise Refused("outside-your-sites")
