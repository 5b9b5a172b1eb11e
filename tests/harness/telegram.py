"""Telegram in process: the sandbox's own world (`sandbox.state.BotState`) and its
Bot API methods (`sandbox.botapi`), called directly instead of over HTTP.

The harness keeps chats, message ids, edits, files, pending presses and blocked
users exactly as the sandbox server does, and refuses what it refuses ("message
is not modified", "chat not found", 403 blocked, "query is too old", a too long
text), because it is the same code. Only the wire is gone: a refusal is turned
into the exception a transport raises by the transports' own `check_response`.
"""

from __future__ import annotations

import functools
from typing import Any

from bot.transports.botapi import check_response
from sandbox import SANDBOX_TOKEN
from sandbox.botapi import METHODS
from sandbox.objects import JSON, bot_user
from sandbox.params import Params, UploadedFile
from sandbox.ratelimit import Limits
from sandbox.spec_check import RequestCheck, SpecViolation
from sandbox.state import BotState, World, clock
from sandbox.validation import ApiError


@functools.cache
def _spec_check() -> RequestCheck:
    """One for the run: reading the spec is slow, checking against it is pure."""
    return RequestCheck()


class InProcessServer:
    """What a test may reach of a `SandboxServer` without HTTP: its `world`."""

    def __init__(self, token: str = SANDBOX_TOKEN, limits: Limits | None = None) -> None:
        self.world = World([token], limits or Limits.relaxed())
        bot = self.world.bot()
        assert bot is not None
        self.bot: BotState = bot

    @property
    def username(self) -> str:
        return str(bot_user(self.bot.token)["username"])

    async def call(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, UploadedFile] | None = None,
        *,
        chat_id: int | None = None,
    ) -> Any:
        """One Bot API call's `result`, or the transports' exception for its refusal."""
        values = {key: value for key, value in params.items() if value is not None}
        check = _spec_check()
        try:
            # As the server does (sandbox/server.py): the spec first, then the method.
            check.request(method, values, files or {})
            result = await METHODS[method.lower()](self.bot, Params(values, files or {}))
        except SpecViolation as violation:
            self._violated("bot", violation.record())
            return check_response(method, violation.code, violation.to_json(), chat_id=chat_id)
        except ApiError as error:
            body: JSON = error.to_json()
            return check_response(method, error.code, body, chat_id=chat_id)
        problem = check.result(method, result)
        if problem is not None:  # the sandbox's own fault: answered all the same, and kept
            self._violated("sandbox", {"method": method, "description": problem.describe()})
        return result

    def _violated(self, who: str, record: dict[str, Any]) -> None:
        self.bot.violations.append({**record, "who": who, "at": clock()})

    def file_bytes(self, file_path: str) -> bytes | None:
        """GET /file/bot<token>/<file_path>: the bytes getFile named, or None."""
        stored = self.bot.file_paths.get(file_path)
        return None if stored is None else stored.data

    async def close(self) -> None:
        await self.world.close()
