"""Refusals the domain hands up: a reason that names a locale key, never prose."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """The user may not do this now; `reason` is a locale key under `refused-`."""

    def __init__(self, reason: str, **args: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.args_for_text = args
