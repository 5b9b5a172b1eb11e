"""Check-in tokens: the QR code a resident shows at the door, signed so no one can forge one.

As `domain.invite_tokens`: a token packs the order, its expiry and a random id, then
an HMAC-SHA256 tag over them (truncated to 128 bits), in URL-safe base64 without
padding: 43 characters, so `ci_<token>` fits Telegram's 64-character `/start`
parameter. The random id is what the single-use store keeps. Pure: no clock, no I/O.
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

_BODY = struct.Struct(">II8s")  # order id, expiry (unix seconds), random id
_TAG = 16
TOKEN_CHARS = 43  # len(urlsafe_b64encode(_BODY.size + _TAG bytes)) without padding
PURPOSE = b"civic-bot check-in tokens"


@dataclass(frozen=True, slots=True)
class CheckinToken:
    order_id: int
    expires_at: datetime
    token_id: str  # the random id, as hex

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


def new_token(order_id: int, expires_at: datetime) -> CheckinToken:
    whole = datetime.fromtimestamp(int(expires_at.timestamp()), UTC)
    return CheckinToken(order_id, whole, secrets.token_hex(8))


def encode(token: CheckinToken, key: bytes) -> str:
    body = _BODY.pack(
        token.order_id, int(token.expires_at.timestamp()), bytes.fromhex(token.token_id)
    )
    return base64.urlsafe_b64encode(body + _tag(key, body)).rstrip(b"=").decode()


def decode(text: str, key: bytes) -> CheckinToken | None:
    """The token `text` stands for; None when it is malformed or its tag is wrong."""
    if len(text) != TOKEN_CHARS:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=")
    except (binascii.Error, ValueError):
        return None
    # The last character carries 2 unused bits: only the canonical spelling counts,
    # so a text that differs from the one issued never decodes to the same token.
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != text:
        return None
    body, tag = raw[: _BODY.size], raw[_BODY.size :]
    if len(tag) != _TAG or not hmac.compare_digest(tag, _tag(key, body)):
        return None
    order_id, expires, token_id = _BODY.unpack(body)
    return CheckinToken(order_id, datetime.fromtimestamp(expires, UTC), token_id.hex())


def _tag(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).digest()[:_TAG]
