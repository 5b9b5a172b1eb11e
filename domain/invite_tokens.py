"""Invite tokens: who may join which team, until when, signed so no one can forge one.

A token packs the team, the coordinator who issued it, its expiry and a random
id, then an HMAC-SHA256 tag over all of that (truncated to 128 bits), in URL-safe
base64 without padding: 54 characters, so `inv_<token>` fits Telegram's 64-character
`/start` parameter ([A-Za-z0-9_-]). The random id is what the single-use store keeps.
Pure functions: no clock, no I/O.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
from dataclasses import dataclass
from datetime import UTC, datetime

_BODY = struct.Struct(">IIQ8s")  # team id, expiry (unix seconds), issuer id, random id
_TAG = 16  # bytes of the HMAC kept
TOKEN_CHARS = 54  # len(urlsafe_b64encode(_BODY.size + _TAG bytes)) without padding


@dataclass(frozen=True, slots=True)
class InviteToken:
    team_id: int
    issuer_id: int
    expires_at: datetime
    token_id: str  # the random id, as hex: what "used" is recorded under

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


def new_token(team_id: int, issuer_id: int, expires_at: datetime) -> InviteToken:
    return InviteToken(team_id, issuer_id, _whole_seconds(expires_at), secrets.token_hex(8))


def encode(token: InviteToken, key: bytes) -> str:
    body = _BODY.pack(
        token.team_id,
        int(token.expires_at.timestamp()),
        token.issuer_id,
        bytes.fromhex(token.token_id),
    )
    raw = body + _tag(key, body)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode(text: str, key: bytes) -> InviteToken | None:
    """The token `text` stands for; None when it is malformed or its tag is wrong."""
    if len(text) != TOKEN_CHARS:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "==")
    except (binascii.Error, ValueError):
        return None
    body, tag = raw[: _BODY.size], raw[_BODY.size :]
    if len(tag) != _TAG or not hmac.compare_digest(tag, _tag(key, body)):
        return None
    team_id, expires, issuer_id, token_id = _BODY.unpack(body)
    return InviteToken(team_id, issuer_id, datetime.fromtimestamp(expires, UTC), token_id.hex())


def derive_key(secret: str, purpose: bytes = b"civic-bot invite tokens") -> bytes:
    """A signing key for one purpose from a longer-lived secret (e.g. the bot token)."""
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()


def _tag(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).digest()[:_TAG]


def _whole_seconds(moment: datetime) -> datetime:
    # The token carries whole seconds; the object says exactly what the token says.
    return datetime.fromtimestamp(int(moment.timestamp()), UTC)
