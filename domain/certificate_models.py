"""Volunteer service certificates' values (no I/O): the request, the record as issued,
and the verification code.

The record follows the 2021 rules for volunteer service records (志愿服务记录与证明出具
办法): personal information, the service (hours, by category, the period), training,
awards and evaluation. What the bot does not know (training) is left out of the
record and shown as "—".

A verification code is an HMAC-SHA256 tag over the certificate's id (truncated to
48 bits) and the id, in base32: 16 letters and digits, shown in groups of four.
The code is stored too, so `/verify` checks the tag and then the row.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

PURPOSE = b"civic-bot certificates"
_ID = struct.Struct(">I")
_TAG = 6
CODE_CHARS = 16


class CertStatus(StrEnum):
    PENDING = "pending"
    ISSUED = "issued"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Certificate:
    id: int
    person_id: int
    status: CertStatus
    requested_at: datetime
    decided_by: int | None = None
    decided_at: datetime | None = None
    code: str | None = None
    minutes: int | None = None
    record: dict[str, Any] | None = None  # what was issued (see `ServiceFacts.record`)


@dataclass(frozen=True, slots=True)
class CategoryMinutes:
    code: str
    name_zh: str
    name_en: str
    minutes: int


@dataclass(frozen=True, slots=True)
class ServiceFacts:
    """What the database knows of a volunteer's service, for their certificate."""

    name: str
    team_zh: str
    team_en: str
    site_id: int
    minutes: int  # all their hours, from the ledger
    categories: list[CategoryMinutes]  # done orders' hours by category
    first_at: datetime | None
    last_at: datetime | None
    tasks: int
    rating: float | None  # the residents' average


def sign(cert_id: int, key: bytes) -> str:
    body = _ID.pack(cert_id)
    return base64.b32encode(_tag(key, body) + body).decode()  # the tag first: no AAAA-


def verify(text: str, key: bytes) -> int | None:
    """The certificate id `text` names, if its tag is right; None otherwise."""
    cleaned = text.strip().upper().replace("-", "").replace(" ", "")
    if len(cleaned) != CODE_CHARS:
        return None
    try:
        raw = base64.b32decode(cleaned)
    except (binascii.Error, ValueError):
        return None
    tag, body = raw[:_TAG], raw[_TAG:]
    if not hmac.compare_digest(tag, _tag(key, body)):
        return None
    return int(_ID.unpack(body)[0])


def shown(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _tag(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).digest()[:_TAG]
