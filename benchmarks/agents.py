"""Simulated people for the load generator, on the sandbox's control API.

Lighter than `sandbox.SimUser` (no parsing into dataclasses, one shared session)
because at a few thousand updates a second the generator's own CPU counts. A
`Chat` injects an update and long-polls the chat's bot events until the reply
it expects. The step's latency is measured by the sandbox: the reply's ``at``
less the injection's ``at``, both stamped on the sandbox's clock (the inject
answers its event's ``at``). The generator's own round trip (inject POST to the
long poll returning) is kept beside it as a secondary figure.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

JSON = dict[str, Any]
Match = Callable[[JSON], bool]
STEP_TIMEOUT = 30.0  # one reply slower than this fails the step (and the run says so)

# The demo's button path (bot/demo.py `place_order`), from the home site.
CATEGORY, SERVICE, WHEN, CONFIRM = "乡风文明", "爱心义剪", "明天", "✅ 确认"
STATION, PART, FOR_ME = "🏢 到站", "上午", "🙋 为我自己"  # the order's visit, part of day, for whom
DETAILS = "老人腿脚不便，请上门理发"
PHONE = "13800001234"
ACCEPT = "✅ 接单"


class StepTimeout(Exception):
    """The bot did not give the expected reply within STEP_TIMEOUT."""


@dataclass
class Tally:
    """Updates completed inside the window (throughput), and the latency of every
    update sent inside it (so slow ones at the window's end are not censored).

    ``latencies`` are the sandbox's (injection to answer, its clock); ``round_trips``
    the generator's (inject POST to the long poll returning, this process's clock).
    The window is on the generator's clock: ``started`` and ``finished`` place an
    update in it.
    """

    window: tuple[float, float] | None = None
    done: int = 0
    latencies: list[float] = field(default_factory=list)
    latencies_by_kind: dict[str, list[float]] = field(default_factory=dict)
    round_trips: list[float] = field(default_factory=list)
    round_trips_by_kind: dict[str, list[float]] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    failures: int = 0
    total_done: int = 0

    def record(
        self, kind: str, started: float, finished: float, latency: float, timed_here: bool = True
    ) -> None:
        """`timed_here=False`: `finished` is only when the agent got round to looking,
        so the update's round trip says nothing and is left out of ``round_trips``."""
        self.total_done += 1
        if self.window is None:
            return
        start, end = self.window
        if start <= started <= end:  # latency: every update sent inside the window
            self.latencies.append(latency)
            self.latencies_by_kind.setdefault(kind, []).append(latency)
            if timed_here:
                self.round_trips.append(finished - started)
                self.round_trips_by_kind.setdefault(kind, []).append(finished - started)
        if start <= finished <= end:  # throughput: every update completed inside it
            self.done += 1
            self.by_kind[kind] = self.by_kind.get(kind, 0) + 1


class Sandbox:
    """The control API of one sandbox server."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = url.rstrip("/")

    async def inject(self, kind: str, body: JSON) -> JSON:
        async with self.session.post(f"{self.url}/sandbox/inject/{kind}", json=body) as resp:
            answer: JSON = await resp.json()
        if not answer.get("ok"):
            raise AssertionError(f"inject {kind} failed: {answer.get('error')}")
        return answer

    async def events(
        self, chat_id: int, after: int, wait: float, who: str = "bot", kinds: str = ""
    ) -> list[JSON]:
        params = {"after": str(after), "timeout": f"{wait:.3f}", "who": who, "kinds": kinds}
        async with self.session.get(
            f"{self.url}/sandbox/chats/{chat_id}/events", params=params
        ) as resp:
            if resp.status == 408:
                await resp.read()
                return []
            answer: JSON = await resp.json()
        return list(answer.get("events") or [])

    async def get(self, path: str) -> JSON:
        async with self.session.get(f"{self.url}/sandbox/{path}") as resp:
            answer: JSON = await resp.json()
            return answer


def text_has(words: str) -> Match:
    return lambda event: words in (event.get("message", {}).get("text") or "")


def any_send(event: JSON) -> bool:
    return event.get("kind") == "send"


def button_data(event: JSON, label: str) -> str:
    for row in event.get("message", {}).get("buttons", []):
        for button in row:
            if button.get("text") == label and button.get("callback_data"):
                return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} in {event.get('message', {}).get('text')!r}")


def reply_button(event: JSON, prefix: str) -> str:
    for row in event.get("message", {}).get("reply_keyboard", []):
        for button in row:
            if str(button.get("text", "")).startswith(prefix):
                return str(button["text"])
    raise AssertionError(f"no reply button {prefix!r} in {event.get('message', {}).get('text')!r}")


class Chat:
    """One simulated Telegram user in a private chat with the bot."""

    def __init__(self, sb: Sandbox, user_id: int, name: str, lang: str = "zh-CN") -> None:
        self.sb = sb
        self.id = user_id
        self.user = {"id": user_id, "first_name": name, "language_code": lang}
        self.seen = 0  # seq of the last bot event consumed

    # Each inject answers the recorded event's seq and at (the sandbox's clock).

    async def send(self, text: str) -> JSON:
        return await self.sb.inject("message", {"user": self.user, "text": text})

    async def contact(self, phone: str) -> JSON:
        return await self.sb.inject("contact", {"user": self.user, "phone_number": phone})

    async def press(self, event: JSON, label: str) -> JSON:
        data = button_data(event, label)
        body = {"user": self.user, "chat_id": self.id, "message_id": event["message_id"]}
        return await self.sb.inject("callback", {**body, "data": data})

    async def wait(self, match: Match, timeout: float = STEP_TIMEOUT) -> JSON:  # noqa: ASYNC109
        """The next bot message or edit that `match`es, skipping (consuming) the others."""
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            events = await self.sb.events(
                self.id, self.seen, min(remaining, 10.0), kinds="send,edit"
            )
            for event in events:
                self.seen = int(event["seq"])
                if match(event):
                    return event
        raise StepTimeout(f"user {self.id}: no expected reply within {timeout:g} s")


Inject = Callable[[], Awaitable[JSON]]


async def step(chat: Chat, tally: Tally, kind: str, act: Inject, expect: Match) -> JSON:
    """Inject one update and wait for its reply; the pair is one measured update."""
    started = time.monotonic()
    injected = await act()
    # Whatever the bot did before the injection cannot be the reply to it.
    chat.seen = max(chat.seen, int(injected["seq"]))
    event = await chat.wait(expect)
    tally.record(kind, started, time.monotonic(), event["at"] - injected["at"])
    return event


Think = Callable[[], Any]


async def _no_think() -> None:
    return None


async def start_at_home(chat: Chat, tally: Tally, site: int) -> None:
    """`/start site_N`: the deep link that makes N the resident's home site."""
    await step(chat, tally, "start", lambda: chat.send(f"/start site_{site}"), text_has("您好"))


async def order_flow(chat: Chat, tally: Tally, think: Think = _no_think) -> None:
    """The resident's side of 点单, as in the demo, choosing the home site."""
    ev = await step(chat, tally, "command", lambda: chat.send("/order"), text_has("哪一类服务"))
    await think()
    ev = await step(chat, tally, "button", lambda: chat.press(ev, CATEGORY), text_has("具体服务"))
    await think()
    ev = await step(chat, tally, "button", lambda: chat.press(ev, SERVICE), text_has("要说明"))
    await think()
    ev = await step(chat, tally, "text", lambda: chat.send(DETAILS), text_has("在哪里"))
    await think()
    home = reply_button(ev, "🏠")
    ev = await step(chat, tally, "text", lambda: chat.send(home), text_has("到站里来"))
    await think()
    ev = await step(chat, tally, "button", lambda: chat.press(ev, STATION), text_has("什么时候"))
    await think()
    ev = await step(chat, tally, "button", lambda: chat.press(ev, WHEN), text_has("哪个时段"))
    await think()
    ev = await step(chat, tally, "button", lambda: chat.press(ev, PART), text_has("为谁"))
    await think()
    ev = await step(chat, tally, "button", lambda: chat.press(ev, FOR_ME), text_has("联系电话"))
    await think()
    ev = await step(chat, tally, "contact", lambda: chat.contact(PHONE), text_has("请确认"))
    await think()
    await step(chat, tally, "button", lambda: chat.press(ev, CONFIRM), text_has("已提交订单"))


ORDER_UPDATES = 8  # updates of one order_flow


async def ping(chat: Chat, tally: Tally, n: int) -> None:
    """One message, one reply: the bare bots' whole job."""
    await step(chat, tally, "text", lambda: chat.send(f"ping {n}"), any_send)


class Acceptor:
    """A volunteer who accepts every offer pushed to them, a few presses in flight."""

    def __init__(self, chat: Chat, tally: Tally, in_flight: int = 4) -> None:
        self.chat = chat
        self.tally = tally
        self.in_flight = in_flight
        self.pending: deque[JSON] = deque()
        # message_id -> (generator's clock at the press, the inject's answer)
        self.pressed: dict[int, tuple[float, JSON]] = {}

    async def run(self, stop: asyncio.Event, think: Think = _no_think) -> None:
        chat = self.chat
        while not stop.is_set() or self.pressed:
            wait = 0.5 if not stop.is_set() else 1.0
            events = await chat.sb.events(chat.id, chat.seen, wait, kinds="send,edit")
            for event in events:
                chat.seen = int(event["seq"])
                message_id = int(event["message_id"])
                if event["kind"] == "send" and _has_button(event, ACCEPT):
                    self.pending.append(event)
                elif event["kind"] == "edit" and self._answers_press(event):
                    started, press = self.pressed.pop(message_id)
                    latency = event["at"] - press["at"]
                    # Seen in a batched poll (up to 0.5 s late): no round trip of its own.
                    self.tally.record("accept", started, time.monotonic(), latency, False)
            if stop.is_set() and not events:
                break  # nothing more is coming
            while not stop.is_set() and self.pending and len(self.pressed) < self.in_flight:
                offer = self.pending.popleft()
                await think()
                started = time.monotonic()
                press = await chat.press(offer, ACCEPT)
                self.pressed[int(offer["message_id"])] = (started, press)

    def _answers_press(self, edit: JSON) -> bool:
        """An edit of a pressed offer made after the press (an earlier one, say the
        offer withdrawn, is not the bot's answer to it)."""
        pressed = self.pressed.get(int(edit["message_id"]))
        return pressed is not None and int(edit["seq"]) > int(pressed[1]["seq"])


def _has_button(event: JSON, label: str) -> bool:
    return any(
        button.get("text") == label
        for row in event.get("message", {}).get("buttons", [])
        for button in row
    )
