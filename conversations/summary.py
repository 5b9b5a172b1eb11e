"""Words for an order's summary, shared by the confirm step and order listings."""

from __future__ import annotations

from typing import Any

from conversations.model import Data, FlowContext
from domain.when import When


async def order_summary_args(ctx: FlowContext, data: Data) -> dict[str, Any]:
    catalogue = await ctx.reference.catalogue()
    service = catalogue.service(int(data.get("service_id", 0)))
    site = await ctx.reference.site(int(data.get("site_id", 0)))
    return {
        "service": service.name.pick(ctx.locale) if service else "?",
        "details": data.get("details") or "-",
        "place": site.name.pick(ctx.locale) if site else "?",
        # Put into words by the handler, as every date is (`handlers.kit.render.when_text`).
        "when": When.decode(str(data["when"]), ctx.today) if data.get("when") else "-",
        "phone": data.get("phone") or "-",
    }
