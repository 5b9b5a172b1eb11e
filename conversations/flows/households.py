"""A grader awards a household civility points (乡风文明积分), or deducts some.

household -(a household's button)-> rule -(an act's button)-> note -> done
AWARD: the note is optional (a photo with a caption, or words; Skip).
DEDUCT: the note is the reason, and needed ("red and black list").

The households and rules offered are put in the flow's data by the handler that
starts it (`households`: [id, head's name, point's zh, point's en]; `rules`: [code,
zh, en, points]); the award itself is checked again by `domain.households`.
"""

from __future__ import annotations

from conversations.model import (
    END,
    SKIP,
    Answer,
    Choice,
    Data,
    Flow,
    FlowContext,
    Invalid,
    Parser,
    Step,
)
from domain.household_models import NOTE_MAX
from domain.models import LocalName


async def households(ctx: FlowContext, data: Data) -> list[Choice]:
    return [
        Choice(str(hid), f"{name} · {LocalName(zh, en).pick(ctx.locale)}")
        for hid, name, zh, en in data.get("households", [])
    ]


async def parse_household(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    offered = {str(h[0]) for h in data.get("households", [])}
    if answer.kind != "choice" or answer.value not in offered:
        raise Invalid("households-hint-pick")
    return {"household_id": int(answer.value)}


async def rules(ctx: FlowContext, data: Data) -> list[Choice]:
    return [
        Choice(code, f"{LocalName(zh, en).pick(ctx.locale)} ({points:+d})")
        for code, zh, en, points in data.get("rules", [])
    ]


async def parse_rule(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    offered = {str(r[0]) for r in data.get("rules", [])}
    if answer.kind != "choice" or answer.value not in offered:
        raise Invalid("households-hint-pick")
    return {"rule": answer.value}


def _note(required: bool) -> Parser:
    async def parse(ctx: FlowContext, data: Data, answer: Answer) -> Data:
        if not required and answer.kind == "choice" and answer.value == SKIP:
            return {"note": "", "photo": None}
        if answer.kind == "photo" and answer.file_id:
            note = answer.caption.strip()
            if required and not note:
                raise Invalid("households-hint-reason")
            return {"note": note[:NOTE_MAX], "photo": answer.file_id}
        typed = answer.text.strip()
        if answer.kind != "text" or not typed:
            raise Invalid("households-hint-reason" if required else "households-hint-note")
        if len(typed) > NOTE_MAX:
            raise Invalid("flow-hint-too-long", max=NOTE_MAX)
        return {"note": typed, "photo": None}

    return parse


def _flow(name: str, required: bool) -> Flow:
    return Flow(
        name=name,
        cancel_text="households-cancelled",
        steps=(
            Step(
                "household",
                prompt="households-ask-household",
                choices=households,
                parse=parse_household,
                next="rule",
                columns=1,
            ),
            Step(
                "rule",
                prompt="households-ask-rule",
                choices=rules,
                parse=parse_rule,
                next="note",
                columns=1,
            ),
            Step(
                "note",
                prompt="households-ask-reason" if required else "households-ask-note",
                parse=_note(required),
                next=END,
                skip=not required,
            ),
        ),
    )


AWARD = _flow("award", required=False)
DEDUCT = _flow("deduct", required=True)
