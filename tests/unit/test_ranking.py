"""domain/ranking.py: each criterion decides when everything before it is equal."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, time

import pytest

from domain.geo import EARTH_RADIUS_KM, haversine_km
from domain.models import LocalName, Site, SiteLevel, Volunteer
from domain.ranking import (
    CIRCLE_KM,
    Place,
    bounding_box,
    in_quiet_hours,
    rank,
    sites_within,
)

NAME = LocalName("站", "site")
# A point at the origin of a small grid; 0.01 degree of latitude is about 1.1 km.
SITES = {
    1: Site(1, None, SiteLevel.CENTER, NAME, 30.20, 120.00),
    10: Site(10, 1, SiteLevel.STATION, NAME, 30.05, 120.00),
    11: Site(11, 10, SiteLevel.POINT, NAME, 30.00, 120.00),
    12: Site(12, 10, SiteLevel.POINT, NAME, 30.005, 120.00),  # ~0.56 km from 11
    13: Site(13, 10, SiteLevel.POINT, NAME, 30.03, 120.00),  # ~3.3 km
    20: Site(20, 1, SiteLevel.STATION, NAME, 30.006, 120.00),  # another town, ~0.67 km
    21: Site(21, 20, SiteLevel.POINT, NAME, 30.04, 120.00),  # ~4.4 km
    22: Site(22, 20, SiteLevel.POINT, NAME, 30.10, 120.00),  # ~11 km
}
PLACE = Place(point_id=11, station_id=10, lat=30.00, lon=120.00)
KM_PER_DEGREE = math.radians(EARTH_RADIUS_KM)  # of latitude, on `haversine_km`'s sphere


def volunteer(user_id: int, site_id: int, **fields: object) -> Volunteer:
    return replace(Volunteer(user_id, f"v{user_id}", 1, site_id, "civility"), **fields)


def order(*volunteers: Volunteer) -> list[int]:
    return [r.volunteer.user_id for r in rank(volunteers, PLACE, SITES)]


def test_inside_the_circle_beats_the_hierarchy() -> None:
    # Site 20 is another town but 0.67 km away; site 13 is our town but 3.3 km away.
    assert order(volunteer(1, 13), volunteer(2, 20)) == [2, 1]


def test_within_the_circle_the_same_point_beats_the_same_station() -> None:
    assert order(volunteer(1, 12), volunteer(2, 11)) == [2, 1]


def test_outside_the_circle_the_same_station_beats_another_town() -> None:
    assert order(volunteer(1, 21), volunteer(2, 13)) == [2, 1]


def test_then_the_nearer_whole_kilometre_wins() -> None:
    assert order(volunteer(1, 22), volunteer(2, 21)) == [2, 1]


def test_then_the_lighter_load_wins() -> None:
    assert order(volunteer(1, 11, open_tasks=2), volunteer(2, 11, open_tasks=1)) == [2, 1]


def test_then_the_better_rating_wins_and_unrated_counts_as_four() -> None:
    good = volunteer(1, 11, rating_total=9, rating_count=2)  # 4.5
    unrated = volunteer(2, 11)
    poor = volunteer(3, 11, rating_total=7, rating_count=2)  # 3.5
    assert order(poor, unrated, good) == [1, 2, 3]


def test_then_whoever_waited_longest_since_a_task_wins() -> None:
    recent = volunteer(1, 11, last_task_at=datetime(2026, 5, 2, tzinfo=UTC))
    earlier = volunteer(2, 11, last_task_at=datetime(2026, 5, 1, tzinfo=UTC))
    never = volunteer(3, 11)
    assert order(recent, earlier, never) == [3, 2, 1]


def test_full_ties_keep_user_id_order() -> None:
    assert order(volunteer(3, 11), volunteer(1, 11), volunteer(2, 11)) == [1, 2, 3]


def test_without_coordinates_the_hierarchy_decides() -> None:
    place = Place(point_id=11, station_id=10, lat=None, lon=None)
    ranked = rank([volunteer(1, 21), volunteer(2, 13), volunteer(3, 11)], place, SITES)
    assert [r.volunteer.user_id for r in ranked] == [3, 2, 1]
    assert all(r.distance_km is None for r in ranked)


def _another_town_at(km: float) -> dict[int, Site]:
    """The grid, plus a point of another town `km` north of the order."""
    return {**SITES, 30: Site(30, 20, SiteLevel.POINT, NAME, 30.00 + km / KM_PER_DEGREE, 120.00)}


@pytest.mark.parametrize(
    ("km", "first"),
    [
        (CIRCLE_KM * 0.98, 30),  # just inside: nearness beats the hierarchy
        (CIRCLE_KM * 1.02, 13),  # just outside: our own town (3.3 km) comes first
        (1.0, 30),  # 12 minutes on foot is inside the 15-minute circle
        (1.5, 13),  # 18 minutes is not
    ],
)
def test_the_circle_is_about_fifteen_minutes_on_foot(km: float, first: int) -> None:
    sites = _another_town_at(km)
    assert haversine_km(30.0, 120.0, sites[30].lat or 0.0, 120.0) == pytest.approx(km)
    ranked = rank([volunteer(1, 30), volunteer(2, 13)], PLACE, sites)
    assert ranked[0].volunteer.site_id == first


@pytest.mark.parametrize(
    ("start", "end", "now", "quiet"),
    [
        (22 * 60, 7 * 60, time(23, 30), True),  # wraps past midnight
        (22 * 60, 7 * 60, time(6, 59), True),
        (22 * 60, 7 * 60, time(7, 0), False),
        (22 * 60, 7 * 60, time(12, 0), False),
        (12 * 60, 14 * 60, time(13, 0), True),
        (12 * 60, 14 * 60, time(14, 0), False),
        (None, None, time(3, 0), False),
    ],
)
def test_quiet_hours(start: int | None, end: int | None, now: time, quiet: bool) -> None:
    assert in_quiet_hours(volunteer(1, 11, quiet_start=start, quiet_end=end), now) is quiet


def test_the_bounding_box_holds_every_site_within_the_radius() -> None:
    min_lat, max_lat, min_lon, max_lon = bounding_box(30.0, 120.0, 5.0)
    assert min_lat < 30.0 < max_lat and min_lon < 120.0 < max_lon
    assert sorted(sites_within(list(SITES.values()), 30.0, 120.0, 5.0)) == [11, 12, 13, 20, 21]
    assert sorted(sites_within(list(SITES.values()), 30.0, 120.0, 1.0)) == [11, 12, 20]
