"""python-telegram-bot's `BaseRequest` on aiohttp instead of httpx.

On loopback, PTB with its default httpx request managed about 260 replies a
second; the same bot on this class about 1,900 (docs/DESIGN.md): httpcore's pool
bookkeeping and a failed `import sniffio` per request were the cost.

PTB does the rest: it turns the status and body we return into its own
exceptions (`RetryAfter`, `Forbidden`, `BadRequest`, ...). A read timeout, after
the request was written, is `ReadTimedOut`: Telegram may have done it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from .botapi import scrub


class ReadTimedOut(TimedOut):
    """Connected and written, but no answer within the read timeout: the call may
    have been carried out (a message sent), so it must not be repeated blindly."""


class AiohttpRequest(BaseRequest):
    """One aiohttp session with a pool of `connection_pool_size` keep-alive connections.

    aiohttp has no write timeout; `write_timeout` is accepted and ignored (a
    stalled upload is still caught by the read timeout of its answer).
    """

    __slots__ = (
        "_connect_timeout",
        "_on_error",
        "_pool_size",
        "_pool_timeout",
        "_read_timeout",
        "_session",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        on_error: Callable[[int], None] | None = None,
    ) -> None:
        self._on_error = on_error  # told the HTTP status of every error answer (metrics)
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._pool_size, limit_per_host=0, keepalive_timeout=60
            )
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """See `BaseRequest.do_request`: the HTTP status and the raw body."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        timeout = self._timeout(read_timeout, connect_timeout, pool_timeout)
        try:
            async with self._session.request(
                method, url, timeout=timeout, **self._body(request_data)
            ) as response:
                status, body = response.status, await response.read()
        except aiohttp.SocketTimeoutError as exc:
            raise ReadTimedOut("no answer within the read timeout") from exc
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            # The URL, and so the token, can appear in aiohttp's messages.
            raise NetworkError(scrub(f"aiohttp.{type(exc).__name__}: {exc}")) from exc
        if status >= 400 and self._on_error is not None:
            # Telegram's error_code is the HTTP status it answers with.
            self._on_error(status)
        return status, body

    def _timeout(
        self,
        read_timeout: ODVInput[float],
        connect_timeout: ODVInput[float],
        pool_timeout: ODVInput[float],
    ) -> aiohttp.ClientTimeout:
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        sock_connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        # aiohttp's `connect` covers waiting for a pooled connection plus opening one.
        connect = None if sock_connect is None or pool is None else sock_connect + pool
        return aiohttp.ClientTimeout(
            total=None, connect=connect, sock_connect=sock_connect, sock_read=read
        )

    @staticmethod
    def _body(request_data: RequestData | None) -> dict[str, Any]:
        if request_data is None:
            return {}
        if not request_data.contains_files:
            # A urlencoded form, as PTB's httpx request sends; values are JSON-encoded strings.
            return {"data": request_data.json_parameters}
        form = aiohttp.FormData()
        for name, value in request_data.json_parameters.items():
            form.add_field(name, value)
        for name, (filename, content, mimetype) in request_data.multipart_data.items():
            form.add_field(name, content, filename=filename, content_type=mimetype)
        return {"data": form}
