"""Voice orders: a voice message answers the order's free-text steps, and one sent
from the menu starts an order that asks only what buttons can say.

At `details` and `address` a voice message is taken as the answer (the typed field
stays empty) and its file id is added to the order's `voices`, kept with the order
when it is placed (`domain.voice`). A voice message outside any conversation starts
`ORDER` with `VOICE_STARTED`: category -> service -> where (-> station -> point) ->
confirm, for this week; the voice says the rest, and is played to the coordinators
and the volunteer. Nothing is transcribed: the order's meaning is its buttons.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conversations.model import Answer, Data, FlowContext, Parser, Step
from domain.when import WEEK, When

VOICES = "voices"  # [[step, file_id], ...] in the order said
VOICE_STARTED = "voice_started"  # the order began with a voice message on the menu
# The free-text steps a voice message may answer, and what the typed field becomes.
EMPTY: dict[str, Data] = {
    "details": {"details": ""},
    "address": {"address": "", "pin": None},
}
CHANGEABLE = ("category", "where")  # of a voice-started order


def started(data: Data) -> bool:
    return bool(data.get(VOICE_STARTED))


def voices(data: Data) -> list[tuple[str, str]]:
    return [(str(step), str(file_id)) for step, file_id in data.get(VOICES) or []]


def start_data(file_id: str, today: date) -> Data:
    """The data a voice message on the menu starts `ORDER` with."""
    return {
        VOICE_STARTED: True,
        VOICES: [["menu", file_id]],
        "details": "",
        "when": When.relative(WEEK, today).encode(),
        "part_said": True,  # no part of the day is asked
        "whom": "me",
    }


def or_voice(step: str, parse: Parser) -> Parser:
    """`parse`, but a voice message answers the step too."""

    async def parse_or_voice(ctx: FlowContext, data: Data, answer: Answer) -> Data:
        if answer.kind == "voice" and answer.file_id:
            said = [*(data.get(VOICES) or []), [step, answer.file_id]]
            return {**EMPTY[step], VOICES: said}
        return await parse(ctx, data, answer)

    return parse_or_voice


def accepting(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """`steps` with the free-text ones (`EMPTY`) also taking a voice message."""
    return tuple(
        replace(s, parse=or_voice(s.name, s.parse)) if s.name in EMPTY else s for s in steps
    )
