"""`Inbound` <-> JSON text, for the update inbox.

The inbox stores what the transport parsed rather than the raw Bot API update,
so polling and webhook mode, and both transports, share one stored shape.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from handlers.ports import Inbound, Kind, Sender


def encode(inbound: Inbound) -> str:
    fields = {k: v for k, v in asdict(inbound).items() if v not in (None, "")}
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Inbound:
    fields: dict[str, Any] = json.loads(text)
    fields["kind"] = Kind(fields["kind"])
    fields["sender"] = Sender(**fields["sender"])
    if "location" in fields:
        latitude, longitude = fields["location"]
        fields["location"] = (float(latitude), float(longitude))
    return Inbound(**fields)
