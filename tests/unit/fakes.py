"""Test doubles for the pure unit tier: no network, no database.

`FakeReference` implements the flows' `conversations.model.ReferenceData` port over a
small, fixed county: one center, two stations, three points, and a catalogue with
two categories that have services and one that has none.
"""

from __future__ import annotations

import asyncio
from typing import Any

from conversations.engine import Engine
from conversations.model import Answer, Asked, Choice, Finished, FlowContext, Outcome
from domain.clock import ManualClock
from domain.geo import nearest
from domain.models import Catalogue, Category, LocalName, Service, Site, SiteLevel, UserProfile
from domain.ports.state import ConversationState, StateKey
from storage.state_memory import MemoryStateStore

ENGINE_TTL = 600.0
STORE_TTL = 100_000.0  # longer than the engine's, so the engine's own expiry is what we see

CENTER = Site(1, None, SiteLevel.CENTER, LocalName("县中心", "County center"))
EAST = Site(10, 1, SiteLevel.STATION, LocalName("东镇", "East Town"))
WEST = Site(20, 1, SiteLevel.STATION, LocalName("西镇", "West Town"))
EAST_A = Site(101, 10, SiteLevel.POINT, LocalName("东一村", "East One"), 39.90, 116.40)
EAST_B = Site(102, 10, SiteLevel.POINT, LocalName("东二村", "East Two"), 39.95, 116.45)
WEST_A = Site(201, 20, SiteLevel.POINT, LocalName("西一村", "West One"), 31.23, 121.47)
SITES = (CENTER, EAST, WEST, EAST_A, EAST_B, WEST_A)

CATALOGUE = Catalogue(
    categories=[
        Category("culture", LocalName("文化服务", "Culture"), 1),
        Category("education", LocalName("教育服务", "Education"), 2),
        Category("sports", LocalName("体育健身", "Sports"), 3),  # no services: never offered
    ],
    services=[
        Service(1, "haircut", "culture", LocalName("爱心义剪", "Free haircut")),
        Service(2, "tutoring", "education", LocalName("课后辅导", "Tutoring")),
        Service(3, "old-class", "education", LocalName("旧课", "Old class"), retired=True),
    ],
)

PROFILE = UserProfile(id=7, first_name="Li", home_site_id=EAST_A.id, phone="13800001234")
KEY = StateKey(bot_id=1, chat_id=7, user_id=7)


class FakeReference:
    """In-memory `conversations.model.ReferenceData` over `SITES` and `CATALOGUE`."""

    async def catalogue(self) -> Catalogue:
        return CATALOGUE

    async def site(self, site_id: int) -> Site | None:
        return next((s for s in SITES if s.id == site_id), None)

    async def children(self, site_id: int | None) -> list[Site]:
        return [s for s in SITES if s.parent_id == site_id]

    async def stations(self) -> list[Site]:
        return [s for s in SITES if s.level is SiteLevel.STATION]

    async def nearest_point(self, lat: float, lon: float) -> Site | None:
        return nearest((s for s in SITES if s.level is SiteLevel.POINT), lat, lon)


class GatedStore(MemoryStateStore):
    """A memory store whose `get` can be made to wait until `n` readers have read,
    so concurrent feeds really do read the same version before either writes."""

    def __init__(self, ttl: float, clock: ManualClock) -> None:
        super().__init__(ttl, clock=lambda: clock.now().timestamp())
        self._waiting = 0
        self._gate: asyncio.Event | None = None

    def hold_readers(self, n: int) -> None:
        self._waiting = n
        self._gate = asyncio.Event()

    async def get(self, key: StateKey) -> ConversationState | None:
        state = await super().get(key)
        if self._gate is not None:
            self._waiting -= 1
            if self._waiting <= 0:
                self._gate.set()
            await self._gate.wait()
        return state


def label(locale: str, choice: Choice) -> str:
    return choice.label if isinstance(choice.label, str) else choice.label.key


class Driver:
    """Talks to an `Engine` like a user would: presses the buttons on screen
    (with the version they carry) or types."""

    def __init__(self, engine: Engine, store: GatedStore, ctx: FlowContext) -> None:
        self.engine, self.store, self.ctx = engine, store, ctx

    async def state(self) -> ConversationState | None:
        return await self.store.get(KEY)

    async def live(self) -> ConversationState | None:
        """The conversation going on, None once it ended (its tombstone) or was lost."""
        state = await self.state()
        return state if state is not None and state.flow else None

    async def step(self) -> str | None:
        state = await self.state()
        return None if state is None else state.step

    async def version(self) -> int:
        state = await self.state()
        assert state is not None
        return state.version

    async def start(self, flow: str) -> Outcome:
        return await self.engine.start(KEY, self.ctx, flow)

    async def send(self, answer: Answer) -> Outcome:
        return await self.engine.feed(KEY, self.ctx, answer)

    async def press(self, value: str, version: int | None = None) -> Outcome:
        version = await self.version() if version is None else version
        return await self.send(Answer("choice", value=value, version=version))

    async def say(self, text: str) -> Outcome:
        return await self.send(Answer("text", text=text))

    async def locate(self, lat: float, lon: float) -> Outcome:
        return await self.send(Answer("location", location=(lat, lon)))

    async def run(self, moves: list[tuple[str, Any]]) -> Outcome | None:
        """Play ("press" | "say" | "locate", arg) moves; return the last outcome."""
        outcome: Outcome | None = None
        for kind, arg in moves:
            if kind == "press":
                outcome = await self.press(arg)
            elif kind == "say":
                outcome = await self.say(arg)
            else:
                outcome = await self.locate(*arg)
            assert isinstance(outcome, Asked | Finished), (kind, arg, outcome)
        return outcome
