"""Long lists (the site tree, a big roster, an order's history) split into messages.

Telegram refuses texts over 4096 characters; a county has up to ~200 sites, so
lists are cut at line boundaries, and any buttons go on the last part.
"""

from __future__ import annotations

from collections.abc import Iterable

from handlers.kit.context import Ctx
from handlers.kit.ports import Markup

LIMIT = 4000  # under Telegram's 4096, with room for a client's rendering quirks


def telegram_length(text: str) -> int:
    """A text's length as the Bot API's limits count it: in UTF-16 code units, so an
    emoji outside the Basic Multilingual Plane (📣, 🙋) counts twice."""
    return len(text.encode("utf-16-le")) // 2


def split(lines: Iterable[str], limit: int = LIMIT) -> list[str]:
    """Join lines with newlines into parts of at most `limit` characters each."""
    parts: list[str] = []
    current = ""
    for line in lines:
        line = line[:limit]  # a single monster line is cut rather than refused
        candidate = f"{current}\n{line}" if current else line
        if current and len(candidate) > limit:
            parts.append(current)
            candidate = line
        current = candidate
    if current or not parts:
        parts.append(current)
    return parts


async def send_lines(ctx: Ctx, lines: Iterable[str], markup: Markup | None = None) -> None:
    parts = split(lines)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        await ctx.messenger.send(ctx.chat_id, part, markup if last else None)
