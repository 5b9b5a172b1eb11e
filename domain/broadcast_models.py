"""The shapes of a broadcast: its status, its audience, its tally."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

# An inline keyboard as data: rows of (label, callback data); handlers draw it.
Buttons = tuple[tuple[tuple[str, str], ...], ...]


class BroadcastStatus(StrEnum):
    DRAFT = "draft"  # previewed, not sent: Send or Cancel
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class RecipientStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"  # a worker is sending it now
    SENT = "sent"
    UNREACHABLE = "unreachable"  # blocked the bot, never started it, no address
    FAILED = "failed"  # the Bot API refused, or gave up within the send budget
    UNKNOWN = "unknown"  # its worker died mid-send: maybe sent, never sent again
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    author_id: int
    audience: str  # e.g. "subtree", "team:12", "residents:30", "announce"
    text: str
    buttons: Buttons
    status: BroadcastStatus
    total: int
    created_at: datetime
    progress_message: int | None = None  # the author's message edited as it goes
    photo: str | None = None  # a Telegram file id sent with `text` as its caption


@dataclass(frozen=True, slots=True)
class Tally:
    """Where a broadcast's recipients stand."""

    total: int = 0
    sent: int = 0
    unreachable: int = 0
    failed: int = 0  # failed or unknown
    left: int = 0  # pending or claimed

    @property
    def handled(self) -> int:
        return self.sent + self.unreachable + self.failed


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a coordinator broadcasts to: the volunteers of their subtree, of one team,
    or the residents who ordered in their subtree in the last `days` days."""

    kind: str  # "subtree", "team", "residents"
    team_id: int | None = None
    days: int | None = None

    def code(self) -> str:
        if self.kind == "team":
            return f"team:{self.team_id}"
        if self.kind == "residents":
            return f"residents:{self.days}"
        return self.kind
