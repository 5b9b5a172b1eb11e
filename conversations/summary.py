"""Words for an order's summary, shared by the confirm step and order listings."""

from __future__ import annotations

from typing import Any

from conversations.flows.order_details import details_from, visit_text, whom_text
from conversations.model import Data, FlowContext
from domain.when import When


async def order_summary_args(ctx: FlowContext, data: Data) -> dict[str, Any]:
    catalogue = await ctx.reference.catalogue()
    service = catalogue.service(int(data.get("service_id", 0)))
    site = await ctx.reference.site(int(data.get("site_id", 0)))
    place = site.name.pick(ctx.locale) if site else "?"
    when = When.decode(str(data["when"]), ctx.today) if data.get("when") else None
    details = details_from(data)
    return {
        "service": service.name.pick(ctx.locale) if service else "?",
        "details": data.get("details") or "-",
        "place": place,
        # Put into words by the handler, as every date is (`handlers.kit.render.when_text`).
        "when": when or "-",
        "phone": data.get("phone") or "-",
        # Who comes, when and where, in the resident's words; and for whom.
        "visit": visit_text(details, when, place, ctx.today),
        "whom": whom_text(details),
    }
