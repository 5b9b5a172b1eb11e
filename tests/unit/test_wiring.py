"""The router's wiring holds whatever order the modules register in: every flow
has its finisher, and a command's handlers are chosen by argument shape, not by
who registered last. Registering touches no service, so none is built."""

from __future__ import annotations

import dataclasses
from types import ModuleType
from typing import cast

import pytest

from conversations.flows import ALL_FLOWS, ORDER
from handlers import common, coordinator, resident
from handlers.kit.context import Ctx, Services
from handlers.kit.router import Args, Router
from handlers.setup import MODULES, build_router

NO_SERVICES = cast(Services, None)


def wiring(router: Router) -> dict[str, object]:
    """Everything routing depends on, by the handlers' names (closures differ per router)."""
    return {
        "commands": {
            (name, shape): handler.__qualname__
            for name, shapes in router.commands.items()
            for shape, handler in shapes.items()
        },
        "buttons": {press: h.__qualname__ for press, h in router.buttons.items()},
        "finishers": {name: h.__qualname__ for name, h in router.finishers.items()},
        "hooks": [h.__qualname__ for h in router.hooks],
        "outside": [(rank, h.__qualname__) for rank, h in router.outside],
    }


def test_every_flow_has_its_finisher() -> None:
    router = build_router(NO_SERVICES)
    assert router.unfinished(ALL_FLOWS) == []
    assert set(router.finishers) == {flow.name for flow in ALL_FLOWS}


def test_a_finisher_for_a_lookalike_flow_does_not_finish_the_real_one() -> None:
    async def place(ctx: Ctx, finished: object) -> None: ...

    router = Router(NO_SERVICES)
    router.finisher(dataclasses.replace(ORDER), place)  # same name, another object
    assert router.unfinished([ORDER]) == [ORDER]


def test_a_second_finisher_for_a_flow_is_refused() -> None:
    router = Router(NO_SERVICES)
    router.finisher(ORDER, resident.place)
    with pytest.raises(ValueError, match="already has a finisher"):
        router.finisher(ORDER, resident.save_comment)


def test_reversing_the_registration_order_changes_nothing() -> None:
    forward = build_router(NO_SERVICES)
    backward = build_router(NO_SERVICES, tuple(reversed(MODULES)))
    assert wiring(backward) == wiring(forward)


@pytest.mark.parametrize("modules", [MODULES, tuple(reversed(MODULES))], ids=["fwd", "rev"])
@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("order", "", resident.order),
        ("order", "soon", resident.order),
        ("order", "12", coordinator.order_history),
        ("cancel", "", common.cancel),
        ("cancel", "please", common.cancel),
        ("cancel", "12 the resident moved", coordinator.cancel_order),
        ("cancel", "12", coordinator.cancel_order),  # which then says how to use it
        ("assign", "12 34", coordinator.assign),  # no numbered form: the one for any
    ],
)
def test_order_and_cancel_pick_their_form_by_argument_whoever_registered_first(
    modules: tuple[ModuleType, ...], name: str, args: str, expected: object
) -> None:
    router = build_router(NO_SERVICES, modules)
    assert router.resolve(name, args) is expected


def test_a_second_handler_for_the_same_command_and_shape_is_refused() -> None:
    router = Router(NO_SERVICES)
    router.command("cancel", common.cancel)
    router.command("cancel", coordinator.cancel_order, Args.NUMBERED)
    with pytest.raises(ValueError, match="already has a handler"):
        router.command("cancel", resident.order)
    with pytest.raises(ValueError, match="already has a handler"):
        router.command("cancel", resident.order, Args.NUMBERED)


def test_an_unknown_command_resolves_to_nothing() -> None:
    assert build_router(NO_SERVICES).resolve("nosuch", "12") is None
