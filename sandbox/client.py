"""``SandboxClient`` and ``SimUser``: scripted users for end-to-end tests and demos.

A ``SimUser`` injects updates through the sandbox's control API and reads the
bot's replies through its long-poll endpoint, so a test awaits the bot's
answer instead of sleeping::

    async with SandboxClient(server.url) as sb:
        alice = sb.user(501, "Alice")
        await alice.command("start", "site_12")
        menu = await alice.expect("服务")
        await alice.press(menu, "理发")
"""

from __future__ import annotations

import base64
from types import TracebackType
from typing import Any

import aiohttp

from .scripted_user import JSON, ScriptedUser
from .transcript import CallbackAnswer, ChatMessage, format_transcript, parse_event


class SandboxClient:
    """A session on one sandbox server, acting for one bot (the first token by default)."""

    def __init__(self, url: str, token: str | None = None) -> None:
        self.url = url.rstrip("/")
        self._params = {"token": token} if token else {}
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> SandboxClient:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None))
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def user(
        self,
        user_id: int,
        first_name: str,
        language_code: str = "zh-CN",
        username: str | None = None,
    ) -> SimUser:
        return SimUser(self, user_id, first_name, language_code, username)

    async def request(
        self, method: str, path: str, body: JSON | None = None, **query: Any
    ) -> tuple[int, JSON]:
        if self._session is None:
            raise RuntimeError("use SandboxClient as 'async with SandboxClient(url) as sb'")
        params = {**self._params, **{key: str(value) for key, value in query.items()}}
        async with self._session.request(
            method, f"{self.url}/sandbox/{path}", json=body, params=params
        ) as response:
            return response.status, await response.json()

    async def call(self, method: str, path: str, body: JSON | None = None, **query: Any) -> JSON:
        status, answer = await self.request(method, path, body, **query)
        if not answer.get("ok"):
            raise AssertionError(f"sandbox {path} failed ({status}): {answer.get('error')}")
        return answer

    async def events(
        self, chat_id: int, after: int, wait: float, kinds: str = "", who: str = "bot"
    ) -> list[JSON]:
        """Events after seq ``after``; the server holds the request up to ``wait`` seconds.

        Returns [] when nothing came in time.
        """
        status, answer = await self.request(
            "GET", f"chats/{chat_id}/events", after=after, timeout=wait, kinds=kinds, who=who
        )
        if status == 408:
            return []
        if not answer.get("ok"):
            raise AssertionError(f"sandbox events failed ({status}): {answer.get('error')}")
        return list(answer["events"])

    async def stats(self) -> JSON:
        return await self.call("GET", "stats")

    async def violations(self) -> list[JSON]:
        """Requests the Bot API spec refuses (``who: bot``), or answers of the sandbox's
        it refuses (``who: sandbox``), each with its method and description."""
        return list((await self.call("GET", "violations"))["violations"])

    async def reset(self) -> None:
        await self.call("POST", "reset")

    async def inject_raw(self, update: JSON) -> int:
        """Queue an update of any shape (the sandbox gives it its update_id)."""
        return int((await self.call("POST", "inject/raw", {"update": update}))["update_id"])

    async def callback_answers(self) -> list[JSON]:
        return list((await self.call("GET", "callbacks"))["answers"])


class SimUser(ScriptedUser):
    """A Telegram user in a private chat with the bot, over the sandbox's HTTP
    control API: updates are injected, the bot's replies read by long poll."""

    def __init__(
        self,
        client: SandboxClient,
        user_id: int,
        first_name: str,
        language_code: str,
        username: str | None,
    ) -> None:
        super().__init__(user_id, first_name, language_code, username)
        self.client = client

    async def _inject(self, kind: str, **fields: Any) -> int:
        answer = await self.client.call("POST", f"inject/{kind}", {"user": self._user(), **fields})
        return int(answer["update_id"])

    async def send(self, text: str) -> int:
        return await self._inject("message", text=text)

    async def _press(self, message_id: int, data: str) -> int:
        return await self._inject("callback", chat_id=self.id, message_id=message_id, data=data)

    async def share_location(self, latitude: float, longitude: float) -> int:
        return await self._inject("location", latitude=latitude, longitude=longitude)

    async def share_contact(self, phone_number: str) -> int:
        return await self._inject("contact", phone_number=phone_number)

    async def send_photo(self, caption: str | None = None, data: bytes | None = None) -> int:
        """A photo (in three sizes, each holding ``data``, or zero bytes if none)."""
        return await self._inject("photo", caption=caption, **_encoded(data))

    async def send_voice(self, data: bytes, duration: int = 1, caption: str | None = None) -> int:
        return await self._inject("voice", duration=duration, caption=caption, **_encoded(data))

    async def send_document(
        self,
        data: bytes,
        file_name: str,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> int:
        return await self._inject(
            "document",
            file_name=file_name,
            mime_type=mime_type,
            caption=caption,
            **_encoded(data),
        )

    async def send_video(self, data: bytes, duration: int = 1, caption: str | None = None) -> int:
        return await self._inject("video", duration=duration, caption=caption, **_encoded(data))

    async def send_sticker(self, emoji: str = "👍") -> int:
        return await self._inject("sticker", emoji=emoji)

    async def block(self, blocked: bool = True) -> None:
        await self.client.call("POST", "block", {"user_id": self.id, "blocked": blocked})

    async def _events(self, after: int, wait: float, kinds: str) -> list[JSON]:
        return await self.client.events(self.id, after, wait, kinds)

    async def catch_up(self) -> None:
        """Mark everything the bot did so far as consumed."""
        answer = await self.client.call("GET", f"chats/{self.id}/transcript")
        self._seen = self._answers_seen = int(answer["seq"])

    async def transcript(self) -> list[ChatMessage]:
        """Every message of the chat as it stands now, in order."""
        answer = await self.client.call("GET", f"chats/{self.id}/transcript")
        return [ChatMessage.from_view(view) for view in answer["messages"]]

    async def history(self) -> list[ChatMessage | CallbackAnswer]:
        """The chat's event log: messages, presses, edits and answers, in order."""
        _status, answer = await self.client.request("GET", f"chats/{self.id}/transcript")
        return [parse_event(event) for event in answer.get("events", [])]

    async def _transcript_text(self) -> str:
        return format_transcript(await self.history())


def _encoded(data: bytes | None) -> JSON:
    return {} if data is None else {"data": base64.b64encode(data).decode("ascii")}
