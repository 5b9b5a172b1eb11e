"""The order's visit, part of the day and for-whom steps
(conversations/flows/order_details.py), driven through the Engine, and the words
that say them back (who comes, when, where)."""

from __future__ import annotations

from datetime import date

from conversations.flows.order_details import BY_PHONE, details_from, visit_text, whom_text
from conversations.model import Asked, Finished, Text
from domain.order_details_models import Beneficiary, OrderDetails, Visit
from domain.when import When
from tests.unit.fakes import KEY, Driver
from tests.unit.order_paths import HERE, TO, at

TODAY = date(2026, 1, 5)  # the unit tests' county today (a Monday)


async def test_at_the_station_asks_no_address(driver: Driver) -> None:
    await at(driver, "visit")
    await driver.press("station")
    assert await driver.step() == "when"


async def test_a_location_pin_for_the_house_is_kept(driver: Driver) -> None:
    await at(driver, "address")
    await driver.locate(39.905, 116.41)
    state = await driver.state()
    assert state is not None and state.data["pin"] == [39.905, 116.41]
    assert details_from(state.data).pinned


async def test_the_address_may_be_skipped(driver: Driver) -> None:
    await at(driver, "address")
    await driver.press("_skip")
    state = await driver.state()
    assert state is not None and state.step == "when" and state.data["address"] == ""


async def test_a_typed_day_with_its_part_skips_the_part_question(driver: Driver) -> None:
    await at(driver, "when")
    await driver.say("一月九号下午三点")
    state = await driver.state()
    assert state is not None and state.step == "whom"
    assert state.data["when"] == "2026-01-09"
    assert (state.data["day_part"], state.data["at_time"]) == ("afternoon", "15:00")


async def test_a_typed_chinese_day_alone_asks_the_part(driver: Driver) -> None:
    await at(driver, "when")
    await driver.say("下周三")
    state = await driver.state()
    assert state is not None and state.step == "day_part"
    assert state.data["when"] == "2026-01-14"
    await driver.say("晚上7点")
    state = await driver.state()
    assert state is not None and state.step == "whom"
    assert (state.data["day_part"], state.data["at_time"]) == ("evening", "19:00")


async def test_a_time_that_is_no_time_gets_a_hint(driver: Driver) -> None:
    await at(driver, "day_part")
    asked = await driver.say("随便")
    assert isinstance(asked, Asked) and asked.hint == Text("order-hint-time")
    asked = await driver.say("25点")
    assert isinstance(asked, Asked) and asked.hint == Text("order-hint-time")


async def test_for_someone_else_asks_name_relation_and_phone(driver: Driver) -> None:
    await at(driver, "beneficiary_phone")
    await driver.say("13900005678")
    assert await driver.step() == "phone"
    await driver.run([("press", "_skip")])
    done = await driver.press("confirm")
    assert isinstance(done, Finished)
    details = details_from(done.data)
    assert details.beneficiary == Beneficiary("王奶奶", "parent", "13900005678")
    assert details.visit is Visit.HOME and details.address == "3号楼2单元301"


async def test_a_typed_relation_is_kept_as_typed(driver: Driver) -> None:
    await at(driver, "beneficiary_relation")
    await driver.say("舅舅")
    state = await driver.state()
    assert state is not None and state.data["b_relation"] == "舅舅"


async def test_taken_by_phone_skips_whom_and_the_orderers_phone(driver: Driver) -> None:
    assert isinstance(await driver.engine.start(KEY, driver.ctx, "order", {BY_PHONE: True}), Asked)
    await driver.run([*TO["where"][:], ("locate", HERE), ("press", "station"), ("press", "today")])
    await driver.press("morning")
    assert await driver.step() == "beneficiary_name"
    await driver.run([("say", "李大爷"), ("press", "neighbour"), ("say", "13900007777")])
    assert await driver.step() == "confirm"
    done = await driver.press("confirm")
    assert isinstance(done, Finished)
    assert done.data["phone"] == "13900007777" and done.data["save_phone"] is False
    details = details_from(done.data, entered_by=42)
    assert details.entered_by == 42 and details.beneficiary is not None
    assert details.beneficiary.name == "李大爷"


def test_the_visit_line_says_who_when_and_where() -> None:
    details = OrderDetails(Visit.HOME, "3号楼2单元", day_part="morning")
    line = visit_text(details, When(date(2026, 1, 6)), "East One", TODAY, who="王秀英")
    assert line == Text(
        "visit-line",
        {
            "who": "王秀英",
            "day": Text("visit-day-tomorrow", {"date": When(date(2026, 1, 6))}),
            "part": Text("order-part-morning"),
            "where": Text("visit-home-address", {"address": "3号楼2单元"}),
        },
    )


def test_the_visit_line_at_the_station_names_the_point_and_a_time() -> None:
    details = OrderDetails(Visit.STATION, at_time="15:00", day_part="afternoon")
    line = visit_text(details, When(date(2026, 1, 9)), "East One", TODAY)
    assert line.key == "visit-line"
    assert line.args["who"] == Text("visit-who-volunteer")
    assert line.args["part"] == Text("visit-at-time", {"time": "15:00"})
    assert line.args["where"] == Text("visit-station", {"place": "East One"})
    assert line.args["day"] == Text("visit-day-on", {"date": When(date(2026, 1, 9))})


def test_whom_names_the_relation_by_its_words() -> None:
    other = OrderDetails(beneficiary=Beneficiary("王奶奶", "parent", None))
    assert whom_text(other).args["relation"] == Text("whom-relation-parent")
    typed = OrderDetails(beneficiary=Beneficiary("老李", "舅舅", "13900001111"))
    assert whom_text(typed).args == {"name": "老李", "relation": "舅舅", "phone": "13900001111"}
    assert whom_text(OrderDetails()) == Text("order-for-me")
