"""The flows: each file reads top to bottom like the conversation it runs."""

from conversations.flows.activities import ACTIVITY, CHECK_IN, CLOSE, EDIT, MOVE, NEARBY
from conversations.flows.applications import REJECT
from conversations.flows.broadcasts import BROADCAST
from conversations.flows.hours import HOURS
from conversations.flows.households import AWARD, DEDUCT
from conversations.flows.orders import ORDER
from conversations.flows.rate import RATE_COMMENT
from conversations.flows.visits import VISIT_NOTE, VISIT_TIME
from conversations.flows.wishes import WISH, WISH_APPROVE, WISH_REJECT
from conversations.model import Flow

ALL_FLOWS: tuple[Flow, ...] = (
    ORDER,
    RATE_COMMENT,
    HOURS,
    REJECT,
    VISIT_TIME,
    VISIT_NOTE,
    ACTIVITY,
    MOVE,
    EDIT,
    CLOSE,
    CHECK_IN,
    NEARBY,
    BROADCAST,
    AWARD,
    DEDUCT,
    WISH,
    WISH_APPROVE,
    WISH_REJECT,
)
