"""What the forkserver of tests/launcher.py does once, so that each bot it forks
does not: import `civic-bot run` on either transport and state backend, and load
the locales (the process's shared `Translator`, which the app takes)."""

from __future__ import annotations

import bot.app
import bot.cli
import bot.transports.ptb
import bot.transports.raw
import storage.state_redis
from locales import default_translator

default_translator()

__all__ = ["bot", "storage"]
