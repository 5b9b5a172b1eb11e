"""Load a county's seed file (sites, catalogue, teams, people) idempotently.

Everything is upserted on its natural key (site id, category/service/team code,
user id), so loading the same file twice changes nothing. What users chose for
themselves (language, home site) is only filled in when still empty. The file
format is documented at the top of `data/demo-county.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from domain.datums import Datum, to_wgs84
from domain.household_models import HouseRule
from domain.ledger_models import Rules
from domain.models import LocalName, Role, SiteLevel
from storage.sql.database import SqlDatabase
from storage.sql.tx import SqlTx

RECOGNITION = "recognition"


class SeedError(ValueError):
    """The seed file is malformed or refers to something it does not define."""


@dataclass(frozen=True, slots=True)
class SeedSummary:
    sites: int = 0
    categories: int = 0
    services: int = 0
    teams: int = 0
    volunteers: int = 0
    coordinators: int = 0
    admins: int = 0


DATUM = "datum"  # the one top-level key that is not a list: the sites' map datum


def read_seed(path: Path) -> dict[str, list[dict[str, Any]]]:
    return _read(path)[0]


def _read(path: Path) -> tuple[dict[str, list[dict[str, Any]]], Datum]:
    """The file's lists, and the datum its coordinates are in (WGS84 unless it says)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise SeedError(f"{path}: expected a mapping of lists at the top level")
    try:
        datum = Datum.named(str(data.pop(DATUM, Datum.WGS84.value)))
    except ValueError as error:
        raise SeedError(f"{path}: {error}") from None
    # `recognition:` is one mapping (the county's rules); every other key a list.
    lists = {
        key: list(value or []) if key != RECOGNITION else [value or {}]
        for key, value in data.items()
    }
    return lists, datum


async def seed_database(url: str, path: Path) -> SeedSummary:
    """Migrate the database at `url` to the latest schema, then load the seed file."""
    from storage.migrate import upgrade

    await upgrade(url)
    db = SqlDatabase.from_url(url)
    try:
        return await load_seed(db, path)
    finally:
        await db.dispose()


async def load_seed(db: SqlDatabase, path: Path) -> SeedSummary:
    """Upsert everything in the file in one transaction; all of it or nothing."""
    data, datum = _read(path)
    async with db.transaction() as tx:
        return await _load(tx, data, datum)


async def _load(
    tx: SqlTx, data: dict[str, list[dict[str, Any]]], datum: Datum = Datum.WGS84
) -> SeedSummary:
    sites = _parents_first(data.get("sites", []))
    for s in sites:
        lat, lon = _wgs84(s, datum)
        await tx.sites.upsert(
            int(s["id"]),
            None if s.get("parent") is None else int(s["parent"]),
            SiteLevel(s["level"]),
            _name(s),
            lat,
            lon,
        )
    for p in data.get("site_phones", []):  # a site's public phone (`domain.complaints`)
        await tx.complaints.set_site_phone(int(p["site"]), str(p.get("phone") or "") or None)
    for c in data.get("categories", []):
        await tx.catalogue.upsert_category(str(c["code"]), _name(c), int(c.get("sort", 0)))
    for v in data.get("services", []):
        await tx.catalogue.upsert_service(
            str(v["code"]), str(v["category"]), _name(v), bool(v.get("retired", False))
        )
    for t in data.get("teams", []):
        await tx.teams.upsert(str(t["code"]), _name(t), int(t["site"]), str(t["category"]))
    volunteers = data.get("volunteers", [])
    for p in volunteers:
        team = await tx.teams.by_code(str(p["team"]))
        if team is None:
            raise SeedError(f"volunteer {p['id']}: no team {p['team']!r}")
        await _person(tx, p, home_site_id=team.site_id)
        await tx.volunteers.upsert(int(p["id"]), team.id, bool(p.get("active", True)))
    coordinators = data.get("coordinators", [])
    for p in coordinators:
        await _person(tx, p, home_site_id=int(p["site"]))
        await tx.roles.grant(int(p["id"]), Role.COORDINATOR, int(p["site"]))
    for rules in data.get(RECOGNITION, []):
        await _recognition(tx, rules)
    admins = data.get("admins", [])
    for p in admins:
        await _person(tx, p, home_site_id=None)
        await tx.roles.grant(int(p["id"]), Role.ADMIN, None)
    return SeedSummary(
        sites=len(sites),
        categories=len(data.get("categories", [])),
        services=len(data.get("services", [])),
        teams=len(data.get("teams", [])),
        volunteers=len(volunteers),
        coordinators=len(coordinators),
        admins=len(admins),
    )


async def _recognition(tx: SqlTx, rules: dict[str, Any]) -> None:
    """The county's rules for hours and points, and its households' acts (乡风文明积分)."""
    try:
        await tx.ledger.set_rules(Rules.from_data(dict(rules)))
        for n, rule in enumerate(rules.get("household_rules") or []):
            await tx.households.put_rule(HouseRule.from_data({"sort": n, **dict(rule)}))
    except (TypeError, ValueError, AttributeError) as error:
        raise SeedError(f"recognition: {error}") from None


async def _person(tx: SqlTx, p: dict[str, Any], home_site_id: int | None) -> None:
    user_id = int(p["id"])
    user = await tx.users.get(user_id)
    if user is None:
        user = await tx.users.upsert(user_id, str(p.get("first_name", "")), p.get("username"))
        # Nobody in a seed file has started the bot yet, and Telegram lets a bot write
        # only to those who did: unreachable (never offered an order, never assigned)
        # until they first write, when the router clears it.
        await tx.users.set_unreachable(user_id, True)
    if user.locale is None and p.get("language"):
        await tx.users.set_locale(user_id, str(p["language"]))
    if user.home_site_id is None and home_site_id is not None:
        await tx.users.set_home_site(user_id, home_site_id)


def _wgs84(site: dict[str, Any], datum: Datum) -> tuple[float | None, float | None]:
    """A site's coordinates in WGS84, what Telegram's locations and distances use:
    copied from Amap or Tencent (GCJ-02) or Baidu (BD-09), they are about 500 m off."""
    lat, lon = site.get("lat"), site.get("lon")
    if lat is None or lon is None:
        return lat, lon
    return to_wgs84(datum, float(lat), float(lon))


def _name(item: dict[str, Any]) -> LocalName:
    return LocalName(zh=str(item["zh"]), en=str(item.get("en", "")))


def _parents_first(sites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order sites so every parent is written before its children (foreign key)."""
    by_id = {int(s["id"]): s for s in sites}
    if len(by_id) != len(sites):
        raise SeedError("sites: duplicate ids")
    ordered: list[dict[str, Any]] = []
    placed: set[int] = set()
    while len(ordered) < len(sites):
        ready = [
            s
            for i, s in by_id.items()
            if i not in placed and _parent_ready(s.get("parent"), placed, by_id)
        ]
        if not ready:
            missing = sorted(set(by_id) - placed)
            raise SeedError(f"sites {missing}: their parents form a cycle")
        ordered.extend(ready)
        placed.update(int(s["id"]) for s in ready)
    return ordered


def _parent_ready(parent: Any, placed: set[int], by_id: dict[int, Any]) -> bool:
    # A parent the file does not define must already be in the database.
    return parent is None or int(parent) in placed or int(parent) not in by_id
