"""domain/lifecycle.py: the transition table, checked against a table written by hand."""

from __future__ import annotations

import itertools

import pytest

from domain.lifecycle import FINAL_STATUSES, Action, can, target
from domain.models import OrderStatus as S

# Written out from DESIGN.md, not derived from TRANSITIONS:
#     new -> offered -> accepted -> done -> rated
#       \________\__________\-> cancelled
#     offered --(nobody left)--> new (reopen)
#     accepted --(the volunteer gives it back, /release)--> new
#     done --(the resident says the visit did not happen)--> new
#     rated --(a complaint: done again by someone else, once)--> new (redo)
# Accept may also start from new: a coordinator assigns before any offer.
ALLOWED: dict[Action, set[S]] = {
    Action.OFFER: {S.NEW},
    Action.ACCEPT: {S.NEW, S.OFFERED},
    Action.FINISH: {S.ACCEPTED},
    Action.RATE: {S.DONE},
    Action.CANCEL: {S.NEW, S.OFFERED, S.ACCEPTED},
    Action.REOPEN: {S.OFFERED},
    Action.RELEASE: {S.ACCEPTED},
    Action.MISS: {S.DONE},
    Action.REDO: {S.RATED},
}

TARGETS: dict[Action, S] = {
    Action.OFFER: S.OFFERED,
    Action.ACCEPT: S.ACCEPTED,
    Action.FINISH: S.DONE,
    Action.RATE: S.RATED,
    Action.CANCEL: S.CANCELLED,
    Action.REOPEN: S.NEW,
    Action.RELEASE: S.NEW,
    Action.MISS: S.NEW,
    Action.REDO: S.NEW,
}


def test_expected_table_names_every_action() -> None:
    assert set(ALLOWED) == set(Action)
    assert set(TARGETS) == set(Action)


@pytest.mark.parametrize(("action", "status"), list(itertools.product(Action, S)))
def test_can_matches_hand_written_table(action: Action, status: S) -> None:
    assert can(action, status) is (status in ALLOWED[action])


@pytest.mark.parametrize("action", list(Action))
def test_target_matches_hand_written_table(action: Action) -> None:
    assert target(action) is TARGETS[action]


def test_final_statuses_are_rated_and_cancelled() -> None:
    assert {S.RATED, S.CANCELLED} == FINAL_STATUSES


@pytest.mark.parametrize(
    ("action", "status"), list(itertools.product(Action, sorted(FINAL_STATUSES)))
)
def test_final_status_allows_no_action(action: Action, status: S) -> None:
    # Only a complaint's redo (domain.complaints, once per order) leaves a rating.
    assert can(action, status) is (action is Action.REDO and status is S.RATED)
