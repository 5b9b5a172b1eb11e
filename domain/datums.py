"""Map datums: coordinates copied from Chinese maps are not WGS84.

Amap (高德) and Tencent give GCJ-02, the state's obfuscated datum; Baidu gives
BD-09, GCJ-02 shifted once more. Around Hangzhou either is about 500 m off the
WGS84 that Telegram's locations and our distances use, which is most of the
15-minute service circle. `to_wgs84` brings a seed file's coordinates home.

GCJ-02 has a closed form only one way (WGS84 -> GCJ-02); the way back is solved
by fixed-point iteration to well under a centimetre. Outside China the datums
coincide and nothing is shifted, as the published maps do.
"""

from __future__ import annotations

import math
from enum import StrEnum

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as GCJ-02 uses
_EE = 0.00669342162296594323  # its eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0  # BD-09's own constant
_TOLERANCE = 1e-10  # degrees: about 0.01 mm


class Datum(StrEnum):
    WGS84 = "WGS84"
    GCJ02 = "GCJ-02"
    BD09 = "BD-09"

    @classmethod
    def named(cls, raw: str) -> Datum:
        """A seed file's spelling: "WGS84", "wgs-84", "gcj02", "GCJ-02", "bd09", ..."""
        key = raw.strip().upper().replace("-", "").replace("_", "").replace(" ", "")
        for datum in cls:
            if datum.value.replace("-", "") == key:
                return datum
        raise ValueError(f"unknown datum {raw!r}: expected one of WGS84, GCJ-02, BD-09")


def out_of_china(lat: float, lon: float) -> bool:
    return not (73.66 < lon < 135.05 and 3.86 < lat < 53.55)


def _shift_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _shift_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    if out_of_china(lat, lon):
        return lat, lon
    dlat = _shift_lat(lon - 105.0, lat - 35.0)
    dlon = _shift_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lat + dlat, lon + dlon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """The WGS84 point whose GCJ-02 is (lat, lon), by fixed-point iteration."""
    if out_of_china(lat, lon):
        return lat, lon
    wlat, wlon = lat, lon
    for _ in range(30):
        glat, glon = wgs84_to_gcj02(wlat, wlon)
        dlat, dlon = glat - lat, glon - lon
        wlat, wlon = wlat - dlat, wlon - dlon
        if abs(dlat) < _TOLERANCE and abs(dlon) < _TOLERANCE:
            break
    return wlat, wlon


def gcj02_to_bd09(lat: float, lon: float) -> tuple[float, float]:
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def to_wgs84(datum: Datum, lat: float, lon: float) -> tuple[float, float]:
    """(lat, lon) given in `datum`, in WGS84."""
    if datum is Datum.GCJ02:
        return gcj02_to_wgs84(lat, lon)
    if datum is Datum.BD09:
        return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))
    return lat, lon
