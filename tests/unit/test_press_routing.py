"""The router and presses: each decoded press goes to the handler of its type, and
data nobody can read is answered "this button no longer works"."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest

from handlers.kit.context import Ctx, Services
from handlers.kit.finishers import MenuPress
from handlers.kit.presses import Presses
from handlers.kit.router import Router
from handlers.setup import build_router
from tests.unit.resident_desk import Desk, Resident, resident_desk

UNKNOWN = "这个按钮已失效。"


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Desk]:
    async with resident_desk(tmp_path) as running:
        yield running


async def test_unreadable_press_data_is_answered_as_an_unknown_button(desk: Desk) -> None:
    resident = Resident(desk, 800300)
    unreadable = ["o:12:x", "zz", "", "f:1:", "t:012", "m:" + "x" * 70]
    for data in unreadable:
        await resident.press_data(data)
    answers = [s.text for s in desk.messenger.said if s.kind == "answer"]
    assert answers == [UNKNOWN] * len(unreadable)


async def test_a_menu_button_sent_before_the_codec_changed_still_works(desk: Desk) -> None:
    resident = Resident(desk, 800301)
    await resident.press_data("m:whoami")  # as drawn by the hand-written pack
    sent = [s.text or "" for s in desk.messenger.said if s.kind == "send"]
    assert any("800301" in text for text in sent), sent
    assert UNKNOWN not in [s.text for s in desk.messenger.said if s.kind == "answer"]


def test_every_declared_press_has_a_handler() -> None:
    # Registering only stores the handlers; no service is touched.
    assert build_router(cast(Services, None)).unhandled() == set()


def test_a_handler_is_only_registered_for_a_declared_press() -> None:
    @dataclass(frozen=True)
    class Stray:
        item: str

    async def handler(ctx: Ctx, press: Stray) -> None:
        raise AssertionError("never routed")

    router = Router(cast(Services, None))
    with pytest.raises(TypeError, match="not a declared press"):
        router.button(Stray, handler)
    Presses().declare("zz")(Stray)  # another registry's press is still not the bot's
    with pytest.raises(TypeError, match="not a declared press"):
        router.button(Stray, handler)


def test_a_press_type_has_one_handler() -> None:
    async def handler(ctx: Ctx, press: MenuPress) -> None:
        raise AssertionError("never routed")

    router = Router(cast(Services, None))
    router.button(MenuPress, handler)
    with pytest.raises(ValueError, match="has a handler already"):
        router.button(MenuPress, handler)
