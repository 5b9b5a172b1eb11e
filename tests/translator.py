"""One `Translator` per test process.

Loading the locales parses every .ftl file of both languages (about 0.2 s of CPU);
they never change while the tests run, and a `Translator` is read-only, so the
tests that only read words (and the harnesses that build the bot) share this one.
"""

from __future__ import annotations

import functools

from locales import Translator


@functools.cache
def shared_translator() -> Translator:
    return Translator()
