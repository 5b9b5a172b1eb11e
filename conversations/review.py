"""The last two steps of a flow that is reviewed before it is sent: a summary with
"go" / "change" buttons, and "which part?", whose answer is asked again before the
summary comes back (`Revisit`). An order's confirmation and an activity's preview
are both this pair; only their words, their parts and their "go" differ.

    *review_steps("confirm", prompt="order-summary", prompt_args=order_summary_args,
                  go=("confirm", "order-confirm"), change="order-change",
                  parts=change_choices, parts_prompt="order-ask-change")
"""

from __future__ import annotations

from conversations import parsers
from conversations.model import (
    END,
    Answer,
    Choice,
    Choices,
    Data,
    FlowContext,
    Invalid,
    PromptArgs,
    Revisit,
    Step,
    Text,
)

CHANGE = "change"  # the summary's other answer, and the "which part?" step's name


def review_steps(
    name: str,
    *,
    prompt: str,
    prompt_args: PromptArgs,
    go: tuple[str, str],
    change: str,
    parts: Choices,
    parts_prompt: str,
) -> tuple[Step, Step]:
    """The summary step ``name`` (``go`` is its answer that ends the flow and that
    button's text key; ``change`` the other button's) and the "which part?" step,
    whose ``parts`` are the names of the steps that may be asked again."""
    go_answer, go_text = go

    async def summary_choices(ctx: FlowContext, data: Data) -> list[Choice]:
        return [Choice(go_answer, Text(go_text)), Choice(CHANGE, Text(change))]

    summary = Step(
        name,
        prompt=prompt,
        prompt_args=prompt_args,
        choices=summary_choices,
        parse=parsers.pick("_answer"),
        next=lambda d: END if d.get("_answer") == go_answer else CHANGE,
    )
    which_part = Step(
        CHANGE,
        prompt=parts_prompt,
        choices=parts,
        parse=_pick_part,
        next=Revisit(then=name),
        columns=1,
        resumable=False,
    )
    return summary, which_part


async def _pick_part(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind != "choice":
        raise Invalid("flow-hint-buttons")
    return {}  # the engine takes the chosen step (`Revisit`)
