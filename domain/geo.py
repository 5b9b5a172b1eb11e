"""Distances on the earth's surface, for the 15-minute service circle."""

from __future__ import annotations

import math
from collections.abc import Iterable

from domain.models import Site

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def nearest(sites: Iterable[Site], lat: float, lon: float) -> Site | None:
    placed = [s for s in sites if s.lat is not None and s.lon is not None]
    if not placed:
        return None
    return min(placed, key=lambda s: haversine_km(lat, lon, s.lat or 0.0, s.lon or 0.0))
