"""GCJ-02 and BD-09 to WGS84 (domain/datums.py), against published reference pairs.

The pairs are the ones wandergis/coordtransform (the reference JavaScript
implementation most Chinese map tools copy) documents for Tiananmen,
(lon 116.404, lat 39.915); its GCJ-02 -> WGS84 is a one-step approximation, ours
iterates, so that pair is checked to about a metre and the round trip exactly.
"""

from __future__ import annotations

import pytest

from domain.datums import (
    Datum,
    bd09_to_gcj02,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    out_of_china,
    to_wgs84,
    wgs84_to_gcj02,
)
from domain.geo import haversine_km

LAT, LON = 39.915, 116.404
EXACT = 1e-12
METRE = 1e-5  # degrees, a little over a metre


def close(a: tuple[float, float], b: tuple[float, float], within: float) -> bool:
    return abs(a[0] - b[0]) <= within and abs(a[1] - b[1]) <= within


def test_wgs84_to_gcj02_matches_the_reference_pair() -> None:
    assert close(wgs84_to_gcj02(LAT, LON), (39.91640428150164, 116.41024449916938), EXACT)


def test_gcj02_to_bd09_matches_the_reference_pair() -> None:
    assert close(gcj02_to_bd09(LAT, LON), (39.92133699351021, 116.41036949371029), EXACT)


def test_bd09_to_gcj02_matches_the_reference_pair() -> None:
    assert close(bd09_to_gcj02(LAT, LON), (39.90865673957631, 116.39762729119315), EXACT)


def test_gcj02_to_wgs84_is_within_a_metre_of_the_reference_approximation() -> None:
    assert close(gcj02_to_wgs84(LAT, LON), (39.91359571849836, 116.39775550083061), METRE)


@pytest.mark.parametrize("point", [(39.915, 116.404), (30.2741, 120.1551), (22.54, 114.06)])
def test_gcj02_round_trip_is_exact(point: tuple[float, float]) -> None:
    assert close(gcj02_to_wgs84(*wgs84_to_gcj02(*point)), point, 1e-9)
    assert close(bd09_to_gcj02(*gcj02_to_bd09(*point)), point, 1e-6)


def test_the_offset_at_hangzhou_is_about_500_metres() -> None:
    west_lake = (30.2741, 120.1551)
    assert 0.4 < haversine_km(*west_lake, *wgs84_to_gcj02(*west_lake)) < 0.7
    # Baidu's adds its own shift on top: further off still.
    assert haversine_km(*west_lake, *gcj02_to_bd09(*wgs84_to_gcj02(*west_lake))) > 0.7


def test_to_wgs84_undoes_each_datum() -> None:
    wgs = (30.06, 119.955)
    gcj = wgs84_to_gcj02(*wgs)
    assert to_wgs84(Datum.WGS84, *wgs) == wgs
    assert close(to_wgs84(Datum.GCJ02, *gcj), wgs, 1e-9)
    assert close(to_wgs84(Datum.BD09, *gcj02_to_bd09(*gcj)), wgs, 1e-6)


def test_outside_china_nothing_moves() -> None:
    london = (51.5, -0.12)
    assert out_of_china(*london)
    assert wgs84_to_gcj02(*london) == london == gcj02_to_wgs84(*london)


@pytest.mark.parametrize(
    ("raw", "datum"),
    [("WGS84", Datum.WGS84), ("wgs-84", Datum.WGS84), ("gcj02", Datum.GCJ02),
     ("GCJ-02", Datum.GCJ02), ("bd09", Datum.BD09), ("BD-09", Datum.BD09)],
)  # fmt: skip
def test_datum_names_are_read_as_seed_files_spell_them(raw: str, datum: Datum) -> None:
    assert Datum.named(raw) is datum


def test_an_unknown_datum_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown datum"):
        Datum.named("CGCS2000")
