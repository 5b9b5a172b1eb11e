"""A coordinator's broadcast (群发): who to, then the words; the preview follows.

audience -(subtree)---------------> text
         -(team)-> team ----------> text
         -(residents)-> days -----> text -> done (the preview: Send / Cancel)

The teams offered are those at the coordinator's sites, put in the flow's data by
the handler that starts it (`teams`: [id, name_zh, name_en]); a team not among the
buttons may be typed by its code. Who may reach whom is checked again when the
broadcast is drafted.
"""

from __future__ import annotations

from conversations import parsers
from conversations.model import END, Answer, Choice, Data, Flow, FlowContext, Invalid, Step, Text
from domain.broadcasts import MAX_DAYS, TEXT_MAX
from domain.models import LocalName

AUDIENCES = ("subtree", "team", "residents")
DAYS = ("7", "30", "90")


async def audiences(ctx: FlowContext, data: Data) -> list[Choice]:
    kinds = AUDIENCES if data.get("teams") else ("subtree", "residents")
    return [Choice(kind, Text(f"broadcast-audience-{kind}")) for kind in kinds]


def _after_audience(data: Data) -> str:
    return {"team": "team", "residents": "days"}.get(str(data.get("audience")), "text")


async def teams(ctx: FlowContext, data: Data) -> list[Choice]:
    return [
        Choice(str(team_id), LocalName(zh, en).pick(ctx.locale))
        for team_id, zh, en in data.get("teams", [])
    ]


async def parse_team(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind == "choice":
        return {"team_id": int(answer.value), "team_code": None}
    code = answer.text.strip()
    if answer.kind != "text" or not code or len(code) > 64:
        raise Invalid("broadcast-team-hint")
    return {"team_id": None, "team_code": code}


async def days(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice(d, Text("broadcast-days-n", {"days": int(d)})) for d in DAYS]


async def parse_days(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    raw = answer.value if answer.kind == "choice" else answer.text.strip()
    if answer.kind not in ("choice", "text") or not raw.isdigit():
        raise Invalid("broadcast-days-hint", max=MAX_DAYS)
    value = int(raw)
    if not 0 < value <= MAX_DAYS:
        raise Invalid("broadcast-days-hint", max=MAX_DAYS)
    return {"days": value}


BROADCAST = Flow(
    name="broadcast",
    cancel_text="broadcast-cancelled",
    steps=(
        Step(
            "audience",
            prompt="broadcast-ask-audience",
            choices=audiences,
            parse=parsers.pick("audience"),
            next=_after_audience,
            columns=1,
        ),
        Step(
            "team",
            prompt="broadcast-ask-team",
            choices=teams,
            parse=parse_team,
            next="text",
            columns=1,
        ),
        Step(
            "days",
            prompt="broadcast-ask-days",
            choices=days,
            parse=parse_days,
            next="text",
            columns=3,
        ),
        Step(
            "text",
            prompt="broadcast-ask-text",
            parse=parsers.text("text", max_len=TEXT_MAX, skippable=False),
            next=END,
        ),
    ),
)
