"""The in-process chat harness: the real bot above its transport, no HTTP.

`chat_harness(settings)` gives a `ChatHarness` (the router, drainer, intake,
sweeper and press guard as `bot.app` assembles them, over a seeded database, a
`ManualClock` and a `FakeMessenger`); `harness.user(...)` plays a person with the
API of `sandbox.client.SimUser`. Used by `tests/flows/`.
"""

from .chat import ADMIN, SEED, START, ChatHarness, HarnessApp, chat_harness, seed
from .messenger import Call, FakeMessenger, Handler, faults
from .telegram import InProcessServer
from .users import HarnessUser, UserFactory

__all__ = [
    "ADMIN",
    "SEED",
    "START",
    "Call",
    "ChatHarness",
    "FakeMessenger",
    "Handler",
    "HarnessApp",
    "HarnessUser",
    "InProcessServer",
    "UserFactory",
    "chat_harness",
    "faults",
    "seed",
]
