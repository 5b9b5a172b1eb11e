"""Activity check-in codes: the rotating token a venue's QR code carries (`/start ac_<token>`).

A token is the activity id and a time window (the minute it was drawn in, as
`unix seconds // WINDOW`), signed with HMAC-SHA256 (truncated to 80 bits), in
URL-safe base64 without padding: 24 characters. It is good in its own window and
the one after (a scan at 12:00:59 still works at 12:01:02), never later, so a photo
of the code sent home stops working within two minutes. Pure functions: no clock.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from datetime import datetime

WINDOW_SECONDS = 60
PURPOSE = b"civic-bot check-in codes"  # the signing key is derived for this use alone
_BODY = struct.Struct(">II")  # activity id, window
_TAG = 10
TOKEN_CHARS = 24  # len(urlsafe_b64encode(_BODY.size + _TAG bytes)) without padding


def window(now: datetime) -> int:
    return int(now.timestamp()) // WINDOW_SECONDS


def encode(activity_id: int, now: datetime, key: bytes) -> str:
    body = _BODY.pack(activity_id, window(now))
    return base64.urlsafe_b64encode(body + _tag(key, body)).rstrip(b"=").decode()


def decode(text: str, now: datetime, key: bytes) -> int | None:
    """The activity `text` checks in to, if it is genuine and of this window or the
    one before; None otherwise (forged, cut, or too old)."""
    if len(text) != TOKEN_CHARS:
        return None
    try:
        raw = base64.urlsafe_b64decode(text)
    except (binascii.Error, ValueError):
        return None
    body, tag = raw[: _BODY.size], raw[_BODY.size :]
    if len(tag) != _TAG or not hmac.compare_digest(tag, _tag(key, body)):
        return None
    activity_id, drawn = _BODY.unpack(body)
    return activity_id if 0 <= window(now) - drawn <= 1 else None


def _tag(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).digest()[:_TAG]
