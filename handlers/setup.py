"""Builds the router with every audience's handlers registered."""

from __future__ import annotations

from types import ModuleType

from conversations.flows import ALL_FLOWS
from handlers import (
    activities,
    activity_desk,
    activity_nearby,
    admin,
    applications,
    audit,
    broadcasts,
    candidates,
    catalog,
    certificates,
    checkin,
    common,
    complaints,
    coordinator,
    digests,
    exports,
    honour,
    household_members,
    household_shop,
    households,
    invites,
    ledger,
    posters,
    privacy,
    relay,
    resident,
    shop,
    stats,
    visits,
    voice,
    volunteers,
    wishes,
)
from handlers.kit.context import Services
from handlers.kit.router import Router

# Each registers its commands, presses and finishers; in any order (see `Router`).
MODULES: tuple[ModuleType, ...] = (
    common,
    resident,
    volunteers,
    applications,
    invites,
    coordinator,
    admin,
    catalog,
    privacy,
    audit,
    visits,
    activities,
    activity_desk,
    activity_nearby,
    complaints,
    relay,
    checkin,
    candidates,
    digests,
    ledger,
    shop,
    broadcasts,
    voice,
    wishes,
    stats,
    exports,
    posters,
    households,
    household_shop,
    household_members,
    honour,
    certificates,
)


def build_router(services: Services, modules: tuple[ModuleType, ...] = MODULES) -> Router:
    router = Router(services)
    for module in modules:
        module.register(router)
    if unhandled := router.unhandled():  # each would only ever answer "unknown button"
        names = sorted(t.__qualname__ for t in unhandled)
        raise RuntimeError(f"presses without a handler: {names}")
    if missing := router.unfinished(ALL_FLOWS):  # a flow's end would find nobody to store it
        raise RuntimeError(f"flows without a finisher: {[f.name for f in missing]}")
    return router
