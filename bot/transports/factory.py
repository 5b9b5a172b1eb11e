"""Pick the transport the settings name.

The library transport is imported only when chosen, so a bot running on the
raw transport never loads python-telegram-bot.
"""

from __future__ import annotations

from bot.settings import Settings

from .base import OnApiError, Transport
from .ratelimit import RateLimits


def make_transport(
    settings: Settings, limits: RateLimits | None = None, on_error: OnApiError | None = None
) -> Transport:
    """A `Transport` for `settings.transport` ("ptb" or "aiohttp"); not started yet.

    `on_error` is told the code of every Bot API error answer (metrics)."""
    token = settings.bot_token.get_secret_value()
    if settings.transport == "aiohttp":
        from .raw import RawTransport

        return RawTransport(token, settings.bot_api_url, limits=limits, on_error=on_error)
    if settings.transport == "ptb":
        from .ptb import PtbTransport

        return PtbTransport(token, settings.bot_api_url, limits=limits, on_error=on_error)
    raise ValueError(f"unknown transport {settings.transport!r}")
