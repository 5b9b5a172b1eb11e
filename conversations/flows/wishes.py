"""The wish wall (心愿墙, `domain.wishes`): a resident's wish, and a coordinator's
decision on it.

WISH:         what (typed or said) -> where -(list)-> station -> point -> done
                                          \\-(location | home)-----------> done
WISH_APPROVE: category -> team -> service -> how (order | post) -> done

Both ways the wish becomes an order of that service: placed and offered at once
("order"), or when the first of the team's volunteers claims it ("post").
WISH_REJECT:  reason (typed) -> done

`WISH_APPROVE` starts with the teams the wish may go to in its data (`teams`:
[[id, name, category], ...], from `WishDesk.deciding`), as flows read no tables.
"""

from __future__ import annotations

from typing import Any

from conversations import parsers
from conversations.flows.orders import parse_point, parse_where, points, stations, where_choices
from conversations.model import END, Answer, Choice, Data, Flow, FlowContext, Invalid, Step, Text
from domain.wish_models import REASON_MAX, WISH_MAX

# --- the resident's wish ----------------------------------------------------------


async def parse_what(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind == "voice" and answer.file_id:
        return {"text": answer.caption.strip()[:WISH_MAX], "voice": answer.file_id}
    typed = answer.text.strip()
    if answer.kind != "text" or not typed:
        raise Invalid("wish-hint-what")
    if len(typed) > WISH_MAX:
        raise Invalid("flow-hint-too-long", max=WISH_MAX)
    return {"text": typed, "voice": None}


WISH = Flow(
    name="wish",
    cancel_text="wish-cancelled",
    steps=(
        Step("what", prompt="wish-ask-what", parse=parse_what, next="where"),
        Step(
            "where",
            prompt="wish-ask-where",
            choices=where_choices,
            parse=parse_where,
            next=lambda d: "station" if d.get("where") == "list" else END,
            request="location",
            columns=1,
        ),
        Step(
            "station",
            prompt="order-ask-station",
            choices=stations,
            parse=parsers.pick("station"),
            next="point",
        ),
        Step("point", prompt="order-ask-point", choices=points, parse=parse_point, next=END),
    ),
)


# --- a coordinator approves ---------------------------------------------------------


def _teams(data: Data) -> list[tuple[int, str, str]]:
    return [(int(t[0]), str(t[1]), str(t[2])) for t in data.get("teams") or []]


async def category_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    catalogue = await ctx.reference.catalogue()
    served = {category for _, _, category in _teams(data)}
    return [
        Choice(c.code, c.name.pick(ctx.locale))
        for c in catalogue.categories
        if c.code in served and catalogue.services_in(c.code)  # it becomes an order of one
    ]


async def team_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    wanted = data.get("category")
    return [Choice(str(i), name) for i, name, category in _teams(data) if category == wanted]


async def how_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice("order", Text("wish-how-order")), Choice("post", Text("wish-how-post"))]


async def service_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    catalogue = await ctx.reference.catalogue()
    return [
        Choice(str(s.id), s.name.pick(ctx.locale))
        for s in catalogue.services_in(str(data.get("category") or ""))
    ]


async def wish_args(ctx: FlowContext, data: Data) -> dict[str, Any]:
    return {"id": data["wish_id"]}


WISH_APPROVE = Flow(
    name="wish_approve",
    cancel_text="wish-decide-cancelled",
    steps=(
        Step(
            "category",
            prompt="wish-ask-category",
            prompt_args=wish_args,
            choices=category_choices,
            parse=parsers.pick("category"),
            next="team",
        ),
        Step(
            "team",
            prompt="wish-ask-team",
            choices=team_choices,
            parse=parsers.pick("team_id", int),
            next="service",
            columns=1,
        ),
        Step(
            "service",
            prompt="wish-ask-service",
            choices=service_choices,
            parse=parsers.pick("service_id", int),
            next="how",
            columns=1,
        ),
        Step(
            "how",
            prompt="wish-ask-how",
            choices=how_choices,
            parse=parsers.pick("how"),
            next=END,
            columns=1,
        ),
    ),
)


# --- a coordinator rejects ----------------------------------------------------------


async def parse_reason(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    words = " ".join(answer.text.split())
    if answer.kind != "text" or not words:
        raise Invalid("wish-hint-reason")
    return {"reason": words[:REASON_MAX]}


WISH_REJECT = Flow(
    name="wish_reject",
    cancel_text="wish-decide-cancelled",
    steps=(
        Step(
            "reason",
            prompt="wish-ask-reason",
            prompt_args=wish_args,
            parse=parse_reason,
            next=END,
        ),
    ),
)
