"""`/qr`: which sites a coordinator may print a door poster for.

A poster carries a site's `t.me/<bot>?start=site_<id>` link; scanning it makes the
site the resident's home site (`handlers.common`). A coordinator prints posters for
their subtree only; drawing them is the handler's (`handlers.poster_images`).
"""

from __future__ import annotations

from domain.errors import Refused
from domain.models import Site
from domain.ports.database import Database
from domain.roles import Authority

DEEP_LINK_SITE = "site_"
MAX_POSTERS = 500  # one ZIP: a county has a few hundred sites at most


class Posters:
    def __init__(self, db: Database, authority: Authority) -> None:
        self._db = db
        self._authority = authority

    async def site(self, user_id: int, site_id: int | None) -> Site:
        """The site to print (their own top site when None), if it is theirs."""
        return (await self._sites(user_id, site_id, whole=False))[0]

    async def subtree(self, user_id: int, site_id: int | None = None) -> list[Site]:
        """Every site of the subtree (theirs when None), the tree's listing order."""
        return await self._sites(user_id, site_id, whole=True)

    async def _sites(self, user_id: int, site_id: int | None, whole: bool) -> list[Site]:
        async with self._db.transaction() as tx:
            tree = await self._authority.reference.sites(tx)
            if site_id is None:
                roots = await self._authority.top_sites(tx, user_id)
            else:
                if tree.get(site_id) is None:
                    raise Refused("no-such-site")
                await self._authority.require_over(tx, user_id, site_id, "site-not-yours")
                roots = [site_id]
        if not whole:
            found = tree.get(roots[0])
            if found is None:
                raise Refused("no-such-site")
            return [found]
        return [site for site, _ in tree.walk(roots)][:MAX_POSTERS]


def site_link(bot_username: str, site_id: int) -> str:
    return f"https://t.me/{bot_username}?start={DEEP_LINK_SITE}{site_id}"
