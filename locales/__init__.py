"""Every user-facing string, through Project Fluent: one folder per language.

`Translator.text(locale, key, **args)` is the only way code turns a message key
into words. Keys are kebab-case Fluent message ids; ids like order numbers are
formatted as plain text (no digit grouping), `count` stays a number so plural
selectors work.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

LOCALES: tuple[str, ...] = ("zh-CN", "en")
_DIR = Path(__file__).parent
log = logging.getLogger(__name__)


def resolve_locale(requested: str | None, default: str) -> str:
    """Map a Telegram `language_code` (e.g. "zh-hans", "en-US") to one we offer."""
    if requested:
        code = requested.lower()
        if code.startswith("zh"):
            return "zh-CN"
        if code.startswith("en"):
            return "en"
    return default


def _args(args: dict[str, Any]) -> dict[str, Any]:
    # Fluent would print 1234 as "1,234"; only `count` is meant as a number.
    return {k: (v if k == "count" or not isinstance(v, int) else str(v)) for k, v in args.items()}


class Translator:
    def __init__(self, root: Path = _DIR) -> None:
        self._bundles: dict[str, FluentBundle] = {}
        self._keys: dict[str, set[str]] = {}
        for locale in LOCALES:
            bundle = FluentBundle([locale], use_isolating=False)
            keys: set[str] = set()
            for path in sorted((root / locale).glob("*.ftl")):
                resource = FluentResource(path.read_text(encoding="utf-8"))
                bundle.add_resource(resource)
                keys.update(entry.id.name for entry in resource.body if hasattr(entry, "id"))
            self._bundles[locale] = bundle
            self._keys[locale] = keys

    def keys(self, locale: str) -> set[str]:
        return set(self._keys[locale])

    def has(self, key: str) -> bool:
        return all(key in keys for keys in self._keys.values())

    def text(self, locale: str, key: str, **args: Any) -> str:
        bundle = self._bundles.get(locale) or self._bundles[LOCALES[0]]
        message = bundle.get_message(key) if bundle.has_message(key) else None
        if message is None or message.value is None:
            log.error("missing locale key %s/%s", locale, key)
            return key
        value, errors = bundle.format_pattern(message.value, _args(args))
        if errors:
            log.error("locale %s/%s: %s", locale, key, errors)
        return str(value)


@functools.cache
def default_translator() -> Translator:
    """The process's one `Translator` over the shipped locales. It is read-only, and
    loading parses every .ftl file of both languages (about 0.3 s of CPU), so the
    app and whatever else runs in the process share it."""
    return Translator()
