"""Builds the router with every audience's handlers registered."""

from __future__ import annotations

from handlers import applications, common, coordinator, resident, volunteer
from handlers.context import Services
from handlers.router import Router


def build_router(services: Services) -> Router:
    router = Router(services)
    for module in (common, resident, volunteer, applications, coordinator):
        module.register(router)
    return router
