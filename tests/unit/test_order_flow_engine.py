"""The order flow through the Engine: stale and concurrent presses, expiry, "Change",
reply-keyboard labels and resume."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from conversations.engine import CANCEL
from conversations.model import Answer, Asked, Finished, Stopped, Text
from domain.clock import ManualClock
from domain.when import When
from tests.unit.fakes import ENGINE_TTL, KEY, PROFILE, Driver
from tests.unit.order_paths import PHONE, PROMPTS, at

TODAY = date(2026, 1, 5)  # the fixtures' clock, a Monday


async def test_button_from_an_older_prompt_is_stale(driver: Driver) -> None:
    await at(driver, "service")
    assert await driver.press("culture", version=1) == Stopped("stale", Text("flow-stale-button"))
    assert await driver.step() == "service" and await driver.version() == 2


async def test_button_without_a_version_is_stale(driver: Driver) -> None:
    await at(driver, "category")
    outcome = await driver.send(Answer("choice", value="culture"))
    assert isinstance(outcome, Stopped) and outcome.reason == "stale"


@pytest.mark.parametrize("gated", [True, False])
async def test_two_presses_at_once_advance_exactly_once(driver: Driver, gated: bool) -> None:
    await at(driver, "category")
    if gated:  # both read version 1 before either writes: the compare-and-set decides
        driver.store.hold_readers(2)
    outcomes = await asyncio.gather(driver.press("culture", 1), driver.press("culture", 1))
    asked = [o for o in outcomes if isinstance(o, Asked)]
    stopped = [o for o in outcomes if isinstance(o, Stopped)]
    assert len(asked) == 1 and len(stopped) == 1
    assert stopped[0].reason in ({"busy"} if gated else {"busy", "stale"})
    assert await driver.step() == "service" and await driver.version() == 2


async def test_two_confirms_at_once_finish_exactly_once(driver: Driver) -> None:
    await at(driver, "confirm")
    v = await driver.version()
    driver.store.hold_readers(2)
    outcomes = await asyncio.gather(driver.press("confirm", v), driver.press("confirm", v))
    assert sum(isinstance(o, Finished) for o in outcomes) == 1
    assert [o.reason for o in outcomes if isinstance(o, Stopped)] == ["busy"]
    assert await driver.live() is None


async def test_two_cancels_at_once_cancel_once(driver: Driver) -> None:
    await at(driver, "details")
    driver.store.hold_readers(2)
    outcomes = await asyncio.gather(driver.press(CANCEL, 3), driver.press(CANCEL, 3))
    assert sorted(o.reason for o in outcomes if isinstance(o, Stopped)) == ["busy", "cancelled"]


async def test_answer_after_ttl_is_expired_and_state_is_gone(
    driver: Driver, clock: ManualClock
) -> None:
    await at(driver, "service")
    clock.advance(seconds=ENGINE_TTL + 1)
    assert await driver.press("1", version=2) == Stopped("expired", Text("flow-expired"))
    assert await driver.live() is None


async def test_answer_just_within_ttl_still_advances(driver: Driver, clock: ManualClock) -> None:
    await at(driver, "service")
    clock.advance(seconds=ENGINE_TTL - 1)
    assert isinstance(await driver.press("1"), Asked)
    assert await driver.step() == "details"


async def test_each_answer_restarts_the_ttl(driver: Driver, clock: ManualClock) -> None:
    await at(driver, "service")
    clock.advance(seconds=ENGINE_TTL - 1)
    await driver.press("1")
    clock.advance(seconds=ENGINE_TTL - 1)
    assert isinstance(await driver.say("ok"), Asked)


async def test_change_when_returns_to_confirm_with_the_new_value(driver: Driver) -> None:
    await at(driver, "change")
    await driver.press("when")
    assert await driver.step() == "when"
    await driver.press("today")  # a day by a button: its part of the day is asked again
    assert await driver.step() == "day_part"
    asked = await driver.press("afternoon")
    assert isinstance(asked, Asked) and asked.prompt.text.key == PROMPTS["confirm"]
    assert asked.prompt.text.args["when"] == When(TODAY)
    done = await driver.press("confirm")
    assert isinstance(done, Finished)
    assert done.data["when"] == TODAY.isoformat() and done.data["phone"] == PHONE


async def test_change_where_to_list_asks_station_and_point_then_confirms(driver: Driver) -> None:
    await at(driver, "change")
    await driver.press("where")
    await driver.say("order-where-list")
    assert await driver.step() == "station"
    await driver.press("20")
    assert await driver.step() == "point"
    asked = await driver.press("201")
    assert isinstance(asked, Asked) and asked.prompt.text.args["place"] == "West One"
    assert await driver.step() == "confirm"
    done = await driver.press("confirm")
    assert isinstance(done, Finished)
    assert done.data["site_id"] == 201 and done.data["where"] == "list"
    assert done.data["lat"] is None and done.data["when"] == "2026-01-06"


async def test_change_category_asks_service_again_then_confirms(driver: Driver) -> None:
    await at(driver, "change")
    await driver.press("category")
    await driver.press("education")
    assert await driver.step() == "service"
    await driver.press("2")
    assert await driver.step() == "confirm"
    done = await driver.press("confirm")
    assert isinstance(done, Finished) and done.data["service_id"] == 2


@pytest.mark.parametrize(
    ("step", "typed", "next_step", "field", "value"),
    [
        ("where", "order-where-home", "visit", "where", "home"),
        ("where", "order-where-list", "station", "where", "list"),
        ("phone", "order-phone-saved", "confirm", "phone", PROFILE.phone),
        ("phone", "nav-skip", "confirm", "phone", ""),
        ("phone", "  nav-skip ", "confirm", "phone", ""),
    ],
)
async def test_reply_keyboard_label_counts_as_its_button(
    driver: Driver, step: str, typed: str, next_step: str, field: str, value: str
) -> None:
    await at(driver, step)
    asked = await driver.say(typed)
    assert isinstance(asked, Asked)
    assert asked.ack == Text("flow-noted")
    assert await driver.step() == next_step
    state = await driver.state()
    assert state is not None and state.data[field] == value


async def test_home_on_reply_keyboard_stores_the_home_site(driver: Driver) -> None:
    await at(driver, "where")
    await driver.say("order-where-home")
    state = await driver.state()
    assert state is not None and state.data["site_id"] == PROFILE.home_site_id


@pytest.mark.parametrize(("step", "previous"), [("where", "details"), ("phone", "whom")])
async def test_reply_keyboard_back_label_goes_back(
    driver: Driver, step: str, previous: str
) -> None:
    await at(driver, step)
    await driver.say("nav-back")
    assert await driver.step() == previous


@pytest.mark.parametrize("step", ["where", "phone"])
async def test_reply_keyboard_cancel_label_cancels(driver: Driver, step: str) -> None:
    await at(driver, step)
    assert await driver.say("nav-cancel") == Stopped("cancelled", Text("order-cancelled"))
    assert await driver.live() is None


async def test_label_text_on_an_inline_step_is_not_a_button(driver: Driver) -> None:
    await at(driver, "when")
    moves = [("press", "today"), ("press", "morning"), ("press", "me")]
    await driver.run([*moves, ("say", PHONE), ("press", "no")])
    outcome = await driver.say("order-confirm")  # confirm uses inline buttons
    assert isinstance(outcome, Asked) and outcome.hint == Text("flow-hint-buttons")


async def test_resume_shows_the_current_prompt_without_a_new_version(
    driver: Driver, clock: ManualClock
) -> None:
    await at(driver, "when")
    before = await driver.state()
    clock.advance(seconds=5)
    asked = await driver.engine.resume(KEY, driver.ctx)
    assert asked is not None and asked.prompt.text.key == "order-ask-when"
    assert [c.value for c in asked.prompt.choices] == ["today", "tomorrow", "week"]
    assert before is not None and asked.prompt.version == before.version
    assert await driver.state() == before


async def test_resume_without_a_conversation_is_none(driver: Driver) -> None:
    assert await driver.engine.resume(KEY, driver.ctx) is None
    assert await driver.send(Answer("text", text="hi")) == Stopped("none")


async def test_starting_again_replaces_the_conversation_with_a_newer_version(
    driver: Driver,
) -> None:
    await at(driver, "details")
    asked = await driver.start("order")
    assert isinstance(asked, Asked) and asked.prompt.version == 4
    assert await driver.step() == "category"
    assert isinstance(await driver.press("culture", version=3), Stopped)


async def test_a_flow_button_whose_state_was_flushed_is_told_the_conversation_was_lost(
    driver: Driver,
) -> None:
    await at(driver, "service")
    await driver.store.delete(KEY)  # what a Redis flush or restart without AOF does
    assert await driver.press("1", version=2) == Stopped("lost", Text("flow-lost"))
    assert await driver.locate(39.9, 116.4) == Stopped("lost", Text("flow-lost"))


async def test_a_button_of_a_cancelled_conversation_is_stale_not_lost(driver: Driver) -> None:
    await at(driver, "service")
    await driver.engine.cancel(KEY)
    assert await driver.press("1", version=2) == Stopped("stale")
    assert await driver.say("hello") == Stopped("none")
    assert await driver.engine.resume(KEY, driver.ctx) is None


async def test_a_confirm_whose_order_was_not_stored_is_reopened_and_can_be_pressed_again(
    driver: Driver,
) -> None:
    await at(driver, "confirm")
    v = await driver.version()
    first = await driver.press("confirm", v)
    assert isinstance(first, Finished) and await driver.live() is None
    # A second tap while the first is being stored finds the conversation claimed.
    assert await driver.press("confirm", v) == Stopped("stale")
    assert await driver.engine.reopen(KEY, first)
    assert await driver.step() == "confirm" and await driver.version() == v
    again = await driver.press("confirm", v)
    assert isinstance(again, Finished) and again.data == first.data
