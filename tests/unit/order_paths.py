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
TO["when"] = [*TO["where"], ("locate", HERE)]
TO["phone"] = [*TO["when"], ("press", "tomorrow")]
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
    "phone": "order-ask-phone",
    "save_phone": "order-ask-save-phone",
    "confirm": "order-summary",
    "change": "order-ask-change",
}


async def at(driver: Driver, step: str) -> None:
    assert isinstance(await driver.start("order"), Asked)
    await driver.run(TO[step])
    assert await driver.step() == step
