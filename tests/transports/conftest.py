"""A tiny scriptable Bot API on 127.0.0.1 for transport tests.

Each method answers from a queue of scripted replies (then `{"ok": true,
"result": default}`), and every request is recorded with its parsed body.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

TOKEN = "123456:TEST-token_value"


@dataclass
class Seen:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]]
    content_type: str


HANG = 0  # a scripted status: the fake answers nothing until it closes


@dataclass
class FakeBotApi:
    url: str = ""
    replies: dict[str, deque[tuple[int, Any]]] = field(default_factory=lambda: defaultdict(deque))
    seen: list[Seen] = field(default_factory=list)
    updates: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    next_message_id: int = 100
    closing: asyncio.Event = field(default_factory=asyncio.Event)

    def script(self, method: str, status: int, body: Any) -> None:
        self.replies[method].append((status, body))

    def calls(self, method: str) -> list[Seen]:
        return [s for s in self.seen if s.method == method]

    async def handler(self, request: web.Request) -> web.StreamResponse:
        token, method = request.match_info["token"], request.match_info["method"]
        if token != TOKEN:
            return web.json_response({"ok": False, "error_code": 401}, status=401)
        params, files = await _read(request)
        self.seen.append(Seen(method, params, files, request.content_type))
        if self.replies[method]:
            status, body = self.replies[method].popleft()
            if isinstance(body, str):
                return web.Response(status=status, text=body)
            return web.json_response(body, status=status)
        return web.json_response({"ok": True, "result": await self._default(method, params)})

    async def file(self, request: web.Request) -> web.Response:
        """A file download: b"FILE", or what was scripted for the method "file"."""
        self.seen.append(Seen("file", {"path": request.match_info["path"]}, {}, ""))
        if self.replies["file"]:
            status, body = self.replies["file"].popleft()
            if status == HANG:  # answers nothing until the server closes: a read timeout
                await self.closing.wait()
            if isinstance(body, bytes):
                return web.Response(status=status, body=body)
            return web.json_response(body, status=status)
        return web.Response(body=b"FILE")

    async def _default(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": 123456, "is_bot": True, "first_name": "Civic", "username": "civic_bot"}
        if method == "getUpdates":
            return await self._poll(params)
        if method.startswith("send") or method == "editMessageText":
            self.next_message_id += 1
            chat = {"id": int(params.get("chat_id", 0)), "type": "private"}
            return {"message_id": self.next_message_id, "date": 1700000000, "chat": chat}
        return True

    async def _poll(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        timeout = float(params.get("timeout") or 0)
        batch: list[dict[str, Any]] = []
        if self.updates.empty() and timeout > 0:
            # Long poll until an update comes, the timeout passes or the server closes.
            get = asyncio.ensure_future(self.updates.get())
            closing = asyncio.ensure_future(self.closing.wait())
            await asyncio.wait({get, closing}, timeout=timeout, return_when="FIRST_COMPLETED")
            closing.cancel()
            if not get.done():
                get.cancel()
                return []
            batch.append(get.result())
        while not self.updates.empty():
            batch.append(self.updates.get_nowait())
        return batch


async def _read(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    params: dict[str, Any] = dict(request.query)
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        params.update(await request.json())
    elif request.content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if part.filename:  # type: ignore[union-attr]
                files[part.name or ""] = (part.filename, await part.read())  # type: ignore[union-attr]
            else:
                params[part.name or ""] = await part.text()  # type: ignore[union-attr]
    elif request.can_read_body:
        params.update(await request.post())
    for key, value in params.items():
        if key == "reply_markup" and isinstance(value, str):
            params[key] = json.loads(value)
    return params, files


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    fake = FakeBotApi()
    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", fake.handler)
    app.router.add_get("/file/bot{token}/{path:.*}", fake.file)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        fake.closing.set()
        await runner.cleanup()
