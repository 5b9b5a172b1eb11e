"""`Inbound` <-> JSON text, for the update inbox.

The inbox stores what the transport parsed rather than the raw Bot API update,
so polling and webhook mode, and both transports, share one stored shape.
Fields that are empty are left out, so an update stored before a field existed
(the media fields, say) decodes to that field's default. The channel is left out
when it is Telegram: an update stored before there were channels is Telegram's,
and one stored now reads the same to a worker of before (a rolling deploy).
"""

from __future__ import annotations

import json
from dataclasses import fields as dataclass_fields
from typing import Any

from domain.models import TELEGRAM
from handlers.kit.ports import Attachment, Inbound, Kind, PhotoSize, Sender

# asdict() deep-copies recursively and showed in the hot path's profile; one level is enough.
_NAMES = tuple(field.name for field in dataclass_fields(Inbound))
_SENDER = tuple(field.name for field in dataclass_fields(Sender))
_PHOTO = tuple(field.name for field in dataclass_fields(PhotoSize))
_ATTACHMENT = tuple(field.name for field in dataclass_fields(Attachment))
_MEDIA = ("voice", "video", "document")


def encode(inbound: Inbound) -> str:
    fields: dict[str, Any] = {}
    for name in _NAMES:
        value = getattr(inbound, name)
        if value is not None and value != "" and value != ():
            fields[name] = value
    if inbound.channel == TELEGRAM:
        del fields["channel"]
    fields["sender"] = {name: getattr(inbound.sender, name) for name in _SENDER}
    if inbound.photos:
        fields["photos"] = [_shallow(size, _PHOTO) for size in inbound.photos]
    for name in _MEDIA:
        if name in fields:
            fields[name] = _shallow(fields[name], _ATTACHMENT)
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Inbound:
    fields: dict[str, Any] = json.loads(text)
    fields["kind"] = Kind(fields["kind"])
    fields["sender"] = Sender(**fields["sender"])
    if "location" in fields:
        latitude, longitude = fields["location"]
        fields["location"] = (float(latitude), float(longitude))
    if "photos" in fields:
        fields["photos"] = tuple(PhotoSize(**size) for size in fields["photos"])
    for name in _MEDIA:
        if name in fields:
            fields[name] = Attachment(**fields[name])
    return Inbound(**fields)


def _shallow(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """A dataclass as a dict of its set fields (None left out, like above)."""
    return {name: item for name in names if (item := getattr(value, name)) is not None}
