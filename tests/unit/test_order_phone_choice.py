"""The phone given for an order is that order's; it becomes the orderer's own saved
number only when they say so (or share their own Telegram contact)."""

from __future__ import annotations

import pytest

from conversations.model import Answer, Asked, Finished
from tests.unit.fakes import PROFILE, Driver
from tests.unit.order_paths import at

OTHER = "13900005678"  # a neighbour's number, typed for an order placed for them


async def _finish(driver: Driver) -> Finished:
    done = await driver.press("confirm")
    assert isinstance(done, Finished)
    return done


async def test_a_number_typed_for_someone_else_asks_before_it_replaces_the_saved_one(
    driver: Driver,
) -> None:
    await at(driver, "phone")
    asked = await driver.say(OTHER)
    assert isinstance(asked, Asked) and asked.prompt.text.key == "order-ask-save-phone"
    assert asked.prompt.text.args == {"phone": OTHER}
    assert [c.value for c in asked.prompt.choices] == ["yes", "no"]
    await driver.press("no")
    done = await _finish(driver)
    assert done.data["phone"] == OTHER and done.data["save_phone"] is False


async def test_saying_yes_makes_the_typed_number_the_orderers_own(driver: Driver) -> None:
    await at(driver, "phone")
    await driver.say(OTHER)
    await driver.press("yes")
    done = await _finish(driver)
    assert done.data["phone"] == OTHER and done.data["save_phone"] is True


async def test_someone_elses_shared_contact_is_asked_about_too(driver: Driver) -> None:
    await at(driver, "phone")
    asked = await driver.send(Answer("contact", phone=OTHER, own_contact=False))
    assert isinstance(asked, Asked) and asked.prompt.text.key == "order-ask-save-phone"


@pytest.mark.parametrize(
    ("answer", "phone", "save"),
    [
        (Answer("contact", phone=OTHER, own_contact=True), OTHER, True),  # one's own account
        (Answer("choice", value="saved"), PROFILE.phone, False),
        (Answer("choice", value="_skip"), "", False),
        (Answer("text", text=str(PROFILE.phone)), PROFILE.phone, False),  # nothing new
    ],
)
async def test_no_question_when_whose_number_it_is_is_plain(
    driver: Driver, answer: Answer, phone: str, save: bool
) -> None:
    await at(driver, "phone")
    version = await driver.version()
    if answer.kind == "choice":
        answer = Answer("choice", value=answer.value, version=version)
    asked = await driver.send(answer)
    assert isinstance(asked, Asked) and asked.prompt.text.key == "order-summary"
    done = await _finish(driver)
    assert done.data["phone"] == phone and done.data["save_phone"] is save


async def test_changing_the_phone_asks_again_before_the_summary(driver: Driver) -> None:
    await at(driver, "change")
    await driver.press("phone")
    asked = await driver.say(OTHER)
    assert isinstance(asked, Asked) and asked.prompt.text.key == "order-ask-save-phone"
    asked = await driver.press("no")
    assert isinstance(asked, Asked) and asked.prompt.text.key == "order-summary"
    assert (await _finish(driver)).data["phone"] == OTHER
