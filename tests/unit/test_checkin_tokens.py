"""Check-in QR tokens, the hours cap and the visit's place (`domain.checkin*`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from domain import checkin_tokens
from domain.checkin import cap_hours, order_place_coordinates
from domain.invite_tokens import derive_key
from domain.models import LocalName, Order, OrderStatus, Site, SiteLevel
from domain.order_details_models import OrderDetails
from domain.order_details_models import Visit as DetailsVisit
from domain.when import When
from handlers.checkin import DEEP_LINK_CHECKIN
from tests.translator import shared_translator

KEY = derive_key("secret", checkin_tokens.PURPOSE)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_token_reads_back_and_fits_a_start_parameter() -> None:
    token = checkin_tokens.new_token(2**31, NOW + timedelta(minutes=30))
    text = checkin_tokens.encode(token, KEY)
    assert len(text) == checkin_tokens.TOKEN_CHARS
    assert len(DEEP_LINK_CHECKIN + text) <= 64
    assert all(ch.isalnum() or ch in "-_" for ch in text)
    assert checkin_tokens.decode(text, KEY) == token
    assert not token.expired(NOW) and token.expired(NOW + timedelta(minutes=30))


def test_a_forged_cut_or_foreign_token_is_refused() -> None:
    text = checkin_tokens.encode(checkin_tokens.new_token(12, NOW), KEY)
    # A middle character: every bit of it counts (the last one of unpadded base64
    # carries spare bits, so flipping it can decode to the same bytes).
    mid = len(text) // 2
    flipped = text[:mid] + ("A" if text[mid] != "A" else "B") + text[mid + 1 :]
    assert checkin_tokens.decode(flipped, KEY) is None
    assert checkin_tokens.decode(text[:-1], KEY) is None
    # Regression (failed 1 run in 4): the last character's 2 spare bits changed
    # alone ("B" -> "A") spelt the same bytes, so a changed text decoded.
    for last in "ABCD":
        if last != text[-1]:
            assert checkin_tokens.decode(text[:-1] + last, KEY) is None
    assert checkin_tokens.decode("!" * checkin_tokens.TOKEN_CHARS, KEY) is None
    assert checkin_tokens.decode(text, derive_key("other", checkin_tokens.PURPOSE)) is None
    # An invite key (same secret, other purpose) signs nothing here.
    assert checkin_tokens.decode(text, derive_key("secret")) is None


def test_hours_are_capped_to_the_half_hour_above_the_visit() -> None:
    assert cap_hours(NOW, NOW + timedelta(minutes=40)) == 1.0
    assert cap_hours(NOW, NOW + timedelta(minutes=60)) == 1.0
    assert cap_hours(NOW, NOW + timedelta(minutes=61)) == 1.5
    assert cap_hours(NOW, NOW + timedelta(minutes=5)) == 0.5
    assert cap_hours(NOW, NOW - timedelta(minutes=5)) == 0.5  # a clock that went back


def _order() -> Order:
    return Order(1, 2, 3, "civility", 11, When.decode("2026-12-02", NOW.date()),
                 OrderStatus.ACCEPTED, NOW, NOW)  # fmt: skip


def test_the_visits_place_is_the_orders_point_without_a_pin() -> None:
    point = Site(11, 10, SiteLevel.POINT, LocalName("站", "Point"), 30.06, 119.95)
    assert order_place_coordinates(_order(), point) == (30.06, 119.95)
    assert order_place_coordinates(_order(), Site(11, 10, SiteLevel.POINT, point.name)) is None
    assert order_place_coordinates(_order(), None) is None


def test_the_visits_place_is_the_houses_pin_unless_the_resident_comes_to_the_station() -> None:
    point = Site(11, 10, SiteLevel.POINT, LocalName("站", "Point"), 30.06, 119.95)
    pinned = replace(_order(), lat=30.1, lon=120.0)
    home = OrderDetails(visit=DetailsVisit.HOME, pinned=True)
    assert order_place_coordinates(pinned, point, home) == (30.1, 120.0)
    assert order_place_coordinates(pinned, None) == (30.1, 120.0)  # no point needed
    station = OrderDetails(visit=DetailsVisit.STATION)
    assert order_place_coordinates(pinned, point, station) == (30.06, 119.95)


def test_keys_built_from_a_role_exist() -> None:
    tr = shared_translator()
    for role in ("resident", "volunteer"):
        for key in ("relay-button", "relay-opened", "relay-sent", "relay-undelivered",
                    "relay-from", "relay-thread-line"):  # fmt: skip
            assert tr.has(f"{key}-{role}"), f"{key}-{role}"
