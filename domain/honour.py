"""The monthly honour list (光荣榜): households and volunteers by points earned in a month.

Anyone may ask for it (it is posted to village groups); a site narrows it to that
site's subtree. The month is the county's calendar month; points are the ledger's
entries in it (awards net of deductions for households; service and adjustments
for volunteers), so a correction made in the month counts in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from domain.errors import Refused
from domain.models import Site
from domain.ports.clock import Clock
from domain.ports.database import Database
from domain.ports.honour import HonourLine
from domain.roles import Authority

TOP = 10
MAX_ID = 2**31 - 1


@dataclass(frozen=True, slots=True)
class HonourList:
    year: int
    month: int
    site: Site | None  # None: the whole county
    households: list[HonourLine]
    volunteers: list[HonourLine]


def month_bounds(year: int, month: int, zone: tzinfo) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, end


class Honour:
    def __init__(self, db: Database, clock: Clock, authority: Authority, zone: tzinfo) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._zone = zone

    def this_month(self) -> tuple[int, int]:
        now = self._clock.now().astimezone(self._zone)
        return now.year, now.month

    async def month(self, site_id: int | None, year: int, month: int, top: int = TOP) -> HonourList:
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise Refused("honour-bad-month")
        start, end = month_bounds(year, month, self._zone)
        async with self._db.transaction() as tx:
            tree = await self._authority.reference.sites(tx)
            site = None
            sites: list[int] | None = None
            if site_id is not None:
                site = tree.get(site_id) if 0 < site_id <= MAX_ID else None
                if site is None:
                    raise Refused("no-such-site", id=site_id)
                sites = tree.subtree_ids(site_id)
            homes = await tx.honour.households(sites, start, end, top)
            people = await tx.honour.volunteers(sites, start, end, top)
        return HonourList(year, month, site, homes, people)
