"""Fixtures for the pure unit tier; the doubles themselves live in `fakes.py`."""

from __future__ import annotations

import pytest

from conversations.engine import Engine
from conversations.flows import ALL_FLOWS
from conversations.model import FlowContext
from domain.clock import ManualClock
from tests.unit.fakes import (
    ENGINE_TTL,
    PROFILE,
    STORE_TTL,
    Driver,
    FakeReference,
    GatedStore,
    label,
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def store(clock: ManualClock) -> GatedStore:
    return GatedStore(STORE_TTL, clock)


@pytest.fixture
def engine(store: GatedStore, clock: ManualClock) -> Engine:
    return Engine(store, ALL_FLOWS, clock, ENGINE_TTL, label)


@pytest.fixture
def ctx(clock: ManualClock) -> FlowContext:
    return FlowContext("en", PROFILE, FakeReference(), clock.now().date())


@pytest.fixture
def driver(engine: Engine, store: GatedStore, ctx: FlowContext) -> Driver:
    return Driver(engine, store, ctx)
