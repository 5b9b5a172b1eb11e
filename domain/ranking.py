"""Who should hear of an order first: a pure ranking of fitting volunteers.

In order of weight: inside the 15-minute service circle (about 1.2 km) or not;
the site hierarchy (same point, same station, then the rest of the county);
distance in whole kilometres; current load (open tasks); average rating; and time
since the last task, so the work is spread.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time

from domain.geo import haversine_km
from domain.models import Site, Volunteer

CIRCLE_KM = 1.2  # about 15 minutes on foot
NEUTRAL_RATING = 4.0  # what a volunteer with no ratings yet counts as
_NEVER = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Place:
    """Where the order is: a point, its station, and coordinates if known."""

    point_id: int
    station_id: int | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class Ranked:
    volunteer: Volunteer
    distance_km: float | None
    tier: int  # 0 same point, 1 same station, 2 elsewhere


def tier(place: Place, site: Site | None) -> int:
    if site is None:
        return 2
    if site.id == place.point_id:
        return 0
    if place.station_id is not None and place.station_id in (site.id, site.parent_id):
        return 1
    return 2


def distance(place: Place, site: Site | None) -> float | None:
    if site is None or None in (place.lat, place.lon, site.lat, site.lon):
        return None
    return haversine_km(place.lat or 0.0, place.lon or 0.0, site.lat or 0.0, site.lon or 0.0)


def average_rating(volunteer: Volunteer) -> float:
    if volunteer.rating_count == 0:
        return NEUTRAL_RATING
    return volunteer.rating_total / volunteer.rating_count


def _key(item: Ranked) -> tuple[int, int, int, int, float, datetime]:
    km = item.distance_km
    outside = 0 if km is not None and km <= CIRCLE_KM else 1
    whole_km = int(km) if km is not None else 10_000
    volunteer = item.volunteer
    return (
        outside,
        item.tier,
        whole_km,
        volunteer.open_tasks,
        -average_rating(volunteer),
        volunteer.last_task_at or _NEVER,
    )


def rank(volunteers: Iterable[Volunteer], place: Place, sites: dict[int, Site]) -> list[Ranked]:
    """Best first; ties keep a stable order by user id."""
    ranked = [
        Ranked(v, distance(place, sites.get(v.site_id)), tier(place, sites.get(v.site_id)))
        for v in sorted(volunteers, key=lambda v: v.user_id)
    ]
    return sorted(ranked, key=_key)


def in_quiet_hours(volunteer: Volunteer, local: time) -> bool:
    """Quiet hours are minutes after local midnight; start > end wraps past midnight."""
    start, end = volunteer.quiet_start, volunteer.quiet_end
    if start is None or end is None or start == end:
        return False
    minute = local.hour * 60 + local.minute
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) around a point: a cheap, index-friendly
    pre-filter before exact distances."""
    dlat = km / 111.32
    dlon = km / (111.32 * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def sites_within(sites: Sequence[Site], lat: float, lon: float, km: float) -> list[int]:
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, km)
    return [
        s.id
        for s in sites
        if s.lat is not None
        and s.lon is not None
        and min_lat <= s.lat <= max_lat
        and min_lon <= s.lon <= max_lon
    ]
