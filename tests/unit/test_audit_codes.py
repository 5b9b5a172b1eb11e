"""The audit trail, pure: its button's codec, and words for every action code."""

from __future__ import annotations

import pytest

from domain.audit import AuditAction
from handlers.audit import WHAT, AuditPress
from handlers.kit.presses import pack, unpack
from tests.translator import shared_translator

BIG = 2**63 - 1
TR = shared_translator()


@pytest.mark.parametrize("press", [AuditPress(0, 5), AuditPress(11, 42), AuditPress(BIG, BIG)])
def test_the_older_entries_button_round_trips_within_64_bytes(press: AuditPress) -> None:
    data = pack(press)
    assert len(data.encode()) <= 64
    assert unpack(data) == press


@pytest.mark.parametrize("data", ["au:", "au:1", "au:x:1", "au:1:y", "au:1:2:3"])
def test_malformed_older_entries_data_unpacks_to_none(data: str) -> None:
    assert unpack(data) is None


@pytest.mark.parametrize("action", list(AuditAction))
def test_every_audit_action_has_words_in_both_languages(action: AuditAction) -> None:
    assert TR.has(WHAT[action])


def test_audit_action_codes_fit_the_column() -> None:
    assert max(len(action.value) for action in AuditAction) <= 32
