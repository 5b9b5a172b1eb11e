"""The order's own steps for where exactly, when in the day and for whom
(`domain.order_details`), and the words that say it back to the resident.

... point -> visit -(home)-> address -> when -(no part of the day typed)-> day_part
                  \\-(station)-----------> when ------------------------------> whom
whom -(someone else)-> beneficiary_name -> beneficiary_relation -> beneficiary_phone -> phone
    \\-(me)-------------------------------------------------------------------------> phone

A coordinator's `/order for` (`by_phone` in the data from the start) skips "whom"
and the orderer's phone: the beneficiary's details are asked, and their phone is
the order's.
"""

from __future__ import annotations

from datetime import date

from conversations import parsers
from conversations.model import SKIP, Answer, Choice, Data, FlowContext, Invalid, Step, Text
from domain import spoken_dates
from domain.order_details_models import (
    ADDRESS_MAX,
    NAME_MAX,
    RELATION_MAX,
    RELATIONS,
    Beneficiary,
    OrderDetails,
    Visit,
)
from domain.when import FAR, When, near

BY_PHONE = "by_phone"  # set by `/order for`: a coordinator takes the order for a resident


def by_phone(data: Data) -> bool:
    return bool(data.get(BY_PHONE))


# --- where: at home or at the station, and the house ----------------------------


async def visit_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice(v.value, Text(f"order-visit-{v.value}")) for v in Visit]


async def parse_visit(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind != "choice":
        raise Invalid("flow-hint-buttons")
    if answer.value == Visit.STATION:  # nothing of a house is kept for a visit to the station
        return {"visit": Visit.STATION.value, "address": "", "pin": None}
    return {"visit": Visit.HOME.value}


async def parse_address(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    """Typed (3号楼2单元301), or a location pin: its coordinates are the order's."""
    if answer.kind == "choice" and answer.value == SKIP:
        return {"address": "", "pin": None}
    if answer.kind == "location" and answer.location:
        return {"address": "", "pin": list(answer.location)}
    typed = answer.text.strip()
    if answer.kind != "text" or not typed:
        raise Invalid("order-hint-address")
    if len(typed) > ADDRESS_MAX:
        raise Invalid("flow-hint-too-long", max=ADDRESS_MAX)
    return {"address": typed, "pin": None}


# --- when: the day (typed in Chinese too), and the part of the day ---------------

_day = parsers.when("when")


async def parse_when(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    """A button, or a typed day that may carry its part or time ("明天上午",
    "12月3号下午3点"): then the part-of-day question is not asked."""
    if answer.kind != "text":
        return {**await _day(ctx, data, answer), "part_said": False}
    said = spoken_dates.time_of_day(answer.text)
    if said is None:
        raise Invalid("order-hint-time")
    if not said.said:
        return {**await _day(ctx, data, answer), "part_said": False}
    if not said.rest:
        raise Invalid("flow-hint-date")
    day = await _day(ctx, data, Answer("text", text=said.rest))
    return {**day, "day_part": said.part, "at_time": said.at, "part_said": True}


def asks_day_part(data: Data) -> bool:
    return not data.get("part_said")


async def day_part_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice(part, Text(f"order-part-{part}")) for part in spoken_dates.DAY_PARTS]


async def parse_day_part(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind == "choice":
        part = None if answer.value == SKIP else answer.value
        return {"day_part": part, "at_time": None}
    said = spoken_dates.time_of_day(answer.text) if answer.kind == "text" else None
    if said is None or not said.said or said.rest:
        raise Invalid("order-hint-time")
    return {"day_part": said.part, "at_time": said.at}


# --- for whom -------------------------------------------------------------------


async def whom_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice("me", Text("order-whom-me")), Choice("other", Text("order-whom-other"))]


async def parse_whom(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind != "choice":
        raise Invalid("flow-hint-buttons")
    if answer.value == "me":
        return {"whom": "me", "b_name": "", "b_relation": "", "b_phone": ""}
    return {"whom": "other"}


def asks_beneficiary(data: Data) -> bool:
    return by_phone(data) or data.get("whom") == "other"


async def relation_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice(code, Text(f"whom-relation-{code}")) for code in RELATIONS]


async def parse_relation(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind == "choice":
        return {"b_relation": answer.value}
    typed = answer.text.strip()
    if answer.kind != "text" or not typed:
        raise Invalid("order-hint-relation")
    if len(typed) > RELATION_MAX:
        raise Invalid("flow-hint-too-long", max=RELATION_MAX)
    return {"b_relation": typed}


_b_phone = parsers.phone("b_phone")


async def parse_beneficiary_phone(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    changes = await _b_phone(ctx, data, answer)
    if by_phone(data):  # taken by phone: the resident's number is the order's
        return {**changes, "phone": changes["b_phone"], "save_phone": False}
    return changes


DETAIL_STEPS = (
    Step(
        "visit",
        prompt="order-ask-visit",
        choices=visit_choices,
        parse=parse_visit,
        next=lambda d: "address" if d.get("visit") == Visit.HOME else "when",
        columns=2,
        resumable=lambda d: d.get("visit") != Visit.HOME,  # the house follows
    ),
    Step(
        "address",
        prompt="order-ask-address",
        parse=parse_address,
        next="when",
        skip=True,
        request="location",
        columns=1,
    ),
    Step(
        "day_part",
        prompt="order-ask-day-part",
        choices=day_part_choices,
        parse=parse_day_part,
        next=lambda d: "beneficiary_name" if by_phone(d) else "whom",
        skip=True,
        columns=3,
    ),
    Step(
        "whom",
        prompt="order-ask-whom",
        choices=whom_choices,
        parse=parse_whom,
        next=lambda d: "beneficiary_name" if asks_beneficiary(d) else "phone",
        columns=1,
        resumable=lambda d: not asks_beneficiary(d),
    ),
    Step(
        "beneficiary_name",
        prompt="order-ask-beneficiary-name",
        parse=parsers.text("b_name", max_len=NAME_MAX, skippable=False),
        next="beneficiary_relation",
        resumable=False,
    ),
    Step(
        "beneficiary_relation",
        prompt="order-ask-beneficiary-relation",
        choices=relation_choices,
        parse=parse_relation,
        next="beneficiary_phone",
        resumable=False,
    ),
    Step(
        "beneficiary_phone",
        prompt="order-ask-beneficiary-phone",
        parse=parse_beneficiary_phone,
        next=lambda d: "confirm" if by_phone(d) else "phone",
        skip=True,
        request="contact",
        columns=1,
    ),
)


# --- what the flow collected, and how it is said back ---------------------------


def details_from(data: Data, entered_by: int | None = None) -> OrderDetails:
    """The order's details as the flow collected them."""
    beneficiary = None
    if asks_beneficiary(data) and data.get("b_name"):
        beneficiary = Beneficiary(
            name=str(data["b_name"]),
            relation=str(data.get("b_relation") or ""),
            phone=data.get("b_phone") or None,
        )
    visit = data.get("visit")
    return OrderDetails(
        visit=Visit(visit) if visit else None,
        address=str(data.get("address") or ""),
        pinned=bool(data.get("pin")),
        day_part=data.get("day_part") or None,
        at_time=data.get("at_time") or None,
        beneficiary=beneficiary,
        entered_by=entered_by,
    )


def pin_of(data: Data) -> tuple[float, float] | None:
    pin = data.get("pin")
    return (float(pin[0]), float(pin[1])) if pin else None


def day_text(when: When, today: date | None) -> Text:
    """The day as the resident says it: 明天 12月2日（周三）, seen from `today` (the
    county's date when the message is sent), always with the date; a date further
    off as itself; this week's deadline as one. `today` None: a record read at any
    later time (/mydata), so the date alone."""
    seen = near(when.day, today) if today is not None and not when.by else FAR
    if seen == FAR:
        return Text("visit-day-on", {"date": when})
    return Text(f"visit-day-{seen}", {"date": when})


def visit_text(
    details: OrderDetails,
    when: When | None,
    place: str,
    today: date | None,
    who: str | None = None,
) -> Text:
    """Who comes, when and where, in the resident's words: "王秀英 明天 12月2日（周三）
    上午 上门，地址：3号楼2单元". `who` None: "a volunteer" (not known yet)."""
    part: Text | None = None
    if details.at_time:
        part = Text("visit-at-time", {"time": details.at_time})
    elif details.day_part:
        part = Text(f"order-part-{details.day_part}")
    if details.visit is Visit.HOME:
        if details.address:
            where = Text("visit-home-address", {"address": details.address})
        elif details.pinned:
            where = Text("visit-home-pinned")
        else:
            where = Text("visit-home")
    elif details.visit is Visit.STATION:
        where = Text("visit-station", {"place": place})
    else:
        where = Text("visit-place", {"place": place})
    args = {
        "who": who if who else Text("visit-who-volunteer"),
        "day": day_text(when, today) if when else "",
        "where": where,
    }
    if part is None:
        return Text("visit-line-plain", args)
    return Text("visit-line", {**args, "part": part})


def whom_text(details: OrderDetails) -> Text:
    """For whom, in the summary: you, or 王奶奶（母亲）, with their phone."""
    who = details.beneficiary
    if who is None:
        return Text("order-for-me")
    relation: Text | str = (
        Text(f"whom-relation-{who.relation}") if who.relation in RELATIONS else who.relation
    )
    if not who.phone:  # none given: no "phone: -" for the volunteer to wonder at
        return Text("order-for-other-no-phone", {"name": who.name, "relation": relation})
    return Text("order-for-other", {"name": who.name, "relation": relation, "phone": who.phone})
