"""Moves that bring the order flow to each of its steps, shared by the order-flow tests."""

from __future__ import annotations

from typing import Any

from conversations.model import Asked
from tests.unit.fakes import Driver

HERE = (39.901, 116.401)  # next to East One (101)
PHONE = "13900001234"  # typed as stored (national digits); not the profile's own number
Moves = list[tuple[str, Any]]

TO: dict[str, Moves] = {"category": []}
TO["service"] = [("press", "culture")]
TO["details"] = [*TO["service"], ("press", "1")]
TO["where"] = [*TO["details"], ("say", "walker needed")]
TO["station"] = [*TO["where"], ("say", "order-where-list")]
TO["point"] = [*TO["station"], ("press", "10")]
TO["visit"] = [*TO["where"], ("locate", HERE)]
TO["address"] = [*TO["visit"], ("press", "home")]
TO["when"] = [*TO["address"], ("say", "3号楼2单元301")]
TO["day_part"] = [*TO["when"], ("press", "tomorrow")]
TO["whom"] = [*TO["day_part"], ("press", "morning")]
TO["beneficiary_name"] = [*TO["whom"], ("press", "other")]
TO["beneficiary_relation"] = [*TO["beneficiary_name"], ("say", "王奶奶")]
TO["beneficiary_phone"] = [*TO["beneficiary_relation"], ("press", "parent")]
TO["phone"] = [*TO["whom"], ("press", "me")]
TO["save_phone"] = [*TO["phone"], ("say", PHONE)]  # a typed number: whose is it?
TO["confirm"] = [*TO["save_phone"], ("press", "no")]
TO["change"] = [*TO["confirm"], ("press", "change")]

PROMPTS = {
    "category": "order-ask-category",
    "service": "order-ask-service",
    "details": "order-ask-details",
    "where": "order-ask-where",
    "station": "order-ask-station",
    "point": "order-ask-point",
    "when": "order-ask-when",
    "visit": "order-ask-visit",
    "address": "order-ask-address",
    "day_part": "order-ask-day-part",
    "whom": "order-ask-whom",
    "beneficiary_name": "order-ask-beneficiary-name",
    "beneficiary_relation": "order-ask-beneficiary-relation",
    "beneficiary_phone": "order-ask-beneficiary-phone",
    "phone": "order-ask-phone",
    "save_phone": "order-ask-save-phone",
    "confirm": "order-summary",
    "change": "order-ask-change",
}


async def at(driver: Driver, step: str) -> None:
    assert isinstance(await driver.start("order"), Asked)
    await driver.run(TO[step])
    assert await driver.step() == step
