"""domain/geo.py distances and nearest, domain/points.py."""

from __future__ import annotations

import pytest

from domain.geo import haversine_km, nearest
from domain.models import LocalName, Site, SiteLevel
from domain.points import HOUR_CHOICES, MAX_HOURS, POINTS_PER_HOUR, points_for, valid_hours

BEIJING = (39.9042, 116.4074)
SHANGHAI = (31.2304, 121.4737)


def test_haversine_beijing_shanghai_is_about_1068_km() -> None:
    assert haversine_km(*BEIJING, *SHANGHAI) == pytest.approx(1068, abs=10)


def test_haversine_is_symmetric_and_zero_for_one_place() -> None:
    assert haversine_km(*BEIJING, *SHANGHAI) == pytest.approx(haversine_km(*SHANGHAI, *BEIJING))
    assert haversine_km(*BEIJING, *BEIJING) == 0.0


def test_haversine_one_degree_of_latitude_is_about_111_km() -> None:
    assert haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.2, abs=0.2)


def _site(site_id: int, lat: float | None, lon: float | None) -> Site:
    return Site(site_id, None, SiteLevel.POINT, LocalName(f"s{site_id}", ""), lat, lon)


def test_nearest_picks_the_closest_site() -> None:
    sites = [_site(1, *SHANGHAI), _site(2, *BEIJING), _site(3, 23.13, 113.26)]
    found = nearest(sites, 39.95, 116.30)
    assert found is not None and found.id == 2


def test_nearest_ignores_sites_without_coordinates() -> None:
    sites = [_site(1, None, None), _site(2, 39.9, None), _site(3, *SHANGHAI)]
    found = nearest(sites, *BEIJING)
    assert found is not None and found.id == 3


def test_nearest_handles_a_site_on_the_equator_and_meridian() -> None:
    sites = [_site(1, 0.0, 0.0), _site(2, *BEIJING)]
    found = nearest(sites, 0.1, 0.1)
    assert found is not None and found.id == 1


@pytest.mark.parametrize("sites", [[], [_site(1, None, None)]])
def test_nearest_without_placed_sites_is_none(sites: list[Site]) -> None:
    assert nearest(sites, *BEIJING) is None


@pytest.mark.parametrize(("hours", "points"), [(0.5, 5), (1, 10), (1.5, 15), (3, 30), (24, 240)])
def test_points_for_hours(hours: float, points: int) -> None:
    assert points_for(hours) == points
    assert POINTS_PER_HOUR == 10


@pytest.mark.parametrize(
    ("hours", "ok"), [(0, False), (-1, False), (0.1, True), (24, True), (24.01, False)]
)
def test_valid_hours_is_above_zero_up_to_max(hours: float, ok: bool) -> None:
    assert valid_hours(hours) is ok


def test_every_hour_button_is_valid() -> None:
    assert all(valid_hours(h) for h in HOUR_CHOICES)
    assert MAX_HOURS == 24.0
