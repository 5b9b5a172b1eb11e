"""JSON codec for `ConversationState`: compact, UTF-8, the same bytes in every backend.

The memory store keeps the encoded form too, so a value that would not survive
Redis (a set, a datetime) fails in tests that run on memory as well.
"""

from __future__ import annotations

import json
from typing import Any

from domain.ports.state import ConversationState


def encode_state(state: ConversationState) -> str:
    """Compact JSON; `ensure_ascii=False` keeps Chinese at 3 bytes a character, not 6."""
    doc: dict[str, Any] = {
        "flow": state.flow,
        "step": state.step,
        "version": state.version,
        "updated_at": state.updated_at,
        "data": state.data,
    }
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)


def decode_state(raw: str | bytes) -> ConversationState:
    doc = json.loads(raw)
    return ConversationState(
        flow=doc["flow"],
        step=doc["step"],
        version=int(doc["version"]),
        updated_at=float(doc["updated_at"]),
        data=doc.get("data") or {},
    )
