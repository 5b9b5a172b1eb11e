"""Invite tokens: short enough for a /start link, impossible to forge, and dated."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from domain import invite_tokens
from domain.clock import ManualClock
from domain.invite_tokens import InviteToken, decode, derive_key, encode, new_token

KEY = derive_key("1000001:SANDBOX-civic-bot-token")
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
# Telegram's `start` parameter: up to 64 characters of A-Z a-z 0-9 _ -.
START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _token(team_id: int = 7, issuer: int = 900_103) -> InviteToken:
    return new_token(team_id, issuer, START + timedelta(days=7))


def test_an_invite_token_fits_telegrams_start_parameter() -> None:
    big = new_token(2**32 - 1, 2**63 - 1, datetime(2099, 1, 1, tzinfo=UTC))
    for token in (_token(), big):
        text = encode(token, KEY)
        assert len(text) == invite_tokens.TOKEN_CHARS
        assert START_PARAMETER.fullmatch(f"inv_{text}")
        assert decode(text, KEY) == token


def test_every_token_has_its_own_id() -> None:
    assert _token().token_id != _token().token_id


def test_a_forged_invite_token_is_refused() -> None:
    text = encode(_token(), KEY)
    flipped = text[:5] + ("A" if text[5] != "A" else "B") + text[6:]
    other_team = encode(_token(team_id=8), KEY)
    spliced = other_team[:20] + text[20:]  # another token's body with this one's tag
    for forged in (flipped, spliced, text[:-1], text + "A", "", "not a token", "!" * 54):
        assert decode(forged, KEY) is None, forged
    assert decode(text, derive_key("another bot's token")) is None


def test_an_invite_token_expires_at_its_time() -> None:
    clock = ManualClock(START)
    token = decode(encode(_token(), KEY), KEY)
    assert token is not None and not token.expired(clock.now())
    clock.advance(days=7, seconds=-1)
    assert not token.expired(clock.now())
    clock.advance(seconds=1)
    assert token.expired(clock.now())


@pytest.mark.parametrize("secret", ["a", "a much longer secret of the deployment"])
def test_derived_keys_differ_by_secret(secret: str) -> None:
    assert derive_key(secret) != derive_key(secret + "x")
    assert len(derive_key(secret)) == 32
