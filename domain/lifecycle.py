"""The order lifecycle: which status may follow which, and who may move it.

    new -> offered -> accepted -> done -> rated
      \\________\\__________\\-> cancelled
    offered -> new (nobody left to ask); accepted -> new (the volunteer gives it back)
    done -> new (the resident says the visit did not happen)
    rated -> new (a complaint: done again by someone else, once; `domain.complaints`)

The table is the single source of truth; storage enforces it with a
compare-and-set (`UPDATE ... WHERE status IN (allowed_from)`), so a transition
that lost a race simply does not happen.
"""

from __future__ import annotations

from enum import StrEnum

from domain.models import OrderStatus

S = OrderStatus


class Action(StrEnum):
    OFFER = "offer"  # the center sends it to volunteers
    ACCEPT = "accept"  # a volunteer takes it (or a coordinator assigns it)
    FINISH = "finish"  # the volunteer marks it done
    RATE = "rate"  # the resident rates it
    CANCEL = "cancel"  # the resident or a coordinator calls it off
    REOPEN = "reopen"  # nobody left to offer it to: back to the coordinators' queue
    RELEASE = "release"  # the volunteer gives an accepted task back
    MISS = "miss"  # the resident says the visit did not happen: back to dispatch
    REDO = "redo"  # a complaint: the resident has it done again, by someone else (once)


# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[Action, tuple[frozenset[OrderStatus], OrderStatus]] = {
    Action.OFFER: (frozenset({S.NEW}), S.OFFERED),
    Action.ACCEPT: (frozenset({S.NEW, S.OFFERED}), S.ACCEPTED),
    Action.FINISH: (frozenset({S.ACCEPTED}), S.DONE),
    Action.RATE: (frozenset({S.DONE}), S.RATED),
    Action.CANCEL: (frozenset({S.NEW, S.OFFERED, S.ACCEPTED}), S.CANCELLED),
    Action.REOPEN: (frozenset({S.OFFERED}), S.NEW),
    Action.RELEASE: (frozenset({S.ACCEPTED}), S.NEW),
    Action.MISS: (frozenset({S.DONE}), S.NEW),
    Action.REDO: (frozenset({S.RATED}), S.NEW),
}

OPEN_STATUSES = frozenset({S.NEW, S.OFFERED, S.ACCEPTED})
PENDING_STATUSES = frozenset({S.NEW, S.OFFERED})
# Final but for a complaint's redo (`Action.REDO`, once per order).
FINAL_STATUSES = frozenset({S.RATED, S.CANCELLED})


def allowed_from(action: Action) -> frozenset[OrderStatus]:
    return TRANSITIONS[action][0]


def target(action: Action) -> OrderStatus:
    return TRANSITIONS[action][1]


def can(action: Action, status: OrderStatus) -> bool:
    return status in allowed_from(action)
