"""A Bot API client on one aiohttp session: HTTP, retries and rate limits, nothing else.

The response is judged by the pure `botapi.check_response`. A 429 waits what
the server asks and tries again; a 5xx or a dropped connection is retried with
full-jitter backoff, within the call's time budget (`retry.RetryBudget`), or for
ever when the caller asks (getUpdates); 400 and 403 are raised at once. A read
timeout after the request was written may mean Telegram did send the message,
so a send is not repeated then (`MaybeSent`); the read timeout is long (60 s)
so that a slow answer is still taken.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from handlers.kit.ports import BadRequest, FileTooBig

from .botapi import (
    MaybeSent,
    NetworkError,
    RetryAfter,
    ServerError,
    check_response,
    redact,
    scrub,
)
from .ratelimit import SendLimiter
from .retry import DEFAULT_BACKOFF, DEFAULT_BUDGET, Backoff, Clock, Jitter, RetryBudget

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


__all__ = ["DEFAULT_BACKOFF", "Backoff", "BotApiClient", "Sleep", "Upload"]


@dataclass(frozen=True, slots=True)
class Upload:
    """A file for a multipart call."""

    field: str
    data: bytes | Path  # a Path is streamed from the file, opened anew by each attempt
    filename: str


class BotApiClient:
    """Calls `{api_url}/bot{token}/{method}` with retries; `open` before, `close` after."""

    def __init__(
        self,
        token: str,
        api_url: str,
        *,
        limiter: SendLimiter | None = None,
        connections: int = 256,
        connect_timeout: float = 10.0,
        read_timeout: float = 60.0,
        budget: float = DEFAULT_BUDGET,
        backoff: Backoff = DEFAULT_BACKOFF,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        jitter: Jitter = random.random,
        on_error: Callable[[int], None] | None = None,
    ) -> None:
        self._base = f"{api_url.rstrip('/')}/bot{token}/"
        self._file_base = f"{api_url.rstrip('/')}/file/bot{token}/"
        self._on_error = on_error
        self._limiter = limiter
        self._connections = connections
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._budget = budget
        self._backoff = backoff
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._connections, limit_per_host=0, keepalive_timeout=60
            )
            self._session = aiohttp.ClientSession(
                connector=connector, json_serialize=_dumps, raise_for_status=False
            )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        chat_id: int | None = None,
        limited: bool = False,
        upload: Upload | None = None,
        forever: bool = False,
        budget: float | None = None,
        read_timeout: float | None = None,
    ) -> Any:
        """The call's `result`. `limited` waits for the rate limiter (outgoing messages).
        Transient failures and 429s are retried within `budget` seconds (the client's
        send budget by default); `forever` retries them without end, read timeouts
        included (getUpdates, which is safe to repeat)."""
        params = {k: v for k, v in (params or {}).items() if v is not None}
        retries = RetryBudget(
            self._budget if budget is None else budget,
            self._backoff,
            clock=self._clock,
            jitter=self._jitter,
        )
        while True:
            try:
                if limited and self._limiter is not None:
                    await self._limiter.acquire(chat_id)
                return await self._once(method, params, chat_id, upload, read_timeout)
            except RetryAfter as exc:
                delay = retries.wait(exc.seconds)
                if delay is None and not forever:
                    raise
                log.info("%s: flood control, retrying in %.1f s", method, exc.seconds)
                await self._sleep(exc.seconds)
            except MaybeSent:
                if not forever:
                    raise  # Telegram may have sent it: a second try could double it
                await self._sleep(self._jitter() * self._backoff.first)
            except (ServerError, NetworkError) as exc:
                delay = retries.wait()
                if delay is None:
                    if not forever:
                        raise
                    delay = self._jitter() * self._backoff.cap
                log.warning(
                    "%s failed (%s), retry %d in %.1f s", method, exc, retries.failures, delay
                )
                await self._sleep(delay)
            except BadRequest as exc:
                log.warning("%s refused: %s %s", method, exc, redact(params))
                raise

    async def download(self, file_path: str, max_bytes: int) -> bytes:
        """The file at getFile's `file_path`, read from `{api_url}/file/bot<token>/`.

        Retried like a call (a GET is safe to repeat, a read timeout included) within
        the send budget; a 4xx is a `BadRequest` (the path expired: getFile again);
        more than `max_bytes` is `FileTooBig`, found out before or while reading."""
        retries = RetryBudget(self._budget, self._backoff, clock=self._clock, jitter=self._jitter)
        while True:
            try:
                return await self._download_once(file_path, max_bytes)
            except (ServerError, NetworkError) as exc:
                delay = retries.wait()
                if delay is None:
                    raise
                log.warning("file download failed (%s), retry in %.1f s", exc, delay)
                await self._sleep(delay)

    async def _download_once(self, file_path: str, max_bytes: int) -> bytes:
        if self._session is None:
            raise RuntimeError("BotApiClient is not open")
        timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=self._connect_timeout, sock_read=self._read_timeout
        )
        try:
            async with self._session.get(self._file_base + file_path, timeout=timeout) as resp:
                if resp.status >= 500:
                    raise ServerError(resp.status, "file download")
                if resp.status >= 400:
                    raise BadRequest(f"file download: HTTP {resp.status}")
                if resp.content_length is not None and resp.content_length > max_bytes:
                    raise FileTooBig(resp.content_length, max_bytes)
                body = bytearray()
                async for chunk in resp.content.iter_chunked(64 * 1024):
                    body += chunk
                    if len(body) > max_bytes:
                        raise FileTooBig(len(body), max_bytes)
                return bytes(body)
        except (aiohttp.ClientError, TimeoutError) as exc:
            # The file URL holds the token, and aiohttp's messages may quote it.
            raise NetworkError(scrub(f"{type(exc).__name__}: {exc}")) from None

    async def _once(
        self,
        method: str,
        params: dict[str, Any],
        chat_id: int | None,
        upload: Upload | None,
        read_timeout: float | None,
    ) -> Any:
        if self._session is None:
            raise RuntimeError("BotApiClient is not open")
        timeout = aiohttp.ClientTimeout(
            total=None,
            sock_connect=self._connect_timeout,
            sock_read=read_timeout or self._read_timeout,
        )
        body: dict[str, Any] = {"json": params}
        if upload is not None:
            body = {"data": _form(params, upload)}
        try:
            async with self._session.post(self._base + method, timeout=timeout, **body) as resp:
                status = resp.status
                raw = await resp.read()
        except aiohttp.SocketTimeoutError:
            # Connected and written, no answer in time: it may well have been sent.
            raise MaybeSent(f"{method}: no answer within the read timeout") from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            # aiohttp messages may quote the URL, and the URL holds the token.
            raise NetworkError(scrub(f"{type(exc).__name__}: {exc}")) from None
        try:
            payload = json.loads(raw)
        except ValueError:
            payload = None
        if self._on_error is not None and not (200 <= status < 300 and _ok(payload)):
            self._on_error(_error_code(status, payload))
        return check_response(method, status, payload, chat_id=chat_id)


def _ok(payload: Any) -> bool:
    return isinstance(payload, dict) and payload.get("ok") is True


def _error_code(status: int, payload: Any) -> int:
    """Telegram's `error_code` when the body has one, else the HTTP status."""
    code = payload.get("error_code") if isinstance(payload, dict) else None
    return int(code) if isinstance(code, int) else status


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _form(params: dict[str, Any], upload: Upload) -> aiohttp.FormData:
    # FormData is consumed by one request, so every attempt builds its own.
    form = aiohttp.FormData()
    for key, value in params.items():
        form.add_field(key, value if isinstance(value, str) else _dumps(value))
    form.add_field(
        upload.field,
        upload.data.open("rb") if isinstance(upload.data, Path) else upload.data,
        filename=upload.filename,
        content_type="application/octet-stream",
    )
    return form
