"""Pick the transport the settings name.

The library transport is imported only when chosen, so a bot running on the
raw transport never loads python-telegram-bot.
"""

from __future__ import annotations

from bot.settings import Settings

from .base import DEFAULT_OPTIONS, Transport, TransportOptions


def make_transport(settings: Settings, options: TransportOptions = DEFAULT_OPTIONS) -> Transport:
    """A `Transport` for `settings.transport` ("ptb" or "aiohttp"); not started yet."""
    token = settings.bot_token.get_secret_value()
    if settings.transport == "aiohttp":
        from .raw import RawTransport

        return RawTransport(token, settings.bot_api_url, options)
    if settings.transport == "ptb":
        from .ptb import PtbTransport

        return PtbTransport(token, settings.bot_api_url, options)
    raise ValueError(f"unknown transport {settings.transport!r}")
