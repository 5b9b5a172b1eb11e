"""The audit trail of coordinators' actions: who did what, when, about which, and why.

Every power that changes someone else's order, role, application or the
catalogue writes one `audit_log` row with `record_action`, inside the
transaction that acts: a refused action rolls back and leaves nothing, and a
recorded one cannot be lost apart from the change it describes. Rows are never
deleted, and changed only by /forgetme (`storage.sql.repos.privacy`): a typed
`reason` by or about the forgotten person loses its words for the
`REASON_ERASED` flag; who did what, when, to which id stays. Role grants name
the person by id only (the name comes from `users`, erased too), so they stay.

An entry holds ids and codes, never words: what it shows is rendered through
`locales/` in the reader's language. `site_id` is the site the action concerns
(the order's, the grant's, the application's), so the trail is read by subtree
like everything else a coordinator sees; None means county-wide (the catalogue,
admin grants), which only those over a root site (and admins) read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.audit_models import AuditAction, AuditEntry, AuditValue
from domain.errors import Refused
from domain.models import LocalName, Site
from domain.ports.database import Database, Tx
from domain.roles import Authority

PAGE = 20  # entries one /audit message shows; "more" pages on from the last one


async def record_action(
    tx: Tx,
    at: datetime,
    action: AuditAction,
    actor_id: int,
    site_id: int | None,
    subject: int | str,
    **details: AuditValue,
) -> AuditEntry:
    """Append one entry in the acting transaction: if the action is refused after
    this, the transaction rolls back and takes the entry with it."""
    return await tx.audit.append(at, actor_id, action, site_id, str(subject), details)


@dataclass(frozen=True, slots=True)
class AuditPage:
    """Newest entries first, with the names they mention, for one scope."""

    site: Site | None  # None: the reader's own sites
    entries: list[AuditEntry]
    more: bool  # older entries exist: page on with `before=entries[-1].id`
    names: dict[int, str] = field(default_factory=dict)  # user id -> first name
    teams: dict[int, LocalName] = field(default_factory=dict)


# Detail keys that hold a user id or a team id, so the page carries their names.
USER_KEYS = ("volunteer", "previous", "user")
TEAM_KEYS = ("team",)
# Actions whose subject is a user id (the others name an order, an application, a service).
ABOUT_A_USER = frozenset({AuditAction.PROMOTE, AuditAction.DEMOTE})


class Audit:
    """Reads the trail for a coordinator: a site's subtree, never beyond their own."""

    def __init__(self, db: Database, authority: Authority) -> None:
        self._db = db
        self._authority = authority

    async def page(
        self,
        actor_id: int,
        site_id: int | None = None,
        before: int | None = None,
        limit: int = PAGE,
    ) -> AuditPage:
        """Entries older than id `before` (all when None) at `site_id`'s subtree, or,
        with no site, everywhere the actor coordinates."""
        async with self._db.transaction() as tx:
            site, scope, county = await self._scope(tx, actor_id, site_id)
            found = await tx.audit.recent(scope, county=county, before=before, limit=limit + 1)
            entries = found[:limit]
            users = {e.actor_id for e in entries} | _ids(entries, USER_KEYS) | _subjects(entries)
            return AuditPage(
                site,
                entries,
                more=len(found) > limit,
                names=await tx.audit.names(users),
                teams=await tx.audit.team_names(_ids(entries, TEAM_KEYS)),
            )

    async def _scope(
        self, tx: Tx, actor_id: int, site_id: int | None
    ) -> tuple[Site | None, list[int] | None, bool]:
        """(the site asked for, its subtree or None for everywhere, county-wide rows too?)"""
        mine = await self._authority.sites_of(tx, actor_id)  # first: who asks
        reference = self._authority.reference
        if site_id is None:
            if mine is None:  # an admin
                return None, None, True
            roots = {root.id for root in (await reference.sites(tx)).children(None)}
            return None, mine, bool(roots & set(mine))
        site = await tx.sites.get(site_id)
        if site is None:
            raise Refused("no-such-site")
        if mine is not None and site.id not in mine:
            raise Refused("site-not-yours")
        return site, (await reference.sites(tx)).subtree_ids(site.id), site.parent_id is None


def _ids(entries: list[AuditEntry], keys: tuple[str, ...]) -> set[int]:
    return {
        value
        for entry in entries
        for key in keys
        if isinstance(value := entry.details.get(key), int) and not isinstance(value, bool)
    }


def _subjects(entries: list[AuditEntry]) -> set[int]:
    return {int(e.subject) for e in entries if e.action in ABOUT_A_USER and e.subject.isdigit()}
