"""`FaultyBotApi`: a Bot API stand-in that forwards to the sandbox and injects faults.

The bot takes `api.url` as its BOT_API_URL; everything is forwarded to the sandbox
server behind it, except what a rule catches. A rule names one method (any case,
as Telegram's are) or "*", one `Fault`, and how long it lasts: `times` requests,
`seconds` from now, both (whichever ends first) or neither (until `clear`);
`after` lets that many requests it would catch through first.

    api.inject("sendMessage", Fault.error(500), seconds=4)
    api.inject("sendMessage", Fault.retry_after(5), times=3)
    api.inject("answerCallbackQuery", Fault.hang())
    api.inject("sendMessage", Fault.slow(2.0), times=1)  # sent, then answered late
    api.inject("getUpdates", Fault.slow(3.0), times=1, after=1)  # the second one only

`error`, `retry_after` and `hang` never reach the sandbox: nothing was sent.
`slow` reaches it first and answers after `seconds` more: the message WAS sent,
and the bot learns it late (or, if it gave up, never).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType

import aiohttp
from aiohttp import web

FORWARDED = ("Content-Type",)
ANY = "*"


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str  # "error", "retry_after", "hang" or "slow"
    status: int = 500
    seconds: float | None = None  # retry_after's value, a hang's or a slow answer's length

    @classmethod
    def error(cls, status: int = 500) -> Fault:
        """Answer `status` (500, 502, ...) with Telegram's error body, not forwarded."""
        return cls("error", status)

    @classmethod
    def retry_after(cls, seconds: int) -> Fault:
        """429 Too Many Requests with `parameters.retry_after`, not forwarded."""
        return cls("retry_after", 429, float(seconds))

    @classmethod
    def hang(cls, seconds: float | None = None) -> Fault:
        """Never answer (until `seconds`, then 504, or until the stand-in stops), not
        forwarded: the client's own timeout is what ends it."""
        return cls("hang", 504, seconds)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Forward, let the sandbox complete it, then answer `seconds` later."""
        return cls("slow", 200, seconds)


@dataclass(slots=True)
class Rule:
    method: str  # lower case, or "*"
    fault: Fault
    times: int | None
    until: float | None  # time.monotonic() deadline
    after: int = 0  # requests it lets through before it catches any
    hits: int = 0  # requests this rule caught
    passed: int = 0  # requests it let through for `after`

    def catches(self, method: str, now: float) -> bool:
        if self.method not in (ANY, method):
            return False
        if self.times is not None and self.hits >= self.times:
            return False
        if self.until is not None and now >= self.until:
            return False
        if self.passed < self.after:
            self.passed += 1
            return False
        return True


@dataclass(slots=True)
class Tally:
    """What the stand-in saw, by lower-case method name."""

    requests: Counter[str] = field(default_factory=Counter)  # every Bot API request
    faulted: Counter[str] = field(default_factory=Counter)  # caught by a rule
    delivered: Counter[str] = field(default_factory=Counter)  # the sandbox answered it


class FaultyBotApi:
    """Start with `async with FaultyBotApi(sandbox.url) as api`; `api.url` is the bot's."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.rules: list[Rule] = []
        self.tally = Tally()
        self.url = ""
        self._changed = asyncio.Condition()
        self._closing = asyncio.Event()
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None

    def inject(
        self,
        method: str,
        fault: Fault,
        *,
        times: int | None = None,
        seconds: float | None = None,
        after: int = 0,
    ) -> Rule:
        """Catch `method` ("*" for all) with `fault`, for `times` requests and/or
        `seconds` from now, once `after` of them went through. Earlier rules win
        over later ones (a request an earlier rule caught is not counted here)."""
        until = None if seconds is None else time.monotonic() + seconds
        rule = Rule(method if method == ANY else method.lower(), fault, times, until, after)
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Remove every rule: all requests are forwarded again."""
        self.rules.clear()

    async def wait_for(self, what: str, method: str, count: int) -> None:
        """Until `tally.<what>[method]` reaches `count` (`what`: requests, faulted or
        delivered). Wrap it in `asyncio.timeout`."""
        counter: Counter[str] = getattr(self.tally, what)
        async with self._changed:
            await self._changed.wait_for(lambda: counter[method.lower()] >= count)

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None))
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._bot_api)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        self._closing.set()  # hangs and slow answers end now
        # The upstream session first: a long poll still forwarded (its bot gone) ends
        # at once, a 502 to no one, instead of the server's shutdown waiting it out.
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FaultyBotApi:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _count(self, counter: Counter[str], method: str) -> None:
        async with self._changed:
            counter[method] += 1
            self._changed.notify_all()

    def _rule_for(self, method: str) -> Rule | None:
        now = time.monotonic()
        for rule in self.rules:
            if rule.catches(method, now):
                rule.hits += 1
                return rule
        return None

    async def _bot_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"].lower()
        await self._count(self.tally.requests, method)
        rule = self._rule_for(method)
        if rule is None:
            return await self._forward(request, method)
        await self._count(self.tally.faulted, method)
        fault = rule.fault
        if fault.kind == "slow":
            answer = await self._forward(request, method)
            await self._pause(fault.seconds)
            return answer
        if fault.kind == "hang":
            await self._pause(fault.seconds)
            return _error(504, "Gateway Timeout")
        if fault.kind == "retry_after":
            seconds = int(fault.seconds or 1)
            return _error(429, f"Too Many Requests: retry after {seconds}", seconds)
        return _error(fault.status, "Internal Server Error")

    async def _pause(self, seconds: float | None) -> None:
        try:
            async with asyncio.timeout(seconds):
                await self._closing.wait()
        except TimeoutError:
            pass

    async def _forward(self, request: web.Request, method: str | None = None) -> web.Response:
        session = self._session
        if session is None:  # stopping
            return _error(502, "Bad Gateway")
        body = await request.read()
        headers = {name: request.headers[name] for name in FORWARDED if name in request.headers}
        try:
            async with session.request(
                request.method, self.upstream + request.path_qs, data=body, headers=headers
            ) as answer:
                kind = {"Content-Type": answer.headers.get("Content-Type", "application/json")}
                response = web.Response(
                    status=answer.status, body=await answer.read(), headers=kind
                )
        except aiohttp.ClientError:  # the sandbox, or this stand-in, stopping under a long poll
            return _error(502, "Bad Gateway")
        if method is not None:
            await self._count(self.tally.delivered, method)
        return response


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, object] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)
