"""Typed callback data: every button's payload is packed and unpacked here.

Packed forms are short (`o:12:a`) and always within Telegram's 64 bytes. The data
only says what was pressed; who may do it is checked by the domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MAX_BYTES = 64


@dataclass(frozen=True, slots=True)
class FlowPress:
    version: int
    value: str


@dataclass(frozen=True, slots=True)
class MenuPress:
    item: str  # a command name: "order", "myorders", ...


@dataclass(frozen=True, slots=True)
class OfferPress:
    order_id: int
    act: Literal["a", "d"]  # accept / decline


@dataclass(frozen=True, slots=True)
class DonePress:
    order_id: int


@dataclass(frozen=True, slots=True)
class HoursPress:
    order_id: int
    hours: str  # "0.5", "1", ... or "other"


@dataclass(frozen=True, slots=True)
class RatePress:
    order_id: int
    stars: int


@dataclass(frozen=True, slots=True)
class CancelPress:
    order_id: int


@dataclass(frozen=True, slots=True)
class LangPress:
    locale: str


@dataclass(frozen=True, slots=True)
class JoinSitePress:
    """An applicant picking where to volunteer: a station, then a point."""

    site_id: int


@dataclass(frozen=True, slots=True)
class ApplicationPress:
    application_id: int
    act: Literal["y", "n"]  # approve (then pick a team) / reject


@dataclass(frozen=True, slots=True)
class ApplicationTeamPress:
    application_id: int
    team_id: int  # checked against the teams the coordinator may use


@dataclass(frozen=True, slots=True)
class VolunteersPress:
    site_id: int  # the roster of this site's subtree


@dataclass(frozen=True, slots=True)
class ForgetPress:
    """The answer to /forgetme's "are you sure?"."""

    act: Literal["y", "n"]  # erase / keep


@dataclass(frozen=True, slots=True)
class AuditPress:
    """/audit's "more": the entries of one scope older than id `before`."""

    site_id: int  # 0: the presser's own sites
    before: int


Press = (
    FlowPress
    | MenuPress
    | OfferPress
    | DonePress
    | HoursPress
    | RatePress
    | CancelPress
    | LangPress
    | JoinSitePress
    | ApplicationPress
    | ApplicationTeamPress
    | VolunteersPress
    | ForgetPress
    | AuditPress
)


def pack(press: Press) -> str:
    match press:
        case FlowPress(version, value):
            data = f"f:{version}:{value}"
        case MenuPress(item):
            data = f"m:{item}"
        case OfferPress(order_id, act):
            data = f"o:{order_id}:{act}"
        case DonePress(order_id):
            data = f"t:{order_id}"
        case HoursPress(order_id, hours):
            data = f"h:{order_id}:{hours}"
        case RatePress(order_id, stars):
            data = f"r:{order_id}:{stars}"
        case CancelPress(order_id):
            data = f"c:{order_id}"
        case LangPress(locale):
            data = f"l:{locale}"
        case _:
            data = _pack_powers(press)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def _pack_powers(press: Press) -> str:
    """Applications and coordinator buttons (kept apart to keep `pack` simple)."""
    match press:
        case JoinSitePress(site_id):
            return f"js:{site_id}"
        case ApplicationPress(application_id, act):
            return f"ja:{application_id}:{act}"
        case ApplicationTeamPress(application_id, team_id):
            return f"jt:{application_id}:{team_id}"
        case VolunteersPress(site_id):
            return f"vs:{site_id}"
        case ForgetPress(act):
            return f"fg:{act}"
        case AuditPress(site_id, before):
            return f"au:{site_id}:{before}"
    raise TypeError(f"not a press: {press!r}")


def unpack(data: str) -> Press | None:
    """The press a button's data stands for, or None for anything malformed."""
    tag, _, rest = data.partition(":")
    try:
        return _unpack(tag, rest)
    except (ValueError, IndexError):
        return None


def _unpack(tag: str, rest: str) -> Press | None:
    match tag:
        case "f":
            version, _, value = rest.partition(":")
            return FlowPress(int(version), value) if value else None
        case "m":
            return MenuPress(rest) if rest else None
        case "o":
            order, act = rest.split(":")
            if act not in ("a", "d"):
                return None
            return OfferPress(int(order), "a" if act == "a" else "d")
        case "t":
            return DonePress(int(rest))
        case "h":
            order, hours = rest.split(":")
            return HoursPress(int(order), hours)
        case "r":
            order, stars = rest.split(":")
            return RatePress(int(order), int(stars))
        case "c":
            return CancelPress(int(rest))
        case "l":
            return LangPress(rest) if rest else None
    return _unpack_powers(tag, rest)


def _unpack_powers(tag: str, rest: str) -> Press | None:
    """Applications and coordinator buttons (kept apart to keep `_unpack` simple)."""
    match tag:
        case "js":
            return JoinSitePress(int(rest))
        case "ja":
            application, act = rest.split(":")
            if act not in ("y", "n"):
                return None
            return ApplicationPress(int(application), "y" if act == "y" else "n")
        case "jt":
            application, team = rest.split(":")
            return ApplicationTeamPress(int(application), int(team))
        case "vs":
            return VolunteersPress(int(rest))
        case "fg":
            return ForgetPress("y" if rest == "y" else "n") if rest in ("y", "n") else None
        case "au":
            site, before = rest.split(":")
            return AuditPress(int(site), int(before))
    return None
