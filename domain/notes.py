"""What an order event's note says, as data: a code and its arguments, never prose.

The note column keeps `encode`'s compact JSON, e.g. `{"code":"wave","round":"1"}`;
the history shows it through the locale key `note-<code>` in the reader's language.
A free-text reason a person typed (releasing a task, cancelling an order) stays an
argument, word for word. A note that is not ours (written by hand, or by code older
than this module) reads back as free text (`TEXT`), so nothing is ever lost.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

WAVE = "wave"  # round: 1 for the first wave of offers
WAVE_TIMED_OUT = "wave-timed-out"
REFILLED = "refilled"  # unreached: how many offers never reached their volunteer
NO_VOLUNTEERS = "no-volunteers"
ESCALATED = "escalated"  # level: point | station | center
DECLINED = "declined"
ASSIGNED = "assigned"
REASSIGNED = "reassigned"  # previous: the volunteer's user id
RELEASED = "released"
RELEASED_REASON = "released-reason"  # reason
CANCELLED_BY_RESIDENT = "cancelled-by-resident"
CANCELLED_BY_COORDINATOR = "cancelled-by-coordinator"
CANCELLED_REASON = "cancelled-reason"  # reason
VISIT_MISSED = "visit-missed"  # the resident said the visit did not happen
REASON_ERASED = "reason-erased"  # was: the code whose typed reason was erased
COMPLAINT = "complaint"  # cause: rating | comment (`domain.complaints`)
REDONE = "redone"  # the resident had it reopened after a complaint; barred: the volunteer
DELAYED = "delayed"  # nobody took it after the last escalation: the resident was told
KEPT_WAITING = "kept-waiting"  # ... and chose to keep waiting
WISH_CLAIMED = "wish-claimed"  # wish: the wish wall's wish a volunteer claimed as this order
TEXT = "text"  # text: a note that is not in this encoding
CODES = frozenset(
    {
        WAVE,
        WAVE_TIMED_OUT,
        REFILLED,
        NO_VOLUNTEERS,
        ESCALATED,
        DECLINED,
        ASSIGNED,
        REASSIGNED,
        RELEASED,
        RELEASED_REASON,
        CANCELLED_BY_RESIDENT,
        CANCELLED_BY_COORDINATOR,
        CANCELLED_REASON,
        VISIT_MISSED,
        REASON_ERASED,
        COMPLAINT,
        REDONE,
        DELAYED,
        KEPT_WAITING,
        WISH_CLAIMED,
        TEXT,
    }
)
LEVELS = {1: "point", 2: "station", 3: "center"}
RELEASE_REASON_MAX = 300
CANCEL_REASON_MAX = 500


@dataclass(frozen=True, slots=True)
class Note:
    code: str
    args: Mapping[str, str] = field(default_factory=dict)


def encode(note: Note) -> str:
    # ensure_ascii=False: a Chinese reason stays readable in the database.
    return json.dumps({"code": note.code, **note.args}, ensure_ascii=False, separators=(",", ":"))


def decode(raw: str) -> Note | None:
    """The note an event carries; None when it has none (or a code we do not know)."""
    if not raw:
        return None
    try:
        value = json.loads(raw) if raw.startswith("{") else None
    except ValueError:
        value = None
    if not isinstance(value, dict) or not isinstance(value.get("code"), str):
        return Note(TEXT, {"text": raw})
    code = value.pop("code")
    if code not in CODES:
        return None  # written by a newer version: show the event without it
    return Note(code, {str(k): str(v) for k, v in value.items()})


# --- the notes the domain writes, each already encoded for the note column ---


def wave(number: int) -> str:
    """Offers went out; `number` is the offers' ring, 0 for the first wave."""
    return encode(Note(WAVE, {"round": str(number + 1)}))


def wave_timed_out() -> str:
    return encode(Note(WAVE_TIMED_OUT))


def refilled(unreached: int) -> str:
    """The wave was offered to others because `unreached` volunteers never got it."""
    return encode(Note(REFILLED, {"unreached": str(unreached)}))


def no_volunteers() -> str:
    return encode(Note(NO_VOLUNTEERS))


def escalated(level: int) -> str:
    return encode(Note(ESCALATED, {"level": LEVELS[level]}))


def declined() -> str:
    return encode(Note(DECLINED))


def assigned() -> str:
    return encode(Note(ASSIGNED))


def wish_claimed(wish_id: int) -> str:
    return encode(Note(WISH_CLAIMED, {"wish": str(wish_id)}))


def reassigned(previous: int | None) -> str:
    """Moved from `previous` to another volunteer (None: it had nobody yet)."""
    if previous is None:
        return assigned()
    return encode(Note(REASSIGNED, {"previous": str(previous)}))


def released(reason: str) -> str:
    reason = reason.strip()[:RELEASE_REASON_MAX]
    return encode(Note(RELEASED_REASON, {"reason": reason}) if reason else Note(RELEASED))


def cancelled_by_resident() -> str:
    return encode(Note(CANCELLED_BY_RESIDENT))


def cancelled_by_coordinator(reason: str) -> str:
    reason = reason.strip()[:CANCEL_REASON_MAX]
    if not reason:
        return encode(Note(CANCELLED_BY_COORDINATOR))
    return encode(Note(CANCELLED_REASON, {"reason": reason}))


def visit_missed() -> str:
    return encode(Note(VISIT_MISSED))


def complaint(cause: str) -> str:
    return encode(Note(COMPLAINT, {"cause": cause}))


def redone(barred: int | None) -> str:
    return encode(Note(REDONE, {"barred": str(barred or "-")}))


def delayed() -> str:
    return encode(Note(DELAYED))


def kept_waiting() -> str:
    return encode(Note(KEPT_WAITING))


def without_reason(raw: str) -> str:
    """The note with any words a person typed replaced by the erased marker
    (/forgetme): a typed reason, or a free-text note not in this encoding."""
    note = decode(raw)
    if note is None or note.code not in (RELEASED_REASON, CANCELLED_REASON, TEXT):
        return raw
    return encode(Note(REASON_ERASED, {"was": note.code}))
