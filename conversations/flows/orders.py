"""Ordering a service (点单): category, service, details, where, visit, when, whom,
phone, confirm. A voice message answers the free-text steps, and one sent from the
menu starts a voice order: category -> service -> where -> confirm (`flows/voice.py`).

category -> service -> details -> where -(list)-> station -> point -> visit
                                    \\-(location | home)---------------> visit
visit -> ... -> when -> ... -> whom -> ... -> phone: `order_details` (at home or
at the station, the address, the part of the day, for whom)
phone -(a typed number, or someone else's contact)-> save_phone -> confirm
     \\-(own contact | saved number | skip)------------------------> confirm
confirm -(change)-> change -> <the step to change> -> confirm
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from conversations import parsers
from conversations.flows import voice
from conversations.flows.order_details import (
    DETAIL_STEPS,
    asks_day_part,
    by_phone,
    parse_when,
)
from conversations.model import (
    Answer,
    Choice,
    Data,
    Flow,
    FlowContext,
    Invalid,
    Step,
    Text,
)
from conversations.review import review_steps
from conversations.summary import order_summary_args
from domain.when import RELATIVE

WHEN_CHOICES = RELATIVE  # today, tomorrow, this week: stored as dates


async def categories(ctx: FlowContext, data: Data) -> list[Choice]:
    catalogue = await ctx.reference.catalogue()
    return [
        Choice(c.code, c.name.pick(ctx.locale))
        for c in catalogue.categories
        if catalogue.services_in(c.code)
    ]


async def services(ctx: FlowContext, data: Data) -> list[Choice]:
    catalogue = await ctx.reference.catalogue()
    return [
        Choice(str(s.id), s.name.pick(ctx.locale))
        for s in catalogue.services_in(data.get("category", ""))
    ]


async def where_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    choices = [Choice("list", Text("order-where-list"))]
    home = ctx.profile.home_site_id
    site = await ctx.reference.site(home) if home else None
    if site is not None:
        choices.insert(
            0, Choice("home", Text("order-where-home", {"site": site.name.pick(ctx.locale)}))
        )
    return choices


async def parse_where(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind == "location" and answer.location:
        lat, lon = answer.location
        point = await ctx.reference.nearest_point(lat, lon)
        if point is None:
            raise Invalid("order-hint-where")
        return {"site_id": point.id, "lat": lat, "lon": lon, "where": "location"}
    if answer.kind == "choice" and answer.value == "home" and ctx.profile.home_site_id:
        return {"site_id": ctx.profile.home_site_id, "lat": None, "lon": None, "where": "home"}
    if answer.kind == "choice" and answer.value == "list":
        return {"where": "list"}
    raise Invalid("order-hint-where")


async def stations(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice(str(s.id), s.name.pick(ctx.locale)) for s in await ctx.reference.stations()]


async def points(ctx: FlowContext, data: Data) -> list[Choice]:
    children = await ctx.reference.children(int(data.get("station", 0)))
    return [Choice(str(s.id), s.name.pick(ctx.locale)) for s in children]


async def parse_point(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    return {"site_id": int(answer.value), "lat": None, "lon": None}


async def when_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice(value, Text(f"when-{value}")) for value in WHEN_CHOICES]


async def phone_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    if ctx.profile.phone:
        return [Choice("saved", Text("order-phone-saved", {"phone": ctx.profile.phone}))]
    return []


_phone = parsers.phone("phone")


async def parse_phone(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    """The phone is this order's. Whether it also becomes the orderer's own saved
    number (`save_phone`) is decided here only when it plainly is theirs: their
    own Telegram contact (yes), their saved number or none (nothing to save).
    A typed number, or someone else's contact, may be the person being ordered
    for, so `save_phone` stays None and the next step asks."""
    changes = await _phone(ctx, data, answer)
    given = str(changes.get("phone") or "")
    save: bool | None = None
    if answer.kind == "contact" and answer.own_contact:
        save = given != ctx.profile.phone
    elif not given or given == ctx.profile.phone:
        save = False
    return {**changes, "save_phone": save}


def _asks_to_save(data: Data) -> bool:
    return data.get("save_phone") is None


async def save_phone_args(ctx: FlowContext, data: Data) -> dict[str, Any]:
    return {"phone": data.get("phone") or "-"}


async def save_phone_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [
        Choice("yes", Text("order-save-phone-yes")),
        Choice("no", Text("order-save-phone-no")),
    ]


async def parse_save_phone(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind != "choice":
        raise Invalid("flow-hint-buttons")
    return {"save_phone": answer.value == "yes"}


async def change_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    steps: tuple[str, ...] = CHANGEABLE_BY_PHONE if by_phone(data) else CHANGEABLE
    if voice.started(data):  # a voice order asks only what buttons can say
        steps = voice.CHANGEABLE
    return [Choice(step, Text(f"order-change-{step}")) for step in steps]


CHANGEABLE = ("category", "details", "where", "visit", "when", "whom", "phone")
# `/order for`: the beneficiary's details are the order's "for whom" and its phone.
CHANGEABLE_BY_PHONE = ("category", "details", "where", "visit", "when", "beneficiary_name")


def _after_where(data: Data) -> str:
    if data.get("where") == "list":
        return "station"
    return "confirm" if voice.started(data) else "visit"  # a voice order: only the place


def _after_when(data: Data) -> str:
    if asks_day_part(data):
        return "day_part"
    return "beneficiary_name" if by_phone(data) else "whom"


ORDER = Flow(
    name="order",
    cancel_text="order-cancelled",
    steps=(
        Step(
            "category",
            prompt="order-ask-category",
            choices=categories,
            parse=parsers.pick("category"),
            next="service",
            resumable=False,  # a new category needs a new service
        ),
        Step(
            "service",
            prompt="order-ask-service",
            choices=services,
            parse=parsers.pick("service_id", int),
            next=lambda d: "where" if voice.started(d) else "details",
            columns=1,
        ),
        Step(
            "details",
            prompt="order-ask-details",
            parse=parsers.text("details", max_len=500),
            next="where",
            skip=True,
        ),
        Step(
            "where",
            prompt="order-ask-where",
            choices=where_choices,
            parse=parse_where,
            next=_after_where,
            request="location",
            columns=1,
            resumable=lambda d: d.get("where") != "list",
        ),
        Step(
            "station",
            prompt="order-ask-station",
            choices=stations,
            parse=parsers.pick("station"),
            next="point",
            resumable=False,  # a station is half an answer: the point follows
        ),
        Step(
            "point",
            prompt="order-ask-point",
            choices=points,
            parse=parse_point,
            next=lambda d: "confirm" if voice.started(d) else "visit",
        ),
        Step(
            "when",
            prompt="order-ask-when",
            choices=when_choices,
            parse=parse_when,
            next=_after_when,
            columns=3,
            resumable=lambda d: not asks_day_part(d),  # the part of the day follows
        ),
        *DETAIL_STEPS,
        Step(
            "phone",
            prompt="order-ask-phone",
            choices=phone_choices,
            parse=parse_phone,
            next=lambda d: "save_phone" if _asks_to_save(d) else "confirm",
            skip=True,
            request="contact",
            columns=1,
            resumable=lambda d: not _asks_to_save(d),  # after a Change, still ask
        ),
        Step(
            "save_phone",
            prompt="order-ask-save-phone",
            prompt_args=save_phone_args,
            choices=save_phone_choices,
            parse=parse_save_phone,
            next="confirm",
            columns=1,
        ),
        *review_steps(
            "confirm",
            prompt="order-summary",
            prompt_args=order_summary_args,
            go=("confirm", "order-confirm"),
            change="order-change",
            parts=change_choices,
            parts_prompt="order-ask-change",
        ),
    ),
)
# At the free-text steps a voice message is an answer too (`conversations.flows.voice`).
ORDER = replace(ORDER, steps=voice.accepting(ORDER.steps))
