"""The load generator, in a process of its own: ``python -m benchmarks.loadgen CONFIG OUT``.

CONFIG (JSON, written by throughput.py / latency.py) says what to play:

- ``scenario``: ``civic`` (residents run the whole /order flow, volunteers
  accept) or ``ping`` (one message, one reply: the bare bots);
- ``mode``: ``closed`` (``users`` people back to back, no think time) or
  ``open`` (new residents arrive so that about ``rate`` updates/s reach the bot,
  each thinking ``think`` seconds, uniformly 0.5x-1.5x, before each answer);
- ``warmup`` and ``duration`` seconds; ``max_updates`` bounds the count;
- ``pids``: processes whose CPU time is read at the window's edges (and beside
  them every PostgreSQL and Redis server process, found by name);
- ``profile_pid``: sent SIGUSR1 / SIGUSR2 at the window's edges (run_bot.py profiles then).

OUT receives the figures as JSON. ``latency_ms`` (and ``latency_by_kind_ms``) is
measured by the sandbox, from the injected update's ``at`` to its expected reply's
``at`` on the sandbox's clock; ``round_trip_ms`` is the same update seen from here
(inject POST to the long poll returning; not for the volunteers' Accepts, which are
seen in batched polls), and ``harness_floor_ms`` that round trip with no bot involved.
Every loop stops at the window's end, at ``max_updates``, or at a step that takes
longer than 30 s, whichever is first.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import random
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.agents import (
    ORDER_UPDATES,
    Acceptor,
    Chat,
    Sandbox,
    StepTimeout,
    Tally,
    any_send,
    order_flow,
    ping,
    start_at_home,
)
from benchmarks.common import cpu_seconds, cpu_seconds_named, cpu_used, percentiles

JSON = dict[str, Any]
RESIDENT_BASE = 800_000
PROBE_USER = 799_999
PROBE_RATE = 5.0  # harness-floor probes a second

# Processes by command name whose CPU is read beside the bot's, and their label.
SERVICES = {"postgres": "postgres", "redis-server": "redis"}


class Run:
    def __init__(self, config: JSON, session: aiohttp.ClientSession) -> None:
        self.config = config
        self.sb = Sandbox(session, config["api"])
        self.tally = Tally()
        self.floor: list[float] = []
        self.errors: list[str] = []
        self.updates_started = 0
        self.stop = asyncio.Event()
        self.rng = random.Random(config.get("seed", 1))
        think = float(config.get("think", 0.0))
        self.think_mean = think

    # --- pieces ----------------------------------------------------------------

    async def think(self) -> None:
        if self.think_mean > 0:
            await asyncio.sleep(self.think_mean * self.rng.uniform(0.5, 1.5))

    def budget_left(self) -> bool:
        return not self.stop.is_set() and self.updates_started < int(self.config["max_updates"])

    async def guarded(self, work: Callable[[], Awaitable[None]]) -> bool:
        try:
            await work()
            return True
        except (StepTimeout, AssertionError, aiohttp.ClientError) as error:
            self.tally.failures += 1
            if len(self.errors) < 10:
                self.errors.append(f"{type(error).__name__}: {error}")
            return False

    async def start_people(self) -> dict[int, Chat]:
        """Volunteers and coordinators /start (the bot may only write to who did)."""
        chats = {uid: Chat(self.sb, uid, f"P{uid}") for uid in self.config.get("people", [])}

        async def one(chat: Chat) -> None:
            await chat.send("/start")
            await chat.wait(any_send)

        await asyncio.gather(*(one(chat) for chat in chats.values()))
        return chats

    def resident(self, index: int) -> tuple[Chat, int]:
        points = self.config.get("points") or [0]
        return Chat(self.sb, RESIDENT_BASE + index, f"R{index}"), int(points[index % len(points)])

    # --- closed loop -------------------------------------------------------------

    async def closed_user(self, index: int, chat: Chat) -> None:
        n = 0
        while self.budget_left():
            if self.config["scenario"] == "civic":
                self.updates_started += ORDER_UPDATES
                await self.guarded(lambda: order_flow(chat, self.tally))
            else:
                self.updates_started += 1
                await self.guarded(functools.partial(ping, chat, self.tally, n))
            n += 1

    async def closed(self) -> None:
        users = int(self.config["users"])
        residents = [self.resident(i) for i in range(users)]
        acceptors: list[Acceptor] = []
        if self.config["scenario"] == "civic":
            people = await self.start_people()
            acceptors = [Acceptor(people[int(v)], self.tally) for v in self.config["acceptors"]]
            await asyncio.gather(
                *(
                    self.guarded(functools.partial(start_at_home, c, self.tally, s))
                    for c, s in residents
                )
            )
        running = [asyncio.create_task(a.run(self.stop)) for a in acceptors]
        running += [
            asyncio.create_task(self.closed_user(i, chat)) for i, (chat, _) in enumerate(residents)
        ]
        await self.measure(running)

    # --- open loop ---------------------------------------------------------------

    async def session(self, index: int) -> None:
        chat, site = self.resident(index)
        self.updates_started += 1 + ORDER_UPDATES
        if await self.guarded(lambda: start_at_home(chat, self.tally, site)):
            await self.think()
            await self.guarded(lambda: order_flow(chat, self.tally, self.think))

    async def arrivals(self, sessions: set[asyncio.Task[None]]) -> None:
        per_session = 2 + ORDER_UPDATES  # /start, the flow, the volunteer's accept
        interval = per_session / float(self.config["rate"])
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        index = 0
        while self.budget_left():
            task = asyncio.create_task(self.session(index))
            sessions.add(task)
            task.add_done_callback(sessions.discard)
            index += 1
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - loop.time()))

    async def open(self) -> None:
        people = await self.start_people()
        acceptors = [Acceptor(people[int(v)], self.tally) for v in self.config["acceptors"]]
        sessions: set[asyncio.Task[None]] = set()
        running = [asyncio.create_task(a.run(self.stop, self.think)) for a in acceptors]
        running.append(asyncio.create_task(self.arrivals(sessions)))
        await self.measure(running, sessions)

    # --- the window ----------------------------------------------------------------

    async def probe(self) -> None:
        """The round trip's floor: inject, then read back our own event (no bot involved)."""
        chat = Chat(self.sb, PROBE_USER, "Probe")
        seen = 0
        while not self.stop.is_set():
            started = time.monotonic()
            answer = await self.sb.inject("message", {"user": chat.user, "text": "probe"})
            await self.sb.events(chat.id, seen, 5.0, who="user")
            self.floor.append(time.monotonic() - started)
            seen = int(answer["seq"])
            await asyncio.sleep(1.0 / PROBE_RATE)

    async def sample(self) -> JSON:
        pids = {name: int(pid) for name, pid in self.config.get("pids", {}).items()}
        pids["loadgen"] = os.getpid()
        cpu = {}
        for name, pid in pids.items():
            with contextlib.suppress(OSError):
                cpu[name] = cpu_seconds(pid)
        # The services share the two cores too: where the rest of the machine goes.
        services = {name: cpu_seconds_named(name) for name in SERVICES}
        stats = await self.sb.get("stats")
        answers = len((await self.sb.get("callbacks")).get("answers", []))
        return {
            "t": time.monotonic(),
            "cpu": cpu,
            "services": services,
            "stats": stats,
            "answers": answers,
        }

    def signal_profile(self, sig: signal.Signals) -> None:
        pid = self.config.get("profile_pid")
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), sig)

    async def measure(
        self, running: list[asyncio.Task[None]], extra: set[asyncio.Task[None]] | None = None
    ) -> None:
        warmup, duration = float(self.config["warmup"]), float(self.config["duration"])
        probing = asyncio.create_task(self.probe()) if self.config.get("probe") else None
        await asyncio.sleep(warmup)
        self.signal_profile(signal.SIGUSR1)
        first = await self.sample()
        self.tally.window = (first["t"], first["t"] + duration)
        await asyncio.sleep(max(0.0, first["t"] + duration - time.monotonic()))
        last = await self.sample()
        self.signal_profile(signal.SIGUSR2)
        self.tally.window = (first["t"], last["t"])
        self.stop.set()
        pending = [*running, *(extra or ())]
        if probing is not None:
            pending.append(probing)
        _done, late = await asyncio.wait(pending, timeout=40.0)
        for task in late:
            task.cancel()
        self.window = (first, last)

    def result(self) -> JSON:
        first, last = self.window
        seconds = last["t"] - first["t"]
        done = self.tally.done
        cpu = {
            name: round(last["cpu"][name] - first["cpu"][name], 3)
            for name in first["cpu"]
            if name in last["cpu"]
        }
        for name, label in SERVICES.items():
            cpu[label] = round(cpu_used(first["services"][name], last["services"][name]), 3)
        s0, s1 = first["stats"], last["stats"]
        sends = s1["sends"] - s0["sends"]
        edits = s1["edits"] - s0["edits"]
        answers = last["answers"] - first["answers"]
        calls = sends + edits + answers
        bot_cpu = cpu.get("bot")
        return {
            "scenario": self.config["scenario"],
            "mode": self.config["mode"],
            "users": self.config.get("users"),
            "rate": self.config.get("rate"),
            "think": self.config.get("think", 0.0),
            "window_s": round(seconds, 3),
            "updates": done,
            "updates_per_s": round(done / seconds, 1),
            "updates_by_kind": self.tally.by_kind,
            "injected_per_s": round((s1["updates_injected"] - s0["updates_injected"]) / seconds, 1),
            "api_calls": {"send": sends, "edit": edits, "answer": answers},
            "api_calls_per_s": round(calls / seconds, 1),
            "calls_per_update": round(calls / done, 2) if done else None,
            "latency_source": "sandbox",  # older results measured latency_ms from outside
            "latency_ms": percentiles(self.tally.latencies),
            "latency_by_kind_ms": {
                kind: percentiles(values) for kind, values in self.tally.latencies_by_kind.items()
            },
            "round_trip_ms": percentiles(self.tally.round_trips),
            "round_trip_by_kind_ms": {
                kind: percentiles(values) for kind, values in self.tally.round_trips_by_kind.items()
            },
            "harness_floor_ms": percentiles(self.floor),
            "cpu_s": cpu,
            "cpu_utilisation": {name: round(value / seconds, 2) for name, value in cpu.items()},
            "bot_cpu_ms_per_update": round(1000 * bot_cpu / done, 3) if bot_cpu and done else None,
            "failures": self.tally.failures,
            "errors": self.errors,
        }


async def main_async(config: JSON) -> JSON:
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=0)
    timeout = aiohttp.ClientTimeout(total=None, sock_read=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        run = Run(config, session)
        if config["mode"] == "open":
            await run.open()
        else:
            await run.closed()
        return run.result()


def main() -> None:
    config_path, out_path = Path(sys.argv[1]), Path(sys.argv[2])
    config = json.loads(config_path.read_text(encoding="utf-8"))
    result = asyncio.run(main_async(config))
    out_path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
