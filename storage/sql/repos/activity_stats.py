"""The activities of some sites and a period, with attendance, beneficiaries and the
hours the ledger credited: for `/stats` and `/export`.

A county runs a few hundred activities a year, so this reads the activities that
start in the period (`ix_activities_site_starts`), then their signed-up people and
check-ins in one query each, and the ledger's hours under their refs
(`ix_ledger_transactions_ref`). Cancelled activities are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.stats_models import ActivityLine
from storage.sql.repos.ledger_rollups import minutes_by_ref
from storage.sql.tables import activities, activity_checkins, activity_signups

CANCELLED = "cancelled"
SIGNED = "signed"


async def activity_lines(
    session: AsyncConnection, site_ids: Sequence[int], start: datetime, end: datetime
) -> list[ActivityLine]:
    """Activities starting in [start, end) at these sites, by start then id."""
    a = activities
    rows = (
        await session.execute(
            select(a)
            .where(
                a.c.site_id.in_(list(site_ids) or [-1]),
                a.c.starts_at >= start,
                a.c.starts_at < end,
                a.c.status != CANCELLED,
            )
            .order_by(a.c.starts_at, a.c.id)
        )
    ).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    signed: dict[int, set[int]] = defaultdict(set)
    for s in await session.execute(
        select(activity_signups.c.activity_id, activity_signups.c.person_id).where(
            activity_signups.c.activity_id.in_(ids), activity_signups.c.status == SIGNED
        )
    ):
        signed[s.activity_id].add(int(s.person_id))
    present: dict[int, set[int]] = defaultdict(set)
    for c in await session.execute(
        select(activity_checkins.c.activity_id, activity_checkins.c.person_id).where(
            activity_checkins.c.activity_id.in_(ids)
        )
    ):
        present[c.activity_id].add(int(c.person_id))
    minutes = await minutes_by_ref(session, [f"activity:{i}" for i in ids])
    out = []
    for r in rows:
        came, booked = present[r.id], signed[r.id]
        out.append(
            ActivityLine(
                id=r.id,
                title_zh=r.title_zh,
                title_en=r.title_en or "",
                site_id=r.site_id,
                category_code=r.category_code,
                team_id=r.team_id,
                starts_at=r.starts_at,
                ends_at=r.ends_at,
                status=r.status,
                volunteer_quota=int(r.volunteer_quota),
                resident_quota=int(r.resident_quota),
                volunteers_signed=int(r.volunteers_signed),
                residents_signed=int(r.residents_signed),
                checked_in=len(came & booked),
                walk_ins=len(came - booked),
                no_shows=len(booked - came) if r.status == "closed" else 0,
                beneficiaries={str(k): int(v) for k, v in dict(r.beneficiaries or {}).items()},
                minutes=minutes.get(f"activity:{r.id}", 0),
            )
        )
    return out
