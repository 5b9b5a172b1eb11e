"""The broadcast flow (conversations/flows/broadcasts.py) through the Engine, and the
pure parts of broadcasts and command menus."""

from __future__ import annotations

import pytest

from conversations.model import Asked, Finished, Text
from domain.broadcast_models import Audience, Tally
from domain.menus import COORDINATOR, RESIDENT, VOLUNTEER, Wanted, role_of
from domain.roles import Roles
from handlers import menus
from handlers.setup import build_router
from locales import LOCALES
from tests.translator import shared_translator
from tests.unit.fakes import KEY, Driver
from tests.unit.test_wiring import NO_SERVICES

TEAMS = [[5, "大桥社区爱心义剪队", "Daqiao Free Haircut Team"]]


async def start(driver: Driver, teams: list[list[object]]) -> object:
    """Started as `/broadcast` starts it: the teams at the coordinator's sites in its data."""
    return await driver.engine.start(KEY, driver.ctx, "broadcast", {"teams": teams})


async def test_without_teams_only_two_audiences_are_offered(driver: Driver) -> None:
    asked = await start(driver, [])
    assert isinstance(asked, Asked)
    assert [c.value for c in asked.prompt.choices] == ["subtree", "residents"]


async def test_a_team_by_button_then_the_words(driver: Driver) -> None:
    await start(driver, TEAMS)
    asked = await driver.press("team")
    assert isinstance(asked, Asked) and [c.value for c in asked.prompt.choices] == ["5"]
    await driver.press("5")
    done = await driver.say("明天集合")
    assert isinstance(done, Finished)
    assert (done.data["team_id"], done.data["text"]) == (5, "明天集合")


async def test_a_typed_team_code_is_kept_for_the_handler(driver: Driver) -> None:
    await start(driver, TEAMS)
    await driver.press("team")
    await driver.say("HAIR-XK")
    done = await driver.say("你好")
    assert isinstance(done, Finished)
    assert (done.data["team_id"], done.data["team_code"]) == (None, "HAIR-XK")


@pytest.mark.parametrize("typed", ["0", "366", "十", "-3"])
async def test_days_out_of_range_get_the_hint(driver: Driver, typed: str) -> None:
    await start(driver, [])
    await driver.press("residents")
    outcome = await driver.say(typed)
    assert isinstance(outcome, Asked) and outcome.hint == Text("broadcast-days-hint", {"max": 365})


async def test_days_typed_or_pressed(driver: Driver) -> None:
    await start(driver, [])
    await driver.press("residents")
    await driver.say("45")
    done = await driver.say("通知")
    assert isinstance(done, Finished) and done.data["days"] == 45


def test_audience_codes_and_tally() -> None:
    assert Audience("subtree").code() == "subtree"
    assert Audience("team", team_id=5).code() == "team:5"
    assert Audience("residents", days=30).code() == "residents:30"
    assert Tally(total=10, sent=6, unreachable=2, failed=1, left=1).handled == 9


def test_roles_pick_one_menu_and_residents_keep_the_default() -> None:
    assert role_of(Roles()) == RESIDENT
    assert role_of(Roles(volunteer=True)) == VOLUNTEER
    assert role_of(Roles(volunteer=True, admin=True)) == COORDINATOR
    assert Wanted(1, RESIDENT, "en").code("v1", "zh-CN") is None
    assert Wanted(1, VOLUNTEER, None).code("v1", "zh-CN") == "volunteer:zh-CN:v1"
    assert menus.language_code("zh-CN") == "zh" and menus.language_code("en") == "en"


def test_every_menu_command_is_a_command_with_words_in_every_language() -> None:
    router = build_router(NO_SERVICES)
    tr = shared_translator()
    for role, names in menus.COMMANDS.items():
        for name in names:
            assert router.resolve(name, "") is not None, (role, name)
            for locale in LOCALES:
                words = tr.text(locale, f"menu-cmd-{name}")
                assert 1 <= len(words) <= 256 and words != f"menu-cmd-{name}", (locale, name)
