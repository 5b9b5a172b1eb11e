"""A coordinator says why an application is rejected: a common reason, or typed words.

reason -(a reason button | text)-> done
"""

from __future__ import annotations

from typing import Any

from conversations.model import END, Answer, Choice, Data, Flow, FlowContext, Invalid, Step, Text
from domain.models import REASON_MAX, REJECT_REASONS


async def reasons(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice(code, Text(f"reject-reason-{code}")) for code in REJECT_REASONS]


async def parse_reason(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind == "choice":  # the engine checked it is one of `reasons`
        return {"reason_code": answer.value}
    words = " ".join(answer.text.split())
    if answer.kind != "text" or not words:
        raise Invalid("reject-reason-hint")
    return {"reason": words[:REASON_MAX]}


async def reason_args(ctx: FlowContext, data: Data) -> dict[str, Any]:
    return {"id": data["application_id"]}


REJECT = Flow(
    name="reject",
    cancel_text="reject-cancelled",
    steps=(
        Step(
            "reason",
            prompt="reject-reason-ask",
            parse=parse_reason,
            next=END,
            choices=reasons,
            prompt_args=reason_args,
            columns=1,
        ),
    ),
)
