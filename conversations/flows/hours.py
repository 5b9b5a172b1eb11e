"""A volunteer types how long a task took, when none of the hour buttons fits.

hours -(a number of hours)-> done
"""

from __future__ import annotations

from conversations.model import END, Answer, Data, Flow, FlowContext, Invalid, Step
from domain.points import MAX_HOURS, valid_hours


async def parse_hours(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    raw = answer.text.strip().replace(",", ".").rstrip("hH小时 ")
    try:
        hours = float(raw)
    except ValueError:
        raise Invalid("hours-hint", max=MAX_HOURS) from None
    if answer.kind != "text" or not valid_hours(hours):
        raise Invalid("hours-hint", max=MAX_HOURS)
    return {"hours": hours}


HOURS = Flow(
    name="hours",
    cancel_text="hours-cancelled",
    steps=(Step("hours", prompt="hours-ask", parse=parse_hours, next=END),),
)
