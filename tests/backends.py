"""Where the real services are for tests, and what to do when one is missing.

On CI (`CI=true`) a backend test that cannot reach its service fails; elsewhere
it skips with a reason that says how to enable it.
"""

from __future__ import annotations

import os
import uuid

import pytest

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def postgres_url() -> str:
    if url := os.environ.get("TEST_POSTGRES_URL"):
        return url
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgresql") else DEFAULT_POSTGRES_URL


def redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL


def unavailable(what: str, url: str, error: BaseException, how: str) -> None:
    reason = f"{what} not reachable at {url} ({error!r}); {how}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"
