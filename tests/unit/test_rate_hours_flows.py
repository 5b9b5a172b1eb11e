"""The rate-comment and hours flows (conversations/flows/rate.py, hours.py) through the Engine."""

from __future__ import annotations

import pytest

from conversations.engine import CANCEL, SKIP
from conversations.model import Answer, Asked, Finished, Stopped, Text
from domain.points import MAX_HOURS
from tests.unit.fakes import Driver


async def test_rate_comment_asks_with_skip_and_no_back(driver: Driver) -> None:
    asked = await driver.start("rate_comment")
    assert isinstance(asked, Asked)
    assert asked.prompt.text.key == "rate-ask-comment"
    assert asked.prompt.skip is True and asked.prompt.back is False


async def test_rate_comment_text_finishes_with_the_comment(driver: Driver) -> None:
    await driver.start("rate_comment")
    assert await driver.say("  Very kind, thank you  ") == Finished(
        "rate_comment", {"comment": "Very kind, thank you"}, ""
    )
    assert await driver.live() is None


async def test_rate_comment_skip_finishes_with_empty_comment(driver: Driver) -> None:
    await driver.start("rate_comment")
    done = await driver.press(SKIP)
    assert isinstance(done, Finished) and done.data == {"comment": ""}


@pytest.mark.parametrize("answer", [Answer("text", text="   "), Answer("other")])
async def test_rate_comment_empty_or_sticker_hints(driver: Driver, answer: Answer) -> None:
    await driver.start("rate_comment")
    outcome = await driver.send(answer)
    assert isinstance(outcome, Asked) and outcome.hint == Text("flow-hint-text")
    assert await driver.step() == "comment"


async def test_rate_comment_too_long_hints_with_the_limit(driver: Driver) -> None:
    await driver.start("rate_comment")
    outcome = await driver.say("x" * 501)
    assert isinstance(outcome, Asked) and outcome.hint == Text("flow-hint-too-long", {"max": 500})


async def test_rate_comment_cancel_has_its_own_words(driver: Driver) -> None:
    await driver.start("rate_comment")
    assert await driver.press(CANCEL) == Stopped("cancelled", Text("rate-comment-cancelled"))


@pytest.mark.parametrize(
    ("typed", "hours"),
    [("1.5", 1.5), ("2,5", 2.5), ("3h", 3.0), ("3 H", 3.0), ("2小时", 2.0), ("24", 24.0)],
)
async def test_hours_typed_are_read(driver: Driver, typed: str, hours: float) -> None:
    await driver.start("hours")
    assert await driver.say(typed) == Finished("hours", {"hours": hours}, "")


@pytest.mark.parametrize("typed", ["0", "25", "abc", "-1", "", "nan", "inf", "h"])
async def test_hours_out_of_range_or_unreadable_hint(driver: Driver, typed: str) -> None:
    await driver.start("hours")
    outcome = await driver.say(typed)
    assert isinstance(outcome, Asked)
    assert outcome.hint == Text("hours-hint", {"max": MAX_HOURS})
    assert outcome.prompt.text.key == "hours-ask" and await driver.step() == "hours"


async def test_hours_sticker_hints(driver: Driver) -> None:
    await driver.start("hours")
    outcome = await driver.send(Answer("other"))
    assert isinstance(outcome, Asked) and outcome.hint is not None
    assert outcome.hint.key == "hours-hint"


async def test_hours_has_no_skip_button(driver: Driver) -> None:
    await driver.start("hours")
    outcome = await driver.press(SKIP)
    assert isinstance(outcome, Asked) and outcome.hint == Text("flow-hint-buttons")


async def test_hours_cancel_has_its_own_words(driver: Driver) -> None:
    await driver.start("hours")
    assert await driver.press(CANCEL) == Stopped("cancelled", Text("hours-cancelled"))
    assert await driver.live() is None
