"""One `Translator` per test process.

Loading the locales parses every .ftl file of both languages (about 0.3 s of CPU);
they never change while the tests run, and a `Translator` is read-only, so the
tests that only read words share the process's own (`locales.default_translator`),
the one the apps they build use too.
"""

from __future__ import annotations

from locales import Translator, default_translator


def shared_translator() -> Translator:
    return default_translator()
