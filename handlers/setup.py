"""Builds the router with every audience's handlers registered."""

from __future__ import annotations

from handlers import (
    admin,
    applications,
    audit,
    catalog,
    common,
    coordinator,
    invites,
    privacy,
    resident,
    volunteer,
)
from handlers.context import Services
from handlers.router import Router


def build_router(services: Services) -> Router:
    router = Router(services)
    # coordinator wraps /order and /cancel, so it comes after resident and common.
    for module in (common, resident, volunteer, applications, invites, coordinator, admin, catalog):
        module.register(router)
    privacy.register(router)
    audit.register(router)
    if unhandled := router.unhandled():  # each would only ever answer "unknown button"
        names = sorted(t.__qualname__ for t in unhandled)
        raise RuntimeError(f"presses without a handler: {names}")
    return router
