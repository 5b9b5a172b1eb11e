"""``SandboxServer``: a local Telegram Bot API server on aiohttp.

Bots reach it at ``{server.url}/bot{token}/{method}`` exactly as they reach
``https://api.telegram.org``; tests and demos drive it through ``/sandbox/...``
(see :mod:`sandbox.control`). It binds loopback only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from types import TracebackType

from aiohttp import web

from . import control
from .botapi import METHODS
from .params import read_params
from .ratelimit import Limits
from .spec_check import RequestCheck, SpecViolation
from .state import BotState, World, clock
from .validation import ApiError

SANDBOX_TOKEN = "1000001:SANDBOX-civic-bot-token"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
# The spec check of this server, or None when it was turned off.
SPEC_KEY = web.AppKey("sandbox_spec_check", RequestCheck)

log = logging.getLogger(__name__)


def _answer(body: dict[str, object], status: int = 200) -> web.Response:
    # ensure_ascii=False keeps Chinese readable in captures; Telegram does the same.
    return web.json_response(
        body, status=status, dumps=lambda value: json.dumps(value, ensure_ascii=False)
    )


async def _bot_api(request: web.Request) -> web.Response:
    world = request.app[control.WORLD_KEY]
    bot = world.bots.get(request.match_info["token"])
    if bot is None:
        return _answer(ApiError(401, "Unauthorized").to_json(), 401)
    name = request.match_info["method"]
    method = METHODS.get(name.lower())
    check = request.app.get(SPEC_KEY)
    if method is None:
        # Telegram's answer all the same, but kept: a method the spec lacks is the bot's
        # mistake, one it has and the sandbox lacks is the sandbox's gap.
        if check is not None:
            who = "sandbox" if check.spec.method(name) else "bot"
            where = "not implemented by the sandbox" if who == "sandbox" else "not in the spec"
            _violated(bot, who, {"method": name, "description": "Not Found", "where": where})
        return _answer(ApiError(404, "Not Found").to_json(), 404)
    try:
        params = await read_params(request)
        if check is not None:
            check.request(name, params.values, params.files)
        result = await method(bot, params)
    except SpecViolation as violation:
        _violated(bot, "bot", violation.record())
        return _answer(violation.to_json(), violation.code)
    except ApiError as error:
        return _answer(error.to_json(), error.code)
    if check is not None:
        problem = check.result(name, result)
        if problem is not None:  # the sandbox's own fault: answered all the same, and told
            _violated(bot, "sandbox", {"method": name, "description": problem.describe()})
    return _answer({"ok": True, "result": result})


async def _file(request: web.Request) -> web.Response:
    """GET /file/bot<token>/<file_path>: a file's bytes, after getFile named its path."""
    world = request.app[control.WORLD_KEY]
    bot = world.bots.get(request.match_info["token"])
    if bot is None:
        return _answer(ApiError(401, "Unauthorized").to_json(), 401)
    stored = bot.file_paths.get(request.match_info["path"])
    if stored is None:
        return _answer(ApiError(404, "Not Found").to_json(), 404)
    return web.Response(body=stored.data, content_type=stored.mime_type or None)


def _violated(bot: BotState, who: str, record: dict[str, object]) -> None:
    """Kept for tests to assert none, even when the bot swallowed the 400."""
    bot.violations.append({**record, "who": who, "at": clock()})
    log.warning("Bot API spec violation by the %s: %s", who, record["description"])


def build_app(world: World, check_spec: bool = True) -> web.Application:
    app = web.Application(client_max_size=60 * 1024 * 1024)  # Telegram's 50 MB uploads
    app[control.WORLD_KEY] = world
    if check_spec:
        app[SPEC_KEY] = RequestCheck()
    app.router.add_route("*", "/bot{token}/{method}", _bot_api)
    app.router.add_get("/file/bot{token}/{path:.+}", _file)
    control.add_routes(app)
    return app


class SandboxServer:
    """Start with ``await server.start()`` or ``async with SandboxServer() as server``.

    Every request is checked against the Bot API spec unless ``check_spec=False``;
    what departs from it is answered 400 and listed at ``/sandbox/violations``.
    """

    def __init__(
        self,
        tokens: Iterable[str] = (SANDBOX_TOKEN,),
        limits: Limits | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        check_spec: bool = True,
    ) -> None:
        if host not in LOOPBACK:
            raise ValueError("the sandbox binds loopback only")
        self.world = World(list(tokens), limits or Limits())
        self.check_spec = check_spec
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """Root of the Bot API, what a bot takes as BOT_API_URL."""
        if self._runner is None:
            raise RuntimeError("the sandbox server is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def token(self) -> str:
        """The first (default) bot token."""
        return self.world.default_token

    async def start(self) -> None:
        runner = web.AppRunner(
            build_app(self.world, self.check_spec), access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        if self.port == 0:
            self.port = int(runner.addresses[0][1])
        log.info("sandbox Bot API listening on %s", self.url)

    async def stop(self) -> None:
        if self._runner is None:
            return
        await self.world.close()  # long polls return now instead of at their timeout
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> SandboxServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
