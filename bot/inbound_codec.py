"""`Inbound` <-> JSON text, for the update inbox.

The inbox stores what the transport parsed rather than the raw Bot API update,
so polling and webhook mode, and both transports, share one stored shape.
"""

from __future__ import annotations

import json
from dataclasses import fields as dataclass_fields
from typing import Any

from handlers.ports import Inbound, Kind, Sender

# asdict() deep-copies recursively and showed in the hot path's profile; one level is enough.
_NAMES = tuple(field.name for field in dataclass_fields(Inbound))
_SENDER = tuple(field.name for field in dataclass_fields(Sender))


def encode(inbound: Inbound) -> str:
    fields: dict[str, Any] = {}
    for name in _NAMES:
        value = getattr(inbound, name)
        if value is not None and value != "":
            fields[name] = value
    fields["sender"] = {name: getattr(inbound.sender, name) for name in _SENDER}
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Inbound:
    fields: dict[str, Any] = json.loads(text)
    fields["kind"] = Kind(fields["kind"])
    fields["sender"] = Sender(**fields["sender"])
    if "location" in fields:
        latitude, longitude = fields["location"]
        fields["location"] = (float(latitude), float(longitude))
    return Inbound(**fields)
