"""Volunteer service certificates (志愿服务证明): asked, confirmed, verified.

A volunteer asks (`ask`); the coordinators over their team's site are told, and one
of them issues or refuses it (`decide`). Issuing freezes the record (the facts then,
with the issuing center) in the row, signs its id into a verification code, and
returns it for the PDF. Anyone can check a code (`check`): a right tag and a stored,
issued certificate with that code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.certificate_models import Certificate, CertStatus, ServiceFacts, sign, verify
from domain.errors import Refused
from domain.ledger import coordinators_over
from domain.ports.clock import Clock
from domain.ports.database import Database
from domain.roles import Authority


@dataclass(frozen=True, slots=True)
class CertAsked:
    certificate: Certificate
    name: str
    coordinators: list[int]


@dataclass(frozen=True, slots=True)
class CertDecided:
    certificate: Certificate
    issued: bool


def record_of(facts: ServiceFacts, stars: int, center: tuple[str, str]) -> dict[str, Any]:
    """The record as issued: JSON, so it reads back the same whatever changes later."""
    return {
        "name": facts.name,
        "team": [facts.team_zh, facts.team_en],
        "minutes": facts.minutes,
        "categories": [[c.name_zh, c.name_en, c.minutes] for c in facts.categories],
        "first": facts.first_at.isoformat() if facts.first_at else None,
        "last": facts.last_at.isoformat() if facts.last_at else None,
        "tasks": facts.tasks,
        "rating": facts.rating,
        "stars": stars,
        "center": list(center),
    }


class Certificates:
    def __init__(self, db: Database, clock: Clock, authority: Authority, key: bytes) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._key = key

    async def ask(self, person_id: int) -> CertAsked:
        async with self._db.transaction() as tx:
            facts = await tx.certificates.facts(person_id)
            if facts is None:
                raise Refused("certificates-volunteers-only")
            if facts.minutes <= 0:
                raise Refused("certificates-no-hours")
            if await tx.certificates.pending_of(person_id) is not None:
                raise Refused("certificates-pending")
            coordinators = await coordinators_over(tx, self._authority, person_id)
            if not coordinators:
                raise Refused("certificates-nobody-to-confirm")
            asked = await tx.certificates.add(person_id, self._clock.now())
            return CertAsked(asked, facts.name, coordinators)

    async def decide(self, coordinator_id: int, cert_id: int, issue: bool) -> CertDecided:
        now = self._clock.now()
        async with self._db.transaction() as tx:
            found = await tx.certificates.get(cert_id) if 0 < cert_id < 2**31 else None
            if found is None:
                raise Refused("certificates-no-such")
            volunteer = await tx.volunteers.get(found.person_id)
            if volunteer is None:
                raise Refused("certificates-volunteers-only")
            if coordinator_id == found.person_id:
                raise Refused("certificates-not-your-own")
            await self._authority.require_over(
                tx, coordinator_id, volunteer.site_id, "volunteer-outside-your-sites"
            )
            if not issue:
                if not await tx.certificates.decide(
                    found.id, CertStatus.REFUSED, coordinator_id, now
                ):
                    raise Refused("certificates-decided")
            else:
                facts = await tx.certificates.facts(found.person_id)
                assert facts is not None
                rules = await tx.ledger.rules()
                tree = await self._authority.reference.sites(tx)
                chain = tree.ancestors(volunteer.site_id)
                root = chain[-1] if chain else None
                center = (root.name.zh, root.name.en) if root else ("", "")
                record = record_of(facts, rules.stars(facts.minutes), center)
                code = sign(found.id, self._key)
                changed = await tx.certificates.decide(
                    found.id, CertStatus.ISSUED, coordinator_id, now, code, facts.minutes, record
                )
                if not changed:
                    raise Refused("certificates-decided")
            decided = await tx.certificates.get(found.id)
            assert decided is not None
            return CertDecided(decided, issue)

    async def check(self, code: str) -> Certificate:
        cert_id = verify(code, self._key)
        async with self._db.read() as tx:
            found = await tx.certificates.get(cert_id) if cert_id is not None else None
        if (
            found is None
            or found.status is not CertStatus.ISSUED
            or found.code != sign(found.id, self._key)
        ):
            raise Refused("certificates-not-genuine")
        return found
