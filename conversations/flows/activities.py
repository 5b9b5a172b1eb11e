"""Publishing an activity (`/activity new`): title, category, team, site, venue, times,
quotas, who may see it, a poster, then a preview to publish.

title -> title_en -> category -> team -> site -> venue -> start -> length
      -> volunteers -> residents -> visibility -> poster -> preview
preview -(change)-> change -> <the step to change> -> preview

The handler starts it with the teams the coordinator may publish for (`teams`:
[id, category, site id, name zh, name en]); times are kept as the county's local
wall time ("2026-12-05T14:00"), turned into instants by the handler's finisher.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from conversations import parsers
from conversations.model import (
    END,
    SKIP,
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
from domain.activity_models import Visibility

TITLE_MAX = 60
MAX_DAYS_AHEAD = 180
QUOTA_MAX = 10_000
LENGTHS = ("1", "2", "3", "4")  # hours
VOLUNTEER_QUOTAS = ("0", "2", "5", "10")
RESIDENT_QUOTAS = ("10", "20", "50", "100")
_TIME = re.compile(r"^(?P<day>.*?)[\sT]*(?P<h>\d{1,2})(?:[:：点时](?P<m>\d{2})?分?)$")
LOCAL = "%Y-%m-%dT%H:%M"


def _teams(data: Data) -> list[list[Any]]:
    return list(data.get("teams", []))


def _team(data: Data) -> list[Any] | None:
    return next((t for t in _teams(data) if t[0] == data.get("team_id")), None)


async def categories(ctx: FlowContext, data: Data) -> list[Choice]:
    catalogue = await ctx.reference.catalogue()
    having = {t[1] for t in _teams(data)}
    return [
        Choice(c.code, c.name.pick(ctx.locale)) for c in catalogue.categories if c.code in having
    ]


async def teams(ctx: FlowContext, data: Data) -> list[Choice]:
    en = ctx.locale.startswith("en")
    return [
        Choice(str(t[0]), (t[4] if en and t[4] else t[3]))
        for t in _teams(data)
        if t[1] == data.get("category")
    ]


async def sites(ctx: FlowContext, data: Data) -> list[Choice]:
    team = _team(data)
    if team is None:
        return []
    home = await ctx.reference.site(int(team[2]))
    below = await ctx.reference.children(int(team[2]))
    return [Choice(str(s.id), s.name.pick(ctx.locale)) for s in ([home] if home else []) + below]


async def venue_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice("site", Text("activity-venue-site"))]


async def parse_venue(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind == "location" and answer.location:
        lat, lon = answer.location
        return {"lat": lat, "lon": lon}
    if answer.kind == "choice" and answer.value == "site":
        return {"lat": None, "lon": None}
    raise Invalid("activity-hint-venue")


def parse_moment(raw: str, today: Any) -> datetime | None:
    """ "12月5日 14:00", "2026-12-05 14:00", "12/5 9点": a local wall time."""
    found = _TIME.match(raw.strip())
    if found is None:
        return None
    day = parsers.parse_date(found["day"], today) if found["day"].strip() else today
    hour, minute = int(found["h"]), int(found["m"] or 0)
    if day is None or hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute)


async def parse_start(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    moment = parse_moment(answer.text, ctx.today) if answer.kind == "text" else None
    if moment is None:
        raise Invalid("activity-hint-start")
    if not ctx.today <= moment.date() <= ctx.today + timedelta(days=MAX_DAYS_AHEAD):
        raise Invalid("flow-hint-date-range", days=MAX_DAYS_AHEAD)
    return {"start": moment.strftime(LOCAL)}


async def length_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice(h, Text("activity-length-hours", {"hours": int(h)})) for h in LENGTHS]


async def parse_length(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    start = datetime.strptime(str(data["start"]), LOCAL)
    if answer.kind == "choice":
        return {"end": (start + timedelta(hours=int(answer.value))).strftime(LOCAL)}
    end = parse_moment(answer.text, start.date()) if answer.kind == "text" else None
    if end is None or not start < end <= start + timedelta(hours=24):
        raise Invalid("activity-hint-end")
    return {"end": end.strftime(LOCAL)}


def quota(field: str, values: tuple[str, ...]) -> tuple[Any, Any]:
    async def choices(ctx: FlowContext, data: Data) -> list[Choice]:
        return [Choice(v, v) for v in values]

    async def parse(ctx: FlowContext, data: Data, answer: Answer) -> Data:
        raw = answer.value if answer.kind == "choice" else answer.text.strip().rstrip("人名位")
        if not raw.isdigit() or int(raw) > QUOTA_MAX:
            raise Invalid("activity-hint-quota", max=QUOTA_MAX)
        return {field: int(raw)}

    return choices, parse


volunteer_choices, parse_volunteers = quota("volunteer_quota", VOLUNTEER_QUOTAS)
resident_choices, parse_residents = quota("resident_quota", RESIDENT_QUOTAS)


async def parse_residents_checked(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    changes = await parse_residents(ctx, data, answer)
    if changes["resident_quota"] + int(data.get("volunteer_quota", 0)) == 0:
        raise Invalid("activity-hint-nobody")
    return changes


async def visibility_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice(str(v), Text(f"activity-visibility-{v}")) for v in Visibility]


async def parse_poster(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind == "choice" and answer.value == SKIP:
        return {"poster": ""}
    if answer.kind == "photo" and answer.file_id:
        return {"poster": answer.file_id}
    raise Invalid("activity-hint-poster")


async def preview_args(ctx: FlowContext, data: Data) -> dict[str, Any]:
    catalogue = await ctx.reference.catalogue()
    category = next((c for c in catalogue.categories if c.code == data.get("category")), None)
    site = await ctx.reference.site(int(data.get("site_id", 0)))
    team = _team(data)
    en = ctx.locale.startswith("en")
    start, end = str(data.get("start", "")), str(data.get("end", ""))
    return {
        "title": " / ".join(t for t in (data.get("title"), data.get("title_en")) if t),
        "category": category.name.pick(ctx.locale) if category else "?",
        "team": (team[4] if en and team[4] else team[3]) if team else "-",
        "place": site.name.pick(ctx.locale) if site else "?",
        "pin": "yes" if data.get("lat") is not None else "no",
        # Neutral in both languages: the county's wall time as typed.
        "when": f"{start.replace('T', ' ')}–{end[11:]}" if start and end else "-",
        "volunteers": data.get("volunteer_quota", 0),
        "residents": data.get("resident_quota", 0),
        "visibility": data.get("visibility", ""),
        "poster": "yes" if data.get("poster") else "no",
    }


async def change_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice(step, Text(f"activity-change-{step}")) for step in CHANGEABLE]


CHANGEABLE = ("title", "category", "site", "start", "volunteers", "visibility", "poster")

ACTIVITY = Flow(
    name="activity",
    cancel_text="activity-cancelled",
    steps=(
        Step(
            "title",
            prompt="activity-ask-title",
            parse=parsers.text("title", max_len=TITLE_MAX, skippable=False),
            next="title_en",
        ),
        Step(
            "title_en",
            prompt="activity-ask-title-en",
            parse=parsers.text("title_en", max_len=TITLE_MAX),
            next="category",
            skip=True,
        ),
        Step(
            "category",
            prompt="activity-ask-category",
            choices=categories,
            parse=parsers.pick("category"),
            next="team",
            resumable=False,  # a new category needs its team
        ),
        Step(
            "team",
            prompt="activity-ask-team",
            choices=teams,
            parse=parsers.pick("team_id", int),
            next="site",
            columns=1,
            resumable=False,  # a new team may mean another site
        ),
        Step(
            "site",
            prompt="activity-ask-site",
            choices=sites,
            parse=parsers.pick("site_id", int),
            next="venue",
            columns=1,
            resumable=False,  # the venue follows the site
        ),
        Step(
            "venue",
            prompt="activity-ask-venue",
            choices=venue_choices,
            parse=parse_venue,
            next="start",
            request="location",
            columns=1,
        ),
        Step(
            "start",
            prompt="activity-ask-start",
            parse=parse_start,
            next="length",
            resumable=False,  # the end is asked again
        ),
        Step(
            "length",
            prompt="activity-ask-length",
            choices=length_choices,
            parse=parse_length,
            next="volunteers",
            columns=4,
        ),
        Step(
            "volunteers",
            prompt="activity-ask-volunteers",
            choices=volunteer_choices,
            parse=parse_volunteers,
            next="residents",
            columns=4,
            resumable=False,  # the residents' quota is asked with it
        ),
        Step(
            "residents",
            prompt="activity-ask-residents",
            choices=resident_choices,
            parse=parse_residents_checked,
            next="visibility",
            columns=4,
        ),
        Step(
            "visibility",
            prompt="activity-ask-visibility",
            choices=visibility_choices,
            parse=parsers.pick("visibility"),
            next="poster",
            columns=1,
        ),
        Step(
            "poster",
            prompt="activity-ask-poster",
            parse=parse_poster,
            next="preview",
            skip=True,
        ),
        *review_steps(
            "preview",
            prompt="activity-preview",
            prompt_args=preview_args,
            go=("publish", "activity-publish"),
            change="activity-change",
            parts=change_choices,
            parts_prompt="activity-ask-change",
        ),
    ),
)


# Postponing (or bringing forward): a new start, then its length or end.
#   start -> length -> done
MOVE = Flow(
    name="activity_move",
    cancel_text="activity-move-cancelled",
    steps=(
        Step("start", prompt="activity-ask-start", parse=parse_start, next="length"),
        Step(
            "length",
            prompt="activity-ask-length",
            choices=length_choices,
            parse=parse_length,
            next=END,
            columns=4,
        ),
    ),
)


def count(field: str) -> Any:
    async def parse(ctx: FlowContext, data: Data, answer: Answer) -> Data:
        if answer.kind == "choice" and answer.value == SKIP:
            return {field: 0}
        raw = answer.text.strip().rstrip("人名位")
        if answer.kind != "text" or not raw.isdigit() or int(raw) > QUOTA_MAX * 10:
            raise Invalid("activity-hint-count")
        return {field: int(raw)}

    return parse


async def parse_photo(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    if answer.kind == "choice" and answer.value == "done":
        return {"_done": True}
    if answer.kind == "photo" and answer.file_id:
        photos = [*data.get("photos", []), answer.file_id][:PHOTOS_MAX]
        return {"photos": photos, "_done": len(photos) >= PHOTOS_MAX}
    raise Invalid("activity-hint-photos")


async def photo_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice("done", Text("activity-photos-done"))]


async def photo_args(ctx: FlowContext, data: Data) -> dict[str, Any]:
    return {"count": len(data.get("photos", []))}


PHOTOS_MAX = 9
# After the event (结项): who benefited, by kind, a few words and photos.
#   elderly -> children -> others -> report -> photos (each photo, until Done) -> done
CLOSE = Flow(
    name="activity_close",
    cancel_text="activity-close-cancelled",
    steps=(
        Step(
            "elderly",
            prompt="activity-ask-elderly",
            parse=count("elderly"),
            next="children",
            skip=True,
        ),
        Step(
            "children",
            prompt="activity-ask-children",
            parse=count("children"),
            next="others",
            skip=True,
        ),
        Step(
            "others", prompt="activity-ask-others", parse=count("others"), next="report", skip=True
        ),
        Step(
            "report",
            prompt="activity-ask-report",
            parse=parsers.text("report", max_len=1000),
            next="photos",
            skip=True,
        ),
        Step(
            "photos",
            prompt="activity-ask-photos",
            prompt_args=photo_args,
            choices=photo_choices,
            parse=parse_photo,
            next=lambda d: END if d.get("_done") else "photos",
        ),
    ),
)


# Checking in by location: share where I am; the venue's radius decides.
#   where -> done
CHECK_IN = Flow(
    name="activity_checkin",
    cancel_text="activity-checkin-cancelled",
    steps=(
        Step(
            "where",
            prompt="activity-ask-here",
            parse=parsers.location("activity-hint-here"),
            next=END,
            request="location",
        ),
    ),
)


# Activities near me: share where I am; the upcoming ones are listed nearest first.
#   where -> done
NEARBY = Flow(
    name="activity_nearby",
    cancel_text="activity-near-cancelled",
    steps=(
        Step(
            "where",
            prompt="activity-ask-near",
            parse=parsers.location("activity-hint-near"),
            next=END,
            request="location",
        ),
    ),
)


async def edit_choices(ctx: FlowContext, data: Data) -> list[Choice]:
    return [Choice(what, Text(f"activity-edit-{what}")) for what in EDITABLE]


EDITABLE = ("title", "time", "venue", "team", "visibility", "places", "poster")
_EDIT_FIRST = {
    "title": "title",
    "time": "start",
    "venue": "site",
    "team": "category",
    "visibility": "visibility",
    "places": "volunteers",
    "poster": "poster",
}

# Editing a published activity. The handler starts it with the teams the coordinator
# may choose (`teams`, as for `/activity new`) and the activity's own `team_id`, so a
# new site is offered among its team's.
#   what -(title)-> title -> title_en -> done
#        -(time)-> start -> length -> done              (as 📅 Postpone)
#        -(venue)-> site -> venue -> done
#        -(team)-> category -> team -> site -> venue -> done
#        -(visibility)-> visibility -> done
#        -(places)-> volunteers -> residents -> done
#        -(poster)-> poster (a photo, or Skip: none) -> done
EDIT = Flow(
    name="activity_edit",
    cancel_text="activity-edit-cancelled",
    steps=(
        Step(
            "what",
            prompt="activity-ask-edit",
            choices=edit_choices,
            parse=parsers.pick("what"),
            next=lambda d: _EDIT_FIRST[str(d.get("what", "title"))],
            columns=2,
        ),
        Step(
            "title",
            prompt="activity-edit-ask-title",
            parse=parsers.text("title", max_len=TITLE_MAX, skippable=False),
            next="title_en",
        ),
        Step(
            "title_en",
            prompt="activity-ask-title-en",
            parse=parsers.text("title_en", max_len=TITLE_MAX),
            next=END,
            skip=True,
        ),
        Step("start", prompt="activity-ask-start", parse=parse_start, next="length"),
        Step(
            "length",
            prompt="activity-ask-length",
            choices=length_choices,
            parse=parse_length,
            next=END,
            columns=4,
        ),
        Step(
            "category",
            prompt="activity-ask-category",
            choices=categories,
            parse=parsers.pick("category"),
            next="team",
        ),
        Step(
            "team",
            prompt="activity-ask-team",
            choices=teams,
            parse=parsers.pick("team_id", int),
            next="site",
            columns=1,
        ),
        Step(
            "site",
            prompt="activity-ask-site",
            choices=sites,
            parse=parsers.pick("site_id", int),
            next="venue",
            columns=1,
        ),
        Step(
            "venue",
            prompt="activity-ask-venue",
            choices=venue_choices,
            parse=parse_venue,
            next=END,
            request="location",
            columns=1,
        ),
        Step(
            "visibility",
            prompt="activity-ask-visibility",
            choices=visibility_choices,
            parse=parsers.pick("visibility"),
            next=END,
            columns=1,
        ),
        Step(
            "volunteers",
            prompt="activity-ask-volunteers",
            choices=volunteer_choices,
            parse=parse_volunteers,
            next="residents",
            columns=4,
        ),
        Step(
            "residents",
            prompt="activity-ask-residents",
            choices=resident_choices,
            parse=parse_residents_checked,
            next=END,
            columns=4,
        ),
        Step(
            "poster",
            prompt="activity-edit-ask-poster",
            parse=parse_poster,
            next=END,
            skip=True,
        ),
    ),
)
