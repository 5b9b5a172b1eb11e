"""The order flow (conversations/flows/orders.py) driven through the Engine."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conversations.engine import BACK, CANCEL
from conversations.model import Answer, Asked, Finished, Stopped, Text
from domain.when import When
from tests.unit.fakes import EAST_A, KEY, Driver
from tests.unit.order_paths import HERE, PHONE, PROMPTS, TO, at


@pytest.mark.parametrize("step", list(TO))
async def test_each_step_is_reached_and_asks_its_prompt(driver: Driver, step: str) -> None:
    await at(driver, step)
    asked = await driver.engine.resume(KEY, driver.ctx)
    assert asked is not None and asked.prompt.text.key == PROMPTS[step]


async def test_whole_order_by_location_finishes_with_public_data(driver: Driver) -> None:
    first = await driver.start("order")
    assert isinstance(first, Asked)
    assert [c.value for c in first.prompt.choices] == ["culture", "education"]  # no "sports"
    assert first.prompt.back is False and first.prompt.version == 1
    for move, expected in zip(TO["confirm"], PROMPTS_IN_ORDER, strict=True):
        asked = await driver.run([move])
        assert isinstance(asked, Asked) and asked.hint is None, move
        assert await driver.step() == expected and asked.prompt.text.key == PROMPTS[expected]
    await _check_summary(driver)
    done = await driver.press("confirm")
    assert done == Finished(
        "order",
        {
            "category": "culture",
            "service_id": 1,
            "details": "walker needed",
            "site_id": EAST_A.id,
            "lat": HERE[0],
            "lon": HERE[1],
            "where": "location",
            "when": "2026-01-06",  # tomorrow, as a date
            "part_said": False,
            "visit": "home",
            "address": "3号楼2单元301",
            "pin": None,
            "day_part": "morning",
            "at_time": None,
            "whom": "me",
            "b_name": "",
            "b_relation": "",
            "b_phone": "",
            "phone": PHONE,
            "save_phone": False,
        },
        "confirm",
    )
    assert not [k for k in done.data if k.startswith("_")]
    assert await driver.live() is None


PROMPTS_IN_ORDER = [
    "service", "details", "where", "visit", "address", "when", "day_part", "whom",
    "phone", "save_phone", "confirm",
]  # fmt: skip


async def _check_summary(driver: Driver) -> None:
    asked = await driver.engine.resume(KEY, driver.ctx)
    assert asked is not None
    assert asked.prompt.text == Text(
        "order-summary",
        {
            "service": "Free haircut",
            "details": "walker needed",
            "place": "East One",
            "when": When(date(2026, 1, 6)),
            "phone": PHONE,
            "visit": Text(
                "visit-line",
                {
                    "who": Text("visit-who-volunteer"),
                    "day": Text("visit-day-tomorrow", {"date": When(date(2026, 1, 6))}),
                    "part": Text("order-part-morning"),
                    "where": Text("visit-home-address", {"address": "3号楼2单元301"}),
                },
            ),
            "whom": Text("order-for-me"),
        },
    )
    assert asked.prompt.version == len(TO["confirm"]) + 1


async def test_order_by_list_goes_station_then_point(driver: Driver) -> None:
    await at(driver, "point")
    asked = await driver.engine.resume(KEY, driver.ctx)
    assert asked is not None
    assert [c.value for c in asked.prompt.choices] == ["101", "102"]
    for move, expected in [(("press", "102"), "visit"), (("press", "station"), "when"),
                           (("press", "today"), "day_part"), (("press", "_skip"), "whom"),
                           (("press", "me"), "phone"),
                           (("say", "nav-skip"), "confirm")]:  # fmt: skip
        await driver.run([move])
        assert await driver.step() == expected
    done = await driver.press("confirm")
    assert isinstance(done, Finished)
    assert done.data["site_id"] == 102 and done.data["station"] == "10"
    assert done.data["lat"] is None and done.data["phone"] == ""
    assert done.data["when"] == "2026-01-05"  # today, as a date


BACK_TO = {
    "service": "category",
    "details": "service",
    "where": "details",
    "station": "where",
    "point": "station",
    "visit": "where",
    "address": "visit",
    "when": "address",
    "day_part": "when",
    "whom": "day_part",
    "beneficiary_name": "whom",
    "beneficiary_relation": "beneficiary_name",
    "beneficiary_phone": "beneficiary_relation",
    "phone": "whom",
    "save_phone": "phone",
    "confirm": "save_phone",
    "change": "confirm",
}


@pytest.mark.parametrize(("step", "previous"), list(BACK_TO.items()))
async def test_back_returns_to_the_previous_step(driver: Driver, step: str, previous: str) -> None:
    await at(driver, step)
    version = await driver.version()
    asked = await driver.press(BACK)
    assert isinstance(asked, Asked) and asked.prompt.text.key == PROMPTS[previous]
    assert await driver.step() == previous
    assert asked.prompt.version == await driver.version() == version + 1


async def test_back_from_when_after_the_list_returns_to_point(driver: Driver) -> None:
    await at(driver, "point")
    await driver.run([("press", "101")])
    await driver.press(BACK)
    assert await driver.step() == "point"


async def test_back_on_the_first_step_asks_it_again(driver: Driver) -> None:
    await at(driver, "category")
    asked = await driver.press(BACK)
    assert isinstance(asked, Asked) and asked.prompt.text.key == "order-ask-category"
    assert asked.hint is None and asked.prompt.version == 1
    assert await driver.step() == "category"


@pytest.mark.parametrize("step", list(TO))
async def test_cancel_from_any_step_stops_and_forgets(driver: Driver, step: str) -> None:
    await at(driver, step)
    assert await driver.press(CANCEL) == Stopped("cancelled", Text("order-cancelled"))
    assert await driver.live() is None


BAD: list[tuple[str, str, Any, str]] = [
    ("category", "say", "culture", "flow-hint-buttons"),
    ("category", "press", "sports", "flow-hint-buttons"),  # a category with no services
    ("category", "other", None, "flow-hint-buttons"),
    ("service", "press", "3", "flow-hint-buttons"),  # retired
    ("service", "press", "2", "flow-hint-buttons"),  # another category's
    ("details", "other", None, "flow-hint-text"),
    ("where", "say", "my house", "order-hint-where"),
    ("where", "other", None, "order-hint-where"),
    ("where", "press", "station", "flow-hint-buttons"),
    ("where", "say", "nav-skip", "flow-hint-buttons"),  # where has no Skip
    ("station", "press", "101", "flow-hint-buttons"),  # a point, not a station
    ("point", "press", "201", "flow-hint-buttons"),  # another station's point
    ("when", "say", "soon", "flow-hint-date"),
    ("when", "other", None, "flow-hint-date"),
    ("phone", "say", "abc", "flow-hint-phone"),
    ("phone", "other", None, "flow-hint-phone"),
    ("confirm", "say", "yes", "flow-hint-buttons"),
    ("change", "press", "service", "flow-hint-buttons"),
]


@pytest.mark.parametrize(("step", "kind", "arg", "hint"), BAD)
async def test_bad_answer_hints_and_keeps_step_and_version(
    driver: Driver, step: str, kind: str, arg: Any, hint: str
) -> None:
    await at(driver, step)
    version = await driver.version()
    if kind == "other":
        outcome = await driver.send(Answer("other"))
    else:
        outcome = await driver.press(arg) if kind == "press" else await driver.say(arg)
    assert isinstance(outcome, Asked) and outcome.hint is not None
    assert outcome.hint.key == hint
    assert outcome.prompt.text.key == PROMPTS[step] and outcome.prompt.version == version
    assert await driver.step() == step and await driver.version() == version


async def test_reply_keyboard_answers_are_acknowledged(driver: Driver) -> None:
    await at(driver, "where")
    after_where = await driver.locate(*HERE)
    assert isinstance(after_where, Asked) and after_where.ack == Text("flow-noted")
    after_visit = await driver.press("home")
    assert isinstance(after_visit, Asked) and after_visit.ack is None  # an inline step
    assert after_visit.prompt.request == "location" and after_visit.prompt.skip is True
    after_address = await driver.say("3号楼")
    assert isinstance(after_address, Asked) and after_address.ack == Text("flow-noted")
    await driver.run([("press", "tomorrow"), ("press", "morning")])
    after_whom = await driver.press("me")
    assert isinstance(after_whom, Asked) and after_whom.ack is None
    assert after_whom.prompt.request == "contact" and after_whom.prompt.skip is True


async def test_location_far_from_every_point_still_picks_the_nearest(driver: Driver) -> None:
    await at(driver, "where")
    await driver.locate(31.0, 121.0)  # near Shanghai: West One
    state = await driver.state()
    assert state is not None and state.data["site_id"] == 201
