"""The visit's two typed answers: the volunteer's arrival time, and the note at done.

visit_time: time -(a time: 15:30, 下午3点, 明天 9点半)-> done
visit_note: note -(text | skip)-> done
"""

from __future__ import annotations

from conversations import parsers
from conversations.model import END, Answer, Data, Flow, FlowContext, Invalid, Step
from domain.visits import NOTE_MAX, parse_time


async def parse_arrival(ctx: FlowContext, data: Data, answer: Answer) -> Data:
    typed = parse_time(answer.text) if answer.kind == "text" else None
    if typed is None:
        raise Invalid("visit-time-hint")
    # Whether it lies ahead is the desk's to say, with the clock, when it is stored.
    return {"minutes": typed.minutes, "day": typed.day}


VISIT_TIME = Flow(
    name="visit_time",
    cancel_text="visit-time-cancelled",
    steps=(Step("time", prompt="visit-time-ask", parse=parse_arrival, next=END),),
)

VISIT_NOTE = Flow(
    name="visit_note",
    cancel_text="visit-note-cancelled",
    steps=(
        Step(
            "note",
            prompt="visit-note-ask",
            parse=parsers.text("note", max_len=NOTE_MAX),
            next=END,
            skip=True,
        ),
    ),
)
