"""The deadline kind registry, and the sweeper's check that every outcome is told."""

from __future__ import annotations

import pytest

from bot.sweeper import Notifiers
from domain.clock import ManualClock
from domain.deadlines import DeadlineKinds, DuplicateKind
from domain.models import Deadline
from domain.offers import WAVE, Dispatched, Dispatcher, Policy
from domain.ports.database import Tx
from handlers.kit.context import Services


async def _nothing(tx: Tx, deadline: Deadline) -> Dispatched | None:
    return None


async def _tell(services: Services, outcome: object) -> None:
    return None


def _order_kinds() -> DeadlineKinds:
    kinds = DeadlineKinds()
    Dispatcher(ManualClock(), Policy()).register(kinds)
    return kinds


def test_the_registry_refuses_a_second_handler_for_one_kind() -> None:
    kinds = _order_kinds()
    with pytest.raises(DuplicateKind):
        kinds.register(WAVE, Dispatched, _nothing)
    with pytest.raises(DuplicateKind):
        Dispatcher(ManualClock(), Policy()).register(kinds)
    handler = kinds.get(WAVE)
    assert handler is not None and handler.handler.__name__ == "_wave_due"  # the first stays


def test_a_kind_name_must_fit_the_column() -> None:
    kinds = DeadlineKinds()
    with pytest.raises(ValueError):
        kinds.register("report." + "x" * 26, Dispatched, _nothing)
    with pytest.raises(ValueError):
        kinds.register("", Dispatched, _nothing)
    kinds.register("report." + "x" * 25, Dispatched, _nothing)
    assert "report." + "x" * 25 in kinds


def test_the_order_kinds_are_dotted_and_return_dispatched() -> None:
    kinds = _order_kinds()
    assert all(kind.name.startswith("order.") for kind in kinds)
    assert kinds.outcomes() == {Dispatched}


class Report:
    """An outcome type no notifier tells."""


def test_the_sweeper_refuses_a_kind_whose_outcome_nobody_tells() -> None:
    kinds = _order_kinds()

    async def sla(tx: Tx, deadline: Deadline) -> Report | None:
        return None

    kinds.register("report.sla", Report, sla)
    notifiers = Notifiers().add(Dispatched, _tell)
    with pytest.raises(ValueError, match=r"report\.sla"):
        notifiers.require(kinds)
    notifiers.add(Report, _tell)
    notifiers.require(kinds)
    assert notifiers.get(Report()) is _tell


def test_a_notifier_is_chosen_by_the_outcomes_type_or_its_nearest_base() -> None:
    class SlaMissed(Report):
        pass

    async def tell_report(services: Services, outcome: Report) -> None:
        return None

    notifiers = Notifiers().add(Dispatched, _tell).add(Report, tell_report)
    assert notifiers.get(SlaMissed()) is tell_report
    assert notifiers.get(object()) is None
    with pytest.raises(ValueError):
        notifiers.add(Report, tell_report)
